package uk.schoolaccess.auditor.dashboard.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.javalin.testtools.JavalinTest;
import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.explain.AccessExplanation;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Browser;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Page;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * One meaning of "unexplained" (issue 15, part 5): on one incident, really audited, with its
 * author, the DSL, a member of staff alerted to it, three uninvolved openers (one of them twice),
 * a teacher browsing the pupil's record and an open loaded after the audit, every view names the
 * same unexplained staff with the same counts: the incident page, its CSV export, the DSL's
 * overview, the subject access page, its per-staff summary, its CSV and its printout, the
 * detector's evidence, and the browsing notebook's query.
 */
class OneMeaningOfUnexplainedTest {

    @TempDir
    static Path dir;
    static Store store;
    static Db db;
    static WebServer server;

    /** The uninvolved openers of INC7 and the teacher browsing with no relationship. */
    static final Set<String> INCIDENT_UNEXPLAINED = Set.of("S0004", "S0005", "S0006");
    static final Map<String, Long> PUPIL_UNEXPLAINED = Map.of("S0004", 2L, "S0005", 1L, "S0006", 1L, "S0007", 1L);

    @BeforeAll
    static void audited() throws Exception {
        store = Store.open(dir.resolve("one.duckdb"));
        db = new Db(store.connection());
        db.update("INSERT INTO staff VALUES "
                + "('S0001', 'Alice Archer', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0002', 'Bea Bishop', NULL, ['teacher', 'dsl'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0003', 'Cy Carter', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0004', 'Dan Dyer', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0005', 'Eve Evans', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0006', 'Fay Fisher', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0007', 'Gus Gray', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0008', 'Hal Hunt', NULL, ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL)");
        db.update("INSERT INTO pupils VALUES ('P00021', 'Quillfeather', 'Zebulah', 9, '9A', false, NULL, 'NFS')");
        db.update("INSERT INTO relationships VALUES ('R1', 'S0001', 'teaches', 'P00021', NULL, NULL, '9A/Ma', "
                + "'Maths', NULL, NULL)");
        db.update("INSERT INTO incidents VALUES ('INC7', 'P00021', 'Bullying', TIMESTAMP '2026-09-08 08:00:00', "
                + "'S0003', 's0003')");
        db.update("INSERT INTO incident_involvement VALUES ('INC7', 'S0003', 's0003', 'author'), "
                + "('INC7', 'S0001', 's0001', 'alerted')");
        access("E1", "sims", "2026-09-08 09:00:00", "S0001", "student_details", "P00021", null);
        access("E2", "cpoms", "2026-09-08 10:00:00", "S0003", null, null, "INC7");
        access("E3", "cpoms", "2026-09-08 11:00:00", "S0002", null, null, "INC7");
        access("E4", "cpoms", "2026-09-08 12:00:00", "S0001", null, null, "INC7");
        access("E5", "cpoms", "2026-09-08 13:00:00", "S0004", null, null, "INC7");
        access("E6", "cpoms", "2026-09-08 13:30:00", "S0004", null, null, "INC7");
        access("E7", "cpoms", "2026-09-08 14:00:00", "S0005", null, null, "INC7");
        access("E8", "cpoms", "2026-09-09 09:00:00", "S0006", null, null, "INC7");
        access("E9", "sims", "2026-09-09 10:00:00", "S0007", "behaviour", "P00021", null);
        DuckDbEngine duck = new DuckDbEngine(store.connection());
        ZoneId zone = ZoneId.of("Europe/London");
        AuditSettings settings = AuditSettings.defaults();
        AuditPeriod whole = Audit.wholeStore(new AuditContext(duck, new AuditPeriod(Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1)), settings, zone));
        Audit.run(new AuditContext(duck, whole, settings, zone), Detectors.all(), store.connection());
        // Loaded after the audit: every view says "not audited yet", none counts it as unexplained.
        access("E10", "cpoms", "2026-09-10 09:00:00", "S0008", null, null, "INC7");
        server = new WebServer(db, settings, zone, Clock.systemUTC());
        server.web().users().add("dpo1", Role.DPO, RoutePagesSchool.PASSWORD.toCharArray());
        server.web().users().add("dsl1", Role.DSL, RoutePagesSchool.PASSWORD.toCharArray());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static void access(String id, String source, String ts, String staff, String area, String pupil,
                               String incident) {
        db.update("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id, "
                + "incident_id) VALUES (?, ?, CAST(? AS TIMESTAMP), ?, ?, 'view', ?, ?, ?)", id, source, ts,
                staff.toLowerCase(), staff, area, pupil, incident);
    }

    @Test
    void every_view_names_the_same_unexplained_staff_with_the_same_counts() {
        JavalinTest.test(server.create(), (s, client) -> {
            Browser dsl = new Browser(client, "dsl1");
            Browser dpo = new Browser(client, "dpo1");

            // The incident page: who opened it, and which opens nothing explains.
            Page incident = dsl.get("/dsl/incidents/INC7");
            assertEquals(200, incident.status(), incident.body());
            List<List<String>> opens = incident.table("incident-opens");
            assertEquals(List.of("S0003", "S0002", "S0001", "S0004", "S0004", "S0005", "S0006", "S0008"),
                    column(opens, 1));
            assertEquals(List.of("no", "no", "no", "yes", "yes", "yes", "yes", "no"), column(opens, 7));
            assertEquals("wrote the incident", opens.get(0).get(6), "the author is explained");
            assertTrue(opens.get(1).get(6).startsWith("is the DSL"), "the DSL is explained: " + opens.get(1));
            assertEquals("was alerted to the incident", opens.get(2).get(6));
            assertEquals("not audited yet", opens.get(7).get(6));
            assertEquals(INCIDENT_UNEXPLAINED, staffWhere(opens, 1, r -> r.get(7).equals("yes")));
            assertTrue(incident.body().contains("8 open(s) by 7 member(s) of staff; 3 member(s) of staff opened it "
                    + "with nothing to explain it (4 open(s)); 1 open(s) not audited yet."), incident.body());

            // The incident's export.
            Page export = dsl.get("/dsl/incidents/INC7/export.csv");
            assertEquals(200, export.status(), export.body());
            List<Map<String, String>> exported = csv(export.body());
            assertEquals(8, exported.size());
            assertEquals(INCIDENT_UNEXPLAINED, staffWhere(exported, "staff_id", r -> r.get("verdict").equals("unexplained")));
            assertEquals(4, exported.stream().filter(r -> r.get("verdict").equals("unexplained")).count());
            assertEquals("not_audited", exported.get(7).get("verdict"));
            assertEquals("not audited yet", exported.get(7).get("explained_by"));
            assertFalse(export.body().contains("Quillfeather") || export.body().contains("Zebulah"));

            // The DSL's overview: the cluster's openers, and unexplained browsing by person and pupil.
            Page overview = dsl.get("/dsl?from=2026-09-01&to=2026-09-30");
            List<List<String>> clusters = overview.table("dsl-clusters");
            assertEquals(1, clusters.size(), clusters.toString());
            assertEquals(List.of("INC7", "P00021"), clusters.get(0).subList(0, 2));
            assertEquals("3", clusters.get(0).get(3));
            assertEquals("S0004, S0005, S0006", clusters.get(0).get(4));
            Map<String, Long> pairs = new TreeMap<>();
            overview.table("dsl-pairs").forEach(r -> pairs.put(r.get(0), Long.parseLong(r.get(3))));
            assertEquals(new TreeMap<>(PUPIL_UNEXPLAINED), pairs, "unexplained accesses to P00021 per member of staff");

            // The subject access page, its per-staff summary, its CSV and its printout.
            Page sar = dpo.get("/sar?pupil=P00021");
            assertEquals(200, sar.status(), sar.body());
            assertTrue(sar.body().contains("10 row(s) for pupil P00021, everything recorded; 5 that nothing explains; 1 not "
                    + "audited yet"), sar.body());
            Map<String, Long> summary = new TreeMap<>();
            sar.table("sar-staff-summary").forEach(r -> {
                if (!r.get(4).equals("0")) {
                    summary.put(r.get(0), Long.parseLong(r.get(4)));
                }
            });
            assertEquals(new TreeMap<>(PUPIL_UNEXPLAINED), summary);
            List<List<String>> rows = sar.table("sar-results");
            assertEquals(PUPIL_UNEXPLAINED.keySet(), staffWhere(rows, 1, r -> r.get(8).equals("nothing explains it")));
            Page only = dpo.get("/sar?pupil=P00021&only=unexplained");
            assertEquals(5, only.table("sar-results").size());
            List<Map<String, String>> sarCsv = csv(dpo.get("/sar.csv?pupil=P00021").body());
            assertEquals(PUPIL_UNEXPLAINED.keySet(), staffWhere(sarCsv, "staff_id",
                    r -> r.get("explained_by").equals("nothing explains it")));
            assertEquals(1, sarCsv.stream().filter(r -> r.get("explained_by").equals("not audited yet")).count());
            assertEquals(rows, dpo.get("/sar/print?pupil=P00021").table("sar-results"));

            // The detector's evidence: one ACC-2 finding per unexplained opener, citing their unexplained opens.
            Map<String, Set<String>> cited = new TreeMap<>();
            for (Map<String, Object> f : db.rows("SELECT staff_id, evidence FROM findings WHERE detector = "
                    + "'out_of_role_access' AND aup_clause = 'ACC-2'")) {
                JsonNode ev = new ObjectMapper().readTree(String.valueOf(f.get("evidence")));
                ev.path("events").forEach(e -> cited.computeIfAbsent((String) f.get("staff_id"), k -> new TreeSet<>())
                        .add(e.asText()));
                assertTrue(ev.path("facts").path("curiosity_cluster").toString().contains("INC7"), ev.toString());
                assertEquals(3, ev.path("facts").path("uninvolved_openers").asInt());
            }
            Map<String, Set<String>> unexplainedOpens = new TreeMap<>();
            exported.stream().filter(r -> r.get("verdict").equals("unexplained")).forEach(r -> unexplainedOpens
                    .computeIfAbsent(r.get("staff_id"), k -> new TreeSet<>()).add(r.get("event_id")));
            assertEquals(unexplainedOpens, cited, "the detector cites exactly the opens every view calls unexplained");

            // The browsing notebook's own query, as the notebook writes it.
            String unexplained = notebookUnexplained();
            Set<String> notebook = new TreeSet<>();
            db.rows("SELECT DISTINCT staff_id FROM " + unexplained + " u WHERE u.incident_id = 'INC7'")
                    .forEach(r -> notebook.add((String) r.get("staff_id")));
            assertEquals(INCIDENT_UNEXPLAINED, notebook, "the notebook counts neither the DSL nor the author");
            assertEquals(5L, ((Number) db.scalar("SELECT count(*) FROM " + unexplained + " u WHERE u.pupil_id = "
                    + "'P00021'")).longValue());
            // The SAR notebook's query: the same rows and verdicts as the SAR page.
            List<Map<String, Object>> nbSar = db.rows(notebookSql("sar-response.ipynb", "SAR"), "P00021", "P00021",
                    java.sql.Timestamp.valueOf("2000-01-01 00:00:00"), java.sql.Timestamp.valueOf("2100-01-01 00:00:00"));
            assertEquals(rows.stream().map(r -> r.get(10)).toList(), nbSar.stream().map(r -> r.get("event_id")).toList());
            Map<String, Long> nbUnexplained = new TreeMap<>();
            nbSar.stream().filter(r -> "unexplained".equals(r.get("verdict")))
                    .forEach(r -> nbUnexplained.merge((String) r.get("staff_id"), 1L, Long::sum));
            assertEquals(new TreeMap<>(PUPIL_UNEXPLAINED), nbUnexplained);
            assertEquals(1L, nbSar.stream().filter(r -> "not_audited".equals(r.get("verdict"))).count());
        });
    }

    /**
     * The browsing notebook's definition of its UNEXPLAINED relation, evaluated: its Java string
     * expression of literals and AccessExplanation.judgedAccesses(), so a notebook that goes back
     * to its own SQL fails here.
     */
    static String notebookUnexplained() throws Exception {
        return notebookSql("browsing-investigation.ipynb", "UNEXPLAINED");
    }

    /** A SQL string a notebook builds from literals and AccessExplanation.judgedAccesses(), evaluated. */
    static String notebookSql(String notebook, String variable) throws Exception {
        JsonNode nb = new ObjectMapper().readTree(Files.readString(Path.of("..", "notebooks", notebook)));
        StringBuilder code = new StringBuilder();
        nb.path("cells").forEach(c -> c.path("source").forEach(l -> code.append(l.asText())));
        Matcher m = Pattern.compile("String " + variable + " = (.*?);\\n", Pattern.DOTALL).matcher(code);
        assertTrue(m.find(), notebook + " defines " + variable);
        StringBuilder sql = new StringBuilder();
        for (String part : m.group(1).split("\\s*\\+\\s*")) {
            String p = part.strip();
            if (p.equals("AccessExplanation.judgedAccesses()")) {
                sql.append(AccessExplanation.judgedAccesses());
            } else if (p.startsWith("\"") && p.endsWith("\"")) {
                sql.append(p, 1, p.length() - 1);
            } else {
                throw new AssertionError("the notebook's UNEXPLAINED is no longer literals and "
                        + "AccessExplanation.judgedAccesses(): " + p);
            }
        }
        return sql.toString();
    }

    private static List<String> column(List<List<String>> rows, int i) {
        return rows.stream().map(r -> r.get(i)).toList();
    }

    private static Set<String> staffWhere(List<List<String>> rows, int staff,
                                          java.util.function.Predicate<List<String>> test) {
        return new TreeSet<>(rows.stream().filter(test).map(r -> r.get(staff)).toList());
    }

    private static Set<String> staffWhere(List<Map<String, String>> rows, String staff,
                                          java.util.function.Predicate<Map<String, String>> test) {
        return new TreeSet<>(rows.stream().filter(test).map(r -> r.get(staff)).toList());
    }

    static List<Map<String, String>> csv(String body) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(body)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
