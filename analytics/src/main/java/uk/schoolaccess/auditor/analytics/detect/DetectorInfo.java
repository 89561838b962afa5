package uk.schoolaccess.auditor.analytics.detect;

import java.util.List;

/**
 * What a detector checks, as a reviewer reads it: its id (AUP-CLAUSES.md), the clauses, how
 * severity is decided, its thresholds with defaults (overridable in auditor.yaml under
 * {@code detectors.<id>}), and the benign look-alikes it is built not to flag.
 */
public record DetectorInfo(String id, String title, List<String> clauses, String severityRule,
                           List<Threshold> thresholds, List<String> benignLookAlikes) {

    /** A tunable number with its default and what it means. */
    public record Threshold(String name, double defaultValue, String meaning) {
    }

    public double defaultOf(String name) {
        return thresholds.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(id + " has no threshold '" + name + "'"))
                .defaultValue();
    }
}
