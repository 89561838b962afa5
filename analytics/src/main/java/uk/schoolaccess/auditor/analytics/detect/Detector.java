package uk.schoolaccess.auditor.analytics.detect;

import java.util.List;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;

/**
 * One check of one promise in the Acceptable Use Policy. Each detector is one class with its
 * SQL beside it ({@code detectors/<id>.sql}), its metadata in {@link #info()}, and one fixture
 * test; all are listed in {@link Detectors}.
 */
public interface Detector {

    DetectorInfo info();

    /** Findings for the audit period, each with its evidence and the baseline it was judged by. */
    List<Finding> detect(AuditContext context);
}
