package uk.schoolaccess.auditor.analytics.findings;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * Findings as a JSON array: the CSV's columns plus the full evidence, for tools. Times are
 * ISO-8601 UTC; given the school's zone, each also has a {@code _local} twin with its offset.
 */
public final class FindingsJson {

    private FindingsJson() {
    }

    public static void write(List<Finding> findings, Writer out) throws IOException {
        write(findings, out, null);
    }

    public static void write(List<Finding> findings, Writer out, java.time.ZoneId zone) throws IOException {
        java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("finding_id", f.findingId());
            m.put("school_id", f.schoolId());
            m.put("detector", f.detector());
            m.put("staff_id", f.staffId());
            m.put("account", f.account());
            m.put("subject", f.subject());
            m.put("first_seen", FindingsCsv.utc(f.firstSeen()));
            m.put("last_seen", FindingsCsv.utc(f.lastSeen()));
            if (zone != null) {
                m.put("first_seen_local", local.format(f.firstSeen().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .atZone(zone)));
                m.put("last_seen_local", local.format(f.lastSeen().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .atZone(zone)));
            }
            m.put("severity", f.severity().label());
            m.put("score", f.score());
            m.put("aup_clause", f.aupClause());
            m.put("summary", f.summary());
            m.put("evidence_count", f.evidenceCount());
            m.put("evidence", f.evidence());
            rows.add(m);
        }
        EvidenceJson.JSON.writerWithDefaultPrettyPrinter().writeValue(out, rows);
    }
}
