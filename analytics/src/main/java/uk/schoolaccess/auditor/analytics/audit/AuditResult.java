package uk.schoolaccess.auditor.analytics.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.explain.Explanations;

/** What an audit found: every finding, a count per detector, how many were new, and coverage. */
public record AuditResult(AuditPeriod period, List<Finding> findings, Map<String, Integer> perDetector, int newFindings,
                          Explanations.Coverage coverage, Duration elapsed) {
}
