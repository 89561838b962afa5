package uk.schoolaccess.auditor.analytics.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.explain.Explanations;

/**
 * What an audit found: every finding, a count per detector, how many were new, and coverage; when
 * saved, how many withdrawn findings it produced again (re-opened) and how many it withdrew.
 */
public record AuditResult(AuditPeriod period, List<Finding> findings, Map<String, Integer> perDetector, int newFindings,
                          Explanations.Coverage coverage, Duration elapsed, int reopened, int withdrawn) {

    /** A result not saved to a store: nothing re-opened or withdrawn. */
    public AuditResult(AuditPeriod period, List<Finding> findings, Map<String, Integer> perDetector, int newFindings,
                       Explanations.Coverage coverage, Duration elapsed) {
        this(period, findings, perDetector, newFindings, coverage, elapsed, 0, 0);
    }

    /** Without the given findings (those a purge deleted, which saving left out), each detector's count to match. */
    public AuditResult without(java.util.Set<String> findingIds) {
        if (findingIds.isEmpty()) {
            return this;
        }
        Map<String, Integer> counts = new java.util.LinkedHashMap<>(perDetector);
        List<Finding> kept = new java.util.ArrayList<>();
        for (Finding f : findings) {
            if (findingIds.contains(f.findingId())) {
                counts.computeIfPresent(f.detector(), (d, n) -> n - 1);
            } else {
                kept.add(f);
            }
        }
        return new AuditResult(period, kept, counts, newFindings, coverage, elapsed, reopened, withdrawn);
    }
}
