package uk.schoolaccess.auditor.analytics.detect;

import java.util.Locale;

/** How soon a person should look: high findings also go to the DSL/DPO straight away (REP-1). */
public enum Severity {
    LOW, MEDIUM, HIGH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Severity atLeast(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Severity raised() {
        return this == LOW ? MEDIUM : HIGH;
    }
}
