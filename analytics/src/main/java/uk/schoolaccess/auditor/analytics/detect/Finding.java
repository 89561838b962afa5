package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;

/**
 * One thing a person should review, in the columns of docs/findings.md. Its id is a stable hash
 * of the detector and its key evidence, so re-running an audit finds the same finding again
 * (keeping its triage status) rather than adding a copy. {@code schoolId}: the school it was found at
 * (null when the store does not say).
 */
public record Finding(String findingId, String detector, String staffId, String account, String subject,
                      Instant firstSeen, Instant lastSeen, Severity severity, double score, String aupClause,
                      String summary, Evidence evidence, String schoolId) {

    /** A finding not yet assigned to a school (the audit assigns it). */
    public Finding(String findingId, String detector, String staffId, String account, String subject, Instant firstSeen,
                   Instant lastSeen, Severity severity, double score, String aupClause, String summary, Evidence evidence) {
        this(findingId, detector, staffId, account, subject, firstSeen, lastSeen, severity, score, aupClause, summary,
                evidence, null);
    }

    /** The same finding at a school (a trust audits many; the school is not part of the id). */
    public Finding withSchool(String school) {
        return new Finding(findingId, detector, staffId, account, subject, firstSeen, lastSeen, severity, score,
                aupClause, summary, evidence, school);
    }

    public int evidenceCount() {
        return evidence.events().size();
    }
}
