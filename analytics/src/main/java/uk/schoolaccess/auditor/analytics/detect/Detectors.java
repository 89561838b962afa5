package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;

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

    /**
     * Runs the detectors in order over one audit's context, handing each one's findings on. What
     * several detectors read alike (each person's first event, for their learning periods) is read
     * once for the run.
     */
    public static void run(AuditContext context, List<Detector> detectors, BiConsumer<Detector, List<Finding>> found) {
        run(context, detectors, new SharedReads(), found);
    }

    /**
     * The same, for one part of an audit's detectors: the parts of one audit, run on two
     * connections at once, pass the same {@code shared} so what they read alike is read once.
     */
    public static void run(AuditContext context, List<Detector> detectors, SharedReads shared,
                           BiConsumer<Detector, List<Finding>> found) {
        LearningPeriod.SHARED.set(shared.firstMoments);
        try {
            for (Detector d : detectors) {
                found.accept(d, d.detect(context));
            }
        } finally {
            LearningPeriod.SHARED.remove();
        }
    }

    /** What one audit's detectors read alike (each person's first event), whichever thread reads it first. */
    public static final class SharedReads {
        final AtomicReference<Map<String, Instant>> firstMoments = new AtomicReference<>();
    }

    public static Optional<Detector> byId(String id) {
        return all().stream().filter(d -> d.info().id().equals(id)).findFirst();
    }
}
