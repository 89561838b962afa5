package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Re-loading the same events adds nothing, whatever shape the export was saved in: event ids
 * come from the data, not the bytes (issue 14). The exports are the repository's generated sample
 * school (data-samples/, synthetic), re-saved here the ways a school re-saves them.
 */
class NaturalEventIdsTest extends FreshStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void entra_sign_ins_downloaded_again_with_columns_reordered_or_an_extra_column_add_nothing() throws IOException {
        Path original = sample("entra/entra-signins-week-01.csv.gz");
        IngestSummary first = Fixtures.ingest(store, original);
        long stored = store.count("signins");
        assertTrue(stored > 1000, "a week of sign-ins: " + stored);
        assertEquals(stored, first.added());

        List<List<String>> csv = readCsv(original);
        Path reordered = writeCsv(dir.resolve("reordered.csv"), reverseColumns(csv));
        Path extra = writeCsv(dir.resolve("extra-column.csv"), withColumn(csv, "Ticket reference", "none"));
        IngestSummary again = Fixtures.ingest(store, reordered, extra);
        assertEquals(0, again.added(), again.toString());
        assertEquals(2 * stored, again.duplicates());
        assertEquals(stored, store.count("signins"));
    }

    @Test
    void a_google_reports_export_re_saved_one_record_per_line_adds_nothing() throws IOException {
        Path original = sample("google/google-login-week-01.json.gz");
        Fixtures.ingest(store, original);
        long signins = store.count("signins");
        long logoffs = store.count("logon_events");
        assertTrue(signins > 100, "a week of Google logins: " + signins);

        JsonNode items = JSON.readTree(text(original)).get("items");
        StringBuilder perLine = new StringBuilder();
        for (JsonNode record : items) {
            perLine.append(JSON.writeValueAsString(record)).append('\n');
        }
        Path ndjson = Files.writeString(dir.resolve("google-week-01.ndjson"), perLine);
        // and pretty-printed, the way a viewer saves it
        Path pretty = Files.writeString(dir.resolve("google-week-01-pretty.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text(original))));
        IngestSummary again = Fixtures.ingest(store, ndjson, pretty);
        assertEquals(0, again.added(), again.toString());
        assertEquals(signins, store.count("signins"));
        assertEquals(logoffs, store.count("logon_events"));
    }

    @Test
    void a_windows_security_log_re_exported_adds_nothing() throws IOException {
        Path original = sample("windows/windows-security-week-01.ndjson.gz");
        Fixtures.ingest(store, original);
        long stored = store.count("logon_events");
        assertTrue(stored > 1000, "a week of Windows logons: " + stored);

        // Another export of the same events: every record's fields in another order, spaced.
        StringBuilder out = new StringBuilder();
        for (String line : text(original).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> fields = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            List<String> keys = new ArrayList<>(fields.keySet());
            Collections.reverse(keys);
            Map<String, Object> reversed = new LinkedHashMap<>();
            keys.forEach(k -> reversed.put(k, fields.get(k)));
            out.append(JSON.writeValueAsString(reversed).replace("\",\"", "\", \"")).append('\n');
        }
        Path reexported = Files.writeString(dir.resolve("windows-week-01-again.ndjson"), out);
        IngestSummary again = Fixtures.ingest(store, reexported);
        assertEquals(0, again.added(), again.toString());
        assertEquals(stored, store.count("logon_events"));
    }

    @Test
    void identical_rows_stay_two_events_when_their_file_is_re_saved_in_another_shape() throws IOException {
        Path sims = Fixtures.path("mis/sims-audit-week-01.csv");
        Fixtures.ingest(store, sims);
        assertEquals(2L, scalar(store, "SELECT count(*) FROM record_access WHERE action = 'export'"));
        long stored = store.count("record_access") + store.count("logon_events");
        Path reordered = writeCsv(dir.resolve("sims-reordered.csv"), reverseColumns(readCsv(sims)));
        IngestSummary again = Fixtures.ingest(store, reordered);
        assertEquals(0, again.added(), again.toString());
        assertEquals(stored, store.count("record_access") + store.count("logon_events"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM record_access WHERE action = 'export'"));
    }

    /**
     * One record three times in a file, between other records (a SIMS export's minute resolution):
     * three events, the first named by its identity and the second and third by the n-th-repeat
     * rule in line order, and the rows that appear once keep their plain identity.
     */
    @Test
    void the_nth_repeat_of_a_record_in_a_file_gets_the_nth_id_in_line_order() throws IOException {
        String header = "Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records\n";
        String repeated = "14/09/2026,09:10,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00101,1\n";
        Path sims = Files.writeString(dir.resolve("sims-repeats.csv"), header + repeated
                + "14/09/2026,09:11,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00102,1\n" + repeated
                + "14/09/2026,09:12,BJones,NFS-RM12-PC04,Behaviour,View,Student,P00103,1\n"
                + "14/09/2026,09:12,BJones,NFS-RM12-PC04,Behaviour,View,Student,P00104,1\n" + repeated);
        assertEquals(6, Fixtures.ingest(store, sims).added());
        String identity = "access_identity(source, ts, account, action, area, pupil_id, incident_id, category, "
                + "row_count, workstation, ip, session_id)";
        assertEquals("[[2, 1], [4, 2], [7, 3]]", rows(store,
                "SELECT line_no, CASE event_id WHEN " + identity + " THEN 1 WHEN md5(" + identity + " || chr(1) || '2') "
                        + "THEN 2 WHEN md5(" + identity + " || chr(1) || '3') THEN 3 END FROM record_access "
                        + "WHERE pupil_id = 'P00101' ORDER BY line_no").toString());
        assertEquals(0L, scalar(store, "SELECT count(*) FROM record_access WHERE pupil_id <> 'P00101' AND event_id <> "
                + identity));
        assertEquals(0, Fixtures.ingest(store, sims).added());
    }

    @Test
    void the_repeated_autumn_hour_keeps_both_rows_when_loaded_again_in_another_shape() throws IOException {
        Path autumn = Fixtures.path("mis/sims-autumn-clock-change.csv");
        Fixtures.ingest(store, autumn);
        List<List<Object>> stored = rows(store, "SELECT line_no, ts FROM record_access ORDER BY line_no");
        Path reordered = writeCsv(dir.resolve("autumn-reordered.csv"), reverseColumns(readCsv(autumn)));
        IngestSummary again = Fixtures.ingest(store, autumn, reordered);
        assertEquals(0, again.added(), again.toString());
        assertEquals(stored, rows(store, "SELECT line_no, ts FROM record_access ORDER BY line_no"));
    }

    /**
     * A store written before natural ids: its events keep their ids (findings, evidence and
     * explanations are built from them), nothing stored is lost (not even the same sign-in stored
     * twice under two shapes, as the old ids allowed), and re-loading its files in any shape adds
     * nothing. Running the later migrations again (a rewound schema_version) changes nothing.
     */
    @Test
    void a_store_from_before_natural_ids_upgrades_and_its_files_reloaded_in_any_shape_add_nothing() throws Exception {
        Path entra = sample("entra/entra-signins-week-01.csv.gz");
        Path windows = sample("windows/windows-security-week-01.ndjson.gz");
        Path sims = Fixtures.path("mis/sims-audit-week-01.csv");
        Fixtures.ingest(store, entra, windows, sims);
        try (Statement s = store.connection().createStatement()) {
            // What main's auditor stored: ids hashed from the record's bytes, and no natural_id.
            for (String t : List.of("signins", "logon_events", "record_access")) {
                s.execute("UPDATE " + t + " SET event_id = 'b' || substr(md5('bytes' || event_id), 2)");
            }
            // The bug this fixes: one sign-in stored again from a download with another column order.
            s.execute("INSERT INTO signins SELECT * REPLACE ('b' || substr(md5('other shape' || event_id), 2) AS event_id, "
                    + "batch_id + 100 AS batch_id) FROM signins ORDER BY ts LIMIT 1");
            s.execute("INSERT INTO access_explanations (event_id, explained_by, conflict) SELECT event_id, 'teaches', NULL FROM record_access");
            for (String t : List.of("signins", "logon_events", "record_access")) {
                s.execute("ALTER TABLE " + t + " DROP COLUMN natural_id");
            }
            s.execute("DROP TABLE natural_id_upgrade");
            // Rewound to before V016: it and every later migration run again (each is idempotent).
            s.execute("DELETE FROM schema_version WHERE version >= (SELECT version FROM schema_version "
                    + "WHERE description = 'V016__natural_event_ids.sql')");
        }
        List<List<Object>> idsBefore = allEventIds();
        store.close();
        store = Store.open(dir.resolve("audit.duckdb"));

        assertEquals(idsBefore, allEventIds(), "every stored event kept, under its own id");
        for (String t : List.of("signins", "logon_events", "record_access")) {
            assertEquals(0L, scalar(store, "SELECT count(*) FROM " + t + " WHERE natural_id IS NULL"), t);
            assertEquals(store.count(t), scalar(store, "SELECT count(DISTINCT natural_id) FROM " + t), t);
        }
        assertEquals(store.count("record_access"), scalar(store, "SELECT count(*) FROM access_explanations "
                + "JOIN record_access USING (event_id)"));

        List<List<String>> entraCsv = readCsv(entra);
        IngestSummary again = Fixtures.ingest(store, entra, windows, sims,
                writeCsv(dir.resolve("entra-reordered.csv"), reverseColumns(entraCsv)),
                writeCsv(dir.resolve("entra-extra.csv"), withColumn(entraCsv, "Ticket reference", "none")),
                writeCsv(dir.resolve("sims-reordered.csv"), reverseColumns(readCsv(sims))));
        assertEquals(0, again.added(), again.toString());
        assertEquals(idsBefore, allEventIds());

        // Rewound to version 4, the later scripts run again and leave every id as it is.
        List<List<Object>> natural = rows(store, "SELECT natural_id FROM signins ORDER BY natural_id");
        try (Statement s = store.connection().createStatement()) {
            s.execute("DELETE FROM schema_version WHERE version > 4");
        }
        store.close();
        store = Store.open(dir.resolve("audit.duckdb"));
        assertEquals(idsBefore, allEventIds());
        assertEquals(natural, rows(store, "SELECT natural_id FROM signins ORDER BY natural_id"));
        assertEquals(0, Fixtures.ingest(store, entra, windows, sims).added());
    }

    /** Events stored after the upgrade carry their natural id as event_id, and a rewound migration leaves them so. */
    @Test
    void new_events_are_named_by_their_natural_id_and_a_rewound_migration_leaves_them_alone() throws Exception {
        Path sims = Fixtures.path("mis/sims-audit-week-01.csv");
        Fixtures.ingest(store, sims);
        assertEquals(0L, scalar(store, "SELECT count(natural_id) FROM record_access"));
        List<List<Object>> ids = allEventIds();
        try (Statement s = store.connection().createStatement()) {
            s.execute("DELETE FROM schema_version WHERE version > 4");
        }
        store.close();
        store = Store.open(dir.resolve("audit.duckdb"));
        assertEquals(0L, scalar(store, "SELECT count(natural_id) FROM record_access"));
        assertEquals(ids, allEventIds());
        assertEquals(0, Fixtures.ingest(store, sims).added());
    }

    private List<List<Object>> allEventIds() {
        return rows(store, "SELECT 's', event_id FROM signins UNION ALL SELECT 'l', event_id FROM logon_events "
                + "UNION ALL SELECT 'r', event_id FROM record_access ORDER BY 1, 2");
    }

    // ---- the generated sample school, re-saved ------------------------------------------------

    private static Path sample(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("data-samples").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("data-samples/" + relative + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             InputStream body = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<List<String>> readCsv(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (var it = csv.readerFor(List.class).with(CsvSchema.emptySchema()).<List<String>>readValues(text(file))) {
            while (it.hasNext()) {
                rows.add(new ArrayList<>(it.next()));
            }
        }
        return rows;
    }

    private static Path writeCsv(Path file, List<List<String>> rows) throws IOException {
        CsvMapper csv = new CsvMapper();
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            out.append(csv.writer(CsvSchema.emptySchema()).writeValueAsString(row.toArray(String[]::new)));
        }
        return Files.writeString(file, out);
    }

    private static List<List<String>> reverseColumns(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> r = new ArrayList<>(row);
            Collections.reverse(r);
            out.add(r);
        }
        return out;
    }

    private static List<List<String>> withColumn(List<List<String>> rows, String name, String value) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = new ArrayList<>(rows.get(i));
            r.add(2, i == 0 ? name : value);
            out.add(r);
        }
        return out;
    }
}
