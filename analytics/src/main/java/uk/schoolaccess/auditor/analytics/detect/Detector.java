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

    /**
     * True when the detector reads the explanations ({@code access_explained} and the tables
     * built with it). On DuckDB an audit runs the others on a second connection while the
     * explanations are built, where only the sessions are built for them: a detector that reads
     * the explanations without saying so fails there, never quietly.
     */
    default boolean readsExplanations() {
        return false;
    }
}
