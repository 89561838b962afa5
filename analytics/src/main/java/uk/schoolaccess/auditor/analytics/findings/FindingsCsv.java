package uk.schoolaccess.auditor.analytics.findings;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * The findings CSV of the CLI contract (docs/cli.md): exactly these columns in this order, times
 * ISO-8601 UTC with Z. Outside benchmarks and scripts rely on it; change it never.
 */
public final class FindingsCsv {

    public static final List<String> COLUMNS = List.of("finding_id", "detector", "staff_id", "account", "subject",
            "first_seen", "last_seen", "severity", "score", "aup_clause", "summary", "evidence_count");

    private FindingsCsv() {
    }

    public static void write(List<Finding> findings, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        try (SequenceWriter w = new CsvMapper().writer(schema.build()).writeValues(out)) {
            for (Finding f : findings) {
                w.write(List.of(f.findingId(), f.detector(), nz(f.staffId()), nz(f.account()), nz(f.subject()),
                        utc(f.firstSeen()), utc(f.lastSeen()), f.severity().label(),
                        String.format(Locale.ROOT, "%.6f", f.score()), f.aupClause(), f.summary(),
                        Integer.toString(f.evidenceCount())));
            }
        }
    }

    static String utc(java.time.Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
