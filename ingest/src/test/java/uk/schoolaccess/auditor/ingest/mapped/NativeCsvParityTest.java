package uk.schoolaccess.auditor.ingest.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.csv.PlainCsv;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.NativeCsvStage;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A mapped audit CSV read by DuckDB and mapped in SQL (MappedCsvSql) stores exactly what the
 * Java reader stores: every event, quarantine row (line, raw text, reason), batch record and
 * summary count, on realistic files (the generated sample school's SIMS and CPOMS weeks) and on
 * small files holding what goes wrong in real exports: unknown actions and areas, impossible
 * dates, quoted commas and quotes, padded values, times outside the plausible window, unknown
 * accounts, missing values, the spring gap, the autumn's repeated hour in both file orders.
 */
class NativeCsvParityTest {

    private static final String HEADER = "Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records";

    /** SIMS rows with every kind of rejection the mapping makes, all on a "plain" file. */
    private static final List<String> AWKWARD = List.of(HEADER,
            "14/09/2026,08:41,ACarter,NFS-RM12-PC03,System,Login,,,",
            "14/09/2026,08:45,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00101,1",
            "14/09/2026,08:46,ACarter,\"NFS-RM12, PC03\",\"Student Details\",View,Student,P00102,1",
            "14/09/2026,08:47,ACarter,NFS-RM12-PC03,Student Details,Peek,Student,P00101,1",
            "31/09/2026,08:48,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00103,1",
            "14/09/1999,08:49,ACarter,NFS-RM12-PC03,Attendance,View,Student,P00103,1",
            "14/09/2026,08:50,ZUnknown,NFS-RM12-PC09,Medical,View,Student,P00104,1",
            "14/09/2026,08:51,, NFS,Medical,View,Student,P00104,1",
            " 14/09/2026 ,08:52 ,ACarter , NFS-RM12-PC03 , Lunch  Menu , View ,Pupil, P00105 , 2",
            "14/09/2026,08:53,ACarter,NFS-RM12-PC03,Behaviour,View,Incident,104233,x",
            "14/09/2026,,ACarter,NFS-RM12-PC03,Behaviour,View,Incident,104233,1",
            "14/09/2026,08:54,ACarter,NFS-RM12-PC03,Behaviour,,Incident,104233,1",
            "14/09/2026,08:55,ACarter,NFS-RM12-PC03,Behaviour,Print,Incident,104233,1",
            "14/09/2026,08:55,ACarter,NFS-RM12-PC03,Behaviour,Print,Incident,104233,1",
            "14/09/2026,08:56,acarter,NFS-RM12-PC03,\"Student \"\"Details\"\"\",Search,Other,X1,",
            "29/03/2026,01:30,BDunn,NFS-RM01-PC01,Attendance,View,Student,P00106,1",
            "14/09/2026,8:57,BDunn,NFS-RM01-PC01,Attendance,View,Student,P00106,1",
            "25/10/2026,00:50,CEvans,NFS-LT-0003,Student Details,View,Student,P00202,1",
            "25/10/2026,01:30,CEvans,NFS-LT-0003,Student Details,View,Student,P00202,1",
            "25/10/2026,01:45,CEvans,NFS-LT-0003,Behaviour,Peek,Student,P00202,1",
            "25/10/2026,01:10,CEvans,NFS-LT-0003,Medical,View,Student,P00202,1",
            "25/10/2026,01:30,CEvans,NFS-LT-0003,Student Details,View,Student,P00202,1",
            "25/10/2026,02:05,CEvans,NFS-LT-0003,Contacts,View,Student,P00202,1",
            "25/10/2026,02:20,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "25/10/2026,01:40,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "25/10/2026,01:35,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "25/10/2026,01:05,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "25/10/2026,01:50,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "25/10/2026,00:55,BDunn,NFS-RM01-PC01,Medical,View,Student,P00106,1",
            "14/09/2026,09:05,ACarter,NFS-RM12-PC03,System,Logout,,,",
            "14/09/2026,09:06,ACarter,NFS-RM12-PC03,System,Login Failed,,,",
            "14/09/2026,09:07,NoSuchUser,NFS-RM12-PC03,System,Login,,,");

    /** Record-access rows: a system column, ISO times with and without offsets, a yes/no column. */
    private static final List<String> NEUTRAL = List.of(
            "Timestamp,System,User,Action,Area,Pupil_ID,Incident_ID,Row_Count,Workstation,IP,Session_ID,MFA",
            "2026-09-14T07:58:00Z,arbor,a.carter@northfield.sch.uk,login,,,,,,203.0.113.10,s-1,yes",
            "2026-09-14T08:01:00+01:00,arbor,a.carter@northfield.sch.uk,view,Student Details,P00101,,1,,203.0.113.10,s-1,",
            "2026-09-14 08:02:00,Arbor,a.carter@northfield.sch.uk,view,Attendance,P00102,,2,,,s-1,",
            "2026-09-14T08:03:00,arbr,a.carter@northfield.sch.uk,view,Attendance,P00102,,2,,,s-1,",
            "2026-09-14T08:04:00,,a.carter@northfield.sch.uk,view,Attendance,P00102,,2,,,s-1,",
            "2026-09-14T08:05:00,cpoms,c.evans@northfield.sch.uk,login,,,,,,,s-2,perhaps",
            "2026-09-14T08:06:00,cpoms,c.evans@northfield.sch.uk,login_failed,,,,,,,s-2,N",
            "2026-10-25T01:30:00,cpoms,c.evans@northfield.sch.uk,view,Incident,,104233,,,,s-2,",
            "2026-10-25T01:20:00,cpoms,c.evans@northfield.sch.uk,view,Incident,,104233,,,,s-2,",
            "2026-10-25T01:30:00,sims,c.evans@northfield.sch.uk,view,Incident,,104233,,,,s-2,",
            "9999-01-01T00:00:00Z,sims,c.evans@northfield.sch.uk,view,Incident,,104233,,,,s-2,",
            "yesterday,sims,c.evans@northfield.sch.uk,view,Incident,,104233,,,,s-2,");

    @TempDir
    Path dir;

    @AfterEach
    void javaAgain() {
        System.clearProperty("auditor.duckdbCsv");
    }

    @Test
    void awkward_sims_rows_are_stored_and_quarantined_exactly_as_the_java_reader_does() throws IOException {
        Path file = write("sims-awkward.csv", AWKWARD, "\n", false);
        assertPlain(file, true);
        Compared c = compare(Readers.builtIn(), file);
        assertTrue(c.quarantined() >= 10, "rows quarantined: " + c.quarantined());
        assertTrue(c.ambiguous() >= 6, "repeated-hour rows: " + c.ambiguous());
    }

    @Test
    void the_same_rows_with_windows_line_endings_and_a_byte_order_mark_too() throws IOException {
        Path file = write("sims-awkward-crlf.csv", AWKWARD, "\r\n", true);
        assertPlain(file, true);
        compare(Readers.builtIn(), file);
    }

    @Test
    void a_profile_without_passthrough_quarantines_unknown_areas_the_same_way() throws IOException {
        Path yaml = dir.resolve("strict.yaml");
        try (InputStream in = MappedCsvSql.class.getResourceAsStream("/profiles/sims.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("format: sims", "format: sims-strict").replace("passthrough: true", "passthrough: false");
            Files.writeString(yaml, text);
        }
        Path file = write("sims-awkward-strict.csv", AWKWARD, "\n", false);
        Compared c = compare(Readers.with(List.of(Profiles.load(yaml))), file);
        assertTrue(c.quarantined() >= 11, "the unknown module is quarantined too: " + c.quarantined());
    }

    @Test
    void record_access_rows_with_a_system_column_and_iso_times_the_same_way() throws IOException {
        Path file = write("neutral.csv", NEUTRAL, "\n", false);
        assertPlain(file, true);
        compare(Readers.builtIn(), file, Fixtures.path("neutral/record-access.csv"));
    }

    @Test
    void the_sample_school_s_sims_and_cpoms_weeks_and_the_fixtures_the_same_way() throws IOException {
        Path sims = gunzip(sample("mis/sims-audit-week-01.csv.gz"), "sims-audit-week-01.csv");
        assertPlain(sims, true);
        Compared c = compare(Readers.builtIn(), sims, sample("cpoms/cpoms-audit-week-01.csv"),
                Fixtures.path("mis/sims-audit-week-01.csv"), Fixtures.path("mis/sims-autumn-clock-change.csv"),
                Fixtures.path("mis/sims-spring-clock-change.csv"), Fixtures.path("mis/sims-audit-damaged.csv"),
                Fixtures.path("cpoms/cpoms-audit-week-01.csv"));
        assertTrue(c.rows() > 10_000, "a week of SIMS: " + c.rows());
    }

    @Test
    void files_that_are_not_plain_are_left_to_the_java_reader() throws IOException {
        List<String> blank = new ArrayList<>(AWKWARD);
        blank.add(3, "");
        assertPlain(write("blank-line.csv", blank, "\n", false), false);
        List<String> stray = new ArrayList<>(AWKWARD);
        stray.add(3, "14/09/2026,08:46,ACarter,NFS\"RM12,Attendance,View,Student,P00102,1");
        assertPlain(write("stray-quote.csv", stray, "\n", false), false);
        List<String> open = new ArrayList<>(AWKWARD);
        open.add(3, "14/09/2026,08:46,ACarter,\"NFS-RM12,Attendance,View,Student,P00102,1");
        assertPlain(write("open-quote.csv", open, "\n", false), false);
        List<String> shortRow = new ArrayList<>(AWKWARD);
        shortRow.add(3, "14/09/2026,08:46,ACarter");
        assertPlain(write("short-row.csv", shortRow, "\n", false), false);
        Path latin = dir.resolve("latin1.csv");
        Files.write(latin, (String.join("\n", AWKWARD) + "\n14/09/2026,09:10,ACarter,Caf\u00e9,System,Logout,,,\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertPlain(latin, false);
        Path mixed = dir.resolve("mixed-endings.csv");
        Files.writeString(mixed, String.join("\n", AWKWARD.subList(0, 3)) + "\r\n" + AWKWARD.get(3) + "\n");
        assertPlain(mixed, false);
        // and they still load the same either way
        compare(Readers.builtIn(), dir.resolve("blank-line.csv"), dir.resolve("stray-quote.csv"),
                dir.resolve("open-quote.csv"), dir.resolve("short-row.csv"), latin, mixed);
    }

    // ---- the comparison ------------------------------------------------------------------------

    record Compared(long rows, long quarantined, long ambiguous) {
    }

    /** Loads the staff roster and then the files into two stores, the Java way and DuckDB's, and compares them. */
    private Compared compare(Readers readers, Path... files) throws IOException {
        List<BatchResult> java;
        List<BatchResult> duck;
        List<List<String>> javaTables;
        List<List<String>> duckTables;
        System.clearProperty("auditor.duckdbCsv");
        assertFalse(NativeCsvStage.enabled(), "the Java reader unless DuckDB's is asked for");
        try (Store a = Store.open(dir.resolve("java.duckdb"))) {
            java = load(a, readers, files);
            javaTables = tables(a);
            assertEquals(0, load(a, readers, files).stream().mapToLong(BatchResult::added).sum(), "re-read adds nothing");
        }
        System.setProperty("auditor.duckdbCsv", "true");
        assertTrue(NativeCsvStage.enabled());
        long plain = 0;
        for (Path f : files) {
            plain += PlainCsv.check(SourceFile.of(f), IngestSettings.Limits.DEFAULTS.maxRecordChars()).isPresent() ? 1 : 0;
        }
        try (Store b = Store.open(dir.resolve("duckdb.duckdb"))) {
            long before = NativeCsvStage.filesStaged();
            duck = load(b, readers, files);
            assertEquals(plain, NativeCsvStage.filesStaged() - before, "plain files read by DuckDB");
            duckTables = tables(b);
            assertEquals(0, load(b, readers, files).stream().mapToLong(BatchResult::added).sum(), "re-read adds nothing");
            assertEquals(0, scalar(b, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '\\_native\\_%' "
                    + "ESCAPE '\\'"), "no temporary table left behind");
        }
        assertEquals(java.size(), duck.size());
        for (int i = 0; i < java.size(); i++) {
            assertEquals(summary(java.get(i)), summary(duck.get(i)), "summary of " + java.get(i).path());
        }
        for (int i = 0; i < javaTables.size(); i++) {
            assertEquals(javaTables.get(i), duckTables.get(i), "table " + TABLES.get(i));
        }
        long rows = duck.stream().mapToLong(BatchResult::rowsRead).sum();
        return new Compared(rows, duck.stream().mapToLong(BatchResult::quarantined).sum(),
                duck.stream().mapToLong(BatchResult::ambiguousTimes).sum());
    }

    private static List<BatchResult> load(Store store, Readers readers, Path... files) throws IOException {
        Fixtures.Recorder heard = new Fixtures.Recorder();
        List<Path> all = new ArrayList<>();
        all.add(Fixtures.path("roster/staff.csv"));
        all.addAll(List.of(files));
        IngestSummary s = new Ingestor(store, readers, new ReadContext(IngestSettings.defaults()), heard).run(all, null);
        assertTrue(heard.failed.isEmpty(), heard.failed.toString());
        return s.batches();
    }

    /** Everything a summary line and the batch report say, but how long it took. */
    private static String summary(BatchResult r) {
        return List.of(r.path(), r.format(), r.rowsRead(), r.added(), r.duplicates(), r.updated(), r.ignored(),
                r.quarantined(), r.ambiguousTimes(), r.implausibleTimes(), r.unresolvedAccounts(),
                r.quarantinePreview()).toString();
    }

    private static final List<String> TABLES = List.of(
            "SELECT * FROM record_access", "SELECT * FROM logon_events", "SELECT * FROM signins",
            "SELECT * FROM quarantine", "SELECT * EXCLUDE (started_at, finished_at) FROM ingest_batches",
            "SELECT * FROM event_totals");

    /** Each table's rows as text, sorted: equal lists are equal multisets (EXCEPT ALL both ways empty). */
    private static List<List<String>> tables(Store store) {
        List<List<String>> out = new ArrayList<>();
        for (String sql : TABLES) {
            List<String> rows = new ArrayList<>();
            try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        b.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append('|');
                    }
                    rows.add(b.toString());
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
            Collections.sort(rows);
            out.add(rows);
        }
        return out;
    }

    private static long scalar(Store store, String sql) {
        return ((Number) Fixtures.rows(store, sql).get(0).get(0)).longValue();
    }

    private void assertPlain(Path file, boolean plain) throws IOException {
        var checked = PlainCsv.check(SourceFile.of(file), IngestSettings.Limits.DEFAULTS.maxRecordChars());
        if (plain) {
            assertTrue(checked.isPresent(), file + " should be read by DuckDB");
        } else {
            assertFalse(checked.isPresent(), file + " should be left to the Java reader");
        }
    }

    private Path write(String name, List<String> lines, String ending, boolean bom) throws IOException {
        Path p = dir.resolve(name);
        byte[] text = (String.join(ending, lines) + ending).getBytes(StandardCharsets.UTF_8);
        byte[] out = text;
        if (bom) {
            out = new byte[text.length + 3];
            out[0] = (byte) 0xEF;
            out[1] = (byte) 0xBB;
            out[2] = (byte) 0xBF;
            System.arraycopy(text, 0, out, 3, text.length);
        }
        Files.write(p, out);
        return p;
    }

    private Path gunzip(Path gz, String name) throws IOException {
        Path to = dir.resolve(name);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    private static Path sample(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("data-samples").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("data-samples/" + relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
