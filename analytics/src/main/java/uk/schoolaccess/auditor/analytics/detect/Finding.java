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

    /**
     * The same finding at a school. The school becomes part of the id, because two schools of a
     * trust can share staff ids (and so the same detector key); a store written before this
     * moved its ids the same way (migration V005).
     */
    public Finding withSchool(String school) {
        if (school == null || school.equals(schoolId)) {
            return this;
        }
        if (schoolId != null) {
            throw new IllegalStateException("finding " + findingId + " is already at school " + schoolId);
        }
        return new Finding(FindingIds.of(findingId, school), detector, staffId, account, subject, firstSeen, lastSeen,
                severity, score, aupClause, summary, evidence, school);
    }

    public int evidenceCount() {
        return evidence.events().size();
    }
}
