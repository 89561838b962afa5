package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The rows an ingest could not read, for the IT person who fixes the export: per file loaded, how
 * many, for which reasons, on which lines; one file's rows in full with --file. The raw text of a
 * row can hold pupils' names, so it is shown only when asked for (--raw).
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"List the rows ingests could not read (quarantined), per file loaded: how many, the reasons "
                + "and the first lines of each, newest load first, so the export can be fixed and loaded again. "
                + "Quarantined rows are kept for retention.quarantine (90 days by default), then purged.", ""})
final class QuarantineCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--file", paramLabel = "TEXT", description = "Only loads whose file path contains TEXT, every "
            + "row listed with its line and reason.")
    String file;

    @Option(names = "--raw", description = "With --file, also print each row's text as it was in the export. It can "
            + "hold pupils' names: keep the output private.")
    boolean raw;

    @Option(names = "--loads", paramLabel = "N", defaultValue = "20", description = "List at most N loads "
            + "(default: ${DEFAULT-VALUE}).")
    int loads;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private record Load(long batch, String path, LocalDateTime loaded, long rows) {
    }

    @Override
    public Integer call() throws Exception {
        if (loads < 1) {
            throw new IllegalArgumentException("--loads must be 1 or more (was " + loads + ")");
        }
        if (raw && file == null) {
            throw new IllegalArgumentException("--raw needs --file: the raw text of one export's rows, not of every file");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = store.openExisting()) {
            SchoolTime time = new SchoolTime(IngestSettings.from(store.configFile()).zoneOf(null));
            List<Load> found = loads(s);
            long total = found.stream().mapToLong(Load::rows).sum();
            if (found.isEmpty()) {
                out.println(file == null ? "No quarantined rows: every row loaded so far was read."
                        : "No quarantined rows from a file whose path contains '" + file + "'.");
                return AuditorMain.OK;
            }
            out.println(time.note());
            out.printf(Locale.UK, "Quarantined rows: %,d from %,d load(s)%s.%n", total, found.size(),
                    file == null ? "" : " of files whose path contains '" + file + "'");
            for (Load l : found.subList(0, Math.min(loads, found.size()))) {
                out.printf(Locale.UK, "%s (loaded %s, batch %d): %,d row(s)%n", l.path(), time.format(l.loaded()),
                        l.batch(), l.rows());
                if (file == null) {
                    reasons(s, l, out);
                } else {
                    rows(s, l, out);
                }
            }
            if (found.size() > loads) {
                out.printf(Locale.UK, "... and %,d older load(s) (--loads N lists more).%n", found.size() - loads);
            }
            out.println("Fix the export and load it again: rows already stored are skipped, the fixed ones added.");
            return AuditorMain.OK;
        }
    }

    private List<Load> loads(Store s) throws SQLException {
        String sql = "SELECT q.batch_id, q.path, min(b.started_at), count(*) FROM quarantine q "
                + "LEFT JOIN ingest_batches b ON b.batch_id = q.batch_id "
                + (file == null ? "" : "WHERE strpos(q.path, ?) > 0 ")
                + "GROUP BY q.batch_id, q.path ORDER BY q.batch_id DESC";
        List<Load> found = new ArrayList<>();
        try (PreparedStatement ps = s.connection().prepareStatement(sql)) {
            if (file != null) {
                ps.setString(1, file);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Load(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDateTime.class), rs.getLong(4)));
                }
            }
        }
        return found;
    }

    /** Each reason with its count and first five lines. */
    private static void reasons(Store s, Load l, PrintWriter out) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT reason, count(*), "
                + "list(line_no ORDER BY line_no)[1:5] FROM quarantine WHERE batch_id = ? GROUP BY reason "
                + "ORDER BY count(*) DESC, reason")) {
            ps.setLong(1, l.batch());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(2);
                    String lines = rs.getString(3).replaceAll("[\\[\\]]", "");
                    out.printf(Locale.UK, "  %,d x %s (line%s %s%s)%n", n, rs.getString(1), n == 1 ? "" : "s", lines,
                            n > 5 ? ", ..." : "");
                }
            }
        }
    }

    private void rows(Store s, Load l, PrintWriter out) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement(
                "SELECT line_no, reason, raw FROM quarantine WHERE batch_id = ? ORDER BY line_no")) {
            ps.setLong(1, l.batch());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.printf(Locale.UK, "  line %d: %s%n", rs.getLong(1), rs.getString(2));
                    if (raw) {
                        out.printf(Locale.UK, "    %s%n", rs.getString(3) == null ? "(no text kept)" : rs.getString(3));
                    }
                }
            }
        }
    }
}
