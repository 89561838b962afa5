package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;

/**
 * One thing a person should review, in the columns of docs/findings.md. Its id is a stable hash
 * of the detector and its key evidence, so re-running an audit finds the same finding again
 * (keeping its triage status) rather than adding a copy.
 */
public record Finding(String findingId, String detector, String staffId, String account, String subject,
                      Instant firstSeen, Instant lastSeen, Severity severity, double score, String aupClause,
                      String summary, Evidence evidence) {

    public int evidenceCount() {
        return evidence.events().size();
    }
}
