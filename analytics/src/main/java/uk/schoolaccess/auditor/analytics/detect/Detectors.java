package uk.schoolaccess.auditor.analytics.detect;

import java.util.List;
import java.util.Optional;

/** Every detector, listed here by hand: the one place a detector is registered. */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector> all() {
        return List.of(
                new SharedCredentialsDetector(),
                new LeaverAccountDetector(),
                new StalePrivilegedPasswordDetector(),
                new MissingLogoutDetector(),
                new NonMfaSessionDetector(),
                new OutOfRoleAccessDetector(),
                new UnapprovedAccessPathDetector(),
                new BulkExportDetector());
    }

    public static Optional<Detector> byId(String id) {
        return all().stream().filter(d -> d.info().id().equals(id)).findFirst();
    }
}
