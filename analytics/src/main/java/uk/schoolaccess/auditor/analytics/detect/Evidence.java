package uk.schoolaccess.auditor.analytics.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a finding exists: the events behind it (event ids, so each can be traced to file:line),
 * the baseline it was judged against, and detector-specific facts (which relationships were
 * looked for, the distance between two sign-ins, ...). Stored as JSON in findings.evidence.
 */
public record Evidence(List<String> events, Baseline baseline, Map<String, Object> facts) {

    public Evidence {
        events = List.copyOf(events);
        facts = facts == null ? Map.of() : new LinkedHashMap<>(facts);
    }

    /**
     * The yardstick: the window it covered, the peer group, the statistic used, the value
     * observed, and the threshold it crossed. Null for rule-based findings with no statistics.
     */
    public record Baseline(String window, String peerGroup, String statistic, double value, double threshold,
                           Map<String, Object> details) {
    }
}
