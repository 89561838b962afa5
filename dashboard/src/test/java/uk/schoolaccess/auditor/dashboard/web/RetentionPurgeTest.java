package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Issue 13, retention: `auditor purge` on a generated school (two weeks), first as a dry run and
 * then for real, removing the first week's events with --before. The counts per table match the
 * dry run; an open finding's evidence survives; the file shrinks; a subject access look-up over
 * the purged week says the data was purged; a second purge removes nothing; both purges are in
 * purge_log.
 */
class RetentionPurgeTest {

    @TempDir
    static Path dir;
    static Path db;
    static Path config;

    @BeforeAll
    static void school() {
        Path school = dir.resolve("school");
        run("generate", "--out", school.toString(), "--seed", "5", "--pupils", "200", "--staff", "25", "--weeks", "2");
        db = dir.resolve("audit.duckdb");
        config = school.resolve("auditor.yaml");
        run("ingest", "--db", db.toString(), "--config", config.toString(), school.resolve("roster").toString(),
                school.resolve("mis").toString(), school.resolve("cpoms").toString(),
                school.resolve("windows").toString(), school.resolve("entra").toString());
        run("audit", "--db", db.toString(), "--config", config.toString());
        try {
            // Dismissed findings are kept 30 days here, so one dismissed in September is past its period.
            Files.writeString(config, Files.readString(config) + "\nretention:\n  findings: {dismissed: 30 days}\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_purge_does_what_its_dry_run_said_keeps_evidence_shrinks_the_file_and_is_recorded() throws Exception {
        String staff;
        String dismissed;
        List<String> evidence;
        long eventsBefore;
        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            // An open finding of the first week: its events must survive the purge of that week.
            Map<String, Object> open = d.rows("SELECT finding_id, staff_id, evidence FROM findings WHERE status = "
                    + "'open' AND first_seen < TIMESTAMP '2026-09-14' AND staff_id IS NOT NULL AND "
                    + "json_array_length(evidence, '$.events') > 0 ORDER BY finding_id LIMIT 1").get(0);
            staff = (String) open.get("staff_id");
            evidence = new ArrayList<>();
            d.rows("SELECT unnest(json_extract_string(?, '$.events[*]')) AS e", open.get("evidence").toString())
                    .forEach(r -> evidence.add((String) r.get("e")));
            eventsBefore = events(d);
            dismissed = (String) d.scalar("SELECT min(finding_id) FROM findings WHERE status = 'open' AND "
                    + "first_seen >= TIMESTAMP '2026-09-14'");
            d.update("UPDATE findings SET status = 'dismissed', note = 'explained', reviewed_by = 'dpo', "
                    + "reviewed_at = TIMESTAMP '2026-09-20 10:00' WHERE finding_id = ?", dismissed);
        }
        long sizeBefore = Files.size(db);

        String dry = run("purge", "--db", db.toString(), "--config", config.toString(), "--before", "2026-09-14",
                "--dry-run");
        assertTrue(dry.contains("Dry run: nothing was deleted"), dry);
        try (Store s = Store.open(db)) {
            assertEquals(eventsBefore, events(new Db(s.connection())), "a dry run deletes nothing");
            assertEquals(1L, ((Number) new Db(s.connection()).scalar("SELECT count(*) FROM kept_teaching_state"))
                    .longValue(), "the audit kept its teaching activity (V020), and a dry run leaves it");
            assertEquals(1L, ((Number) new Db(s.connection()).scalar("SELECT count(*) FROM kept_sessions_state"))
                    .longValue(), "the audit kept its sessions (V021), and a dry run leaves them");
            assertEquals(1L, ((Number) new Db(s.connection()).scalar("SELECT count(*) FROM kept_explain_state"))
                    .longValue(), "the audit kept its history's days (V022), and a dry run leaves them");
        }
        String real = run("purge", "--db", db.toString(), "--config", config.toString(), "--before", "2026-09-14");
        assertEquals(table(dry), table(real), "the same rows per table as the dry run said\n" + dry + "\n" + real);
        assertTrue(table(real).stream().anyMatch(l -> l.startsWith("record_access") && !l.split("\\s{2,}")[2]
                        .equals("0")),
                "record accesses of the first week were deleted:\n" + real);
        assertTrue(Files.size(db) < sizeBefore, "the file shrinks: " + sizeBefore + " -> " + Files.size(db));

        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            assertTrue(events(d) < eventsBefore);
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM kept_teaching_state")).longValue(),
                    "kept teaching activity may hold purged accesses: the next audit rebuilds it");
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM kept_sessions_state")).longValue(),
                    "kept sessions may rest on purged events: the next audit derives them again");
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM kept_explain_state")).longValue(),
                    "kept history days may count purged accesses: the next audit keeps them again");
            for (String kept : List.of("kept_teaching", "kept_sessions", "kept_explain_counts", "kept_explain_accesses",
                    "kept_explain_days")) {
                assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM " + kept)).longValue(),
                        kept + ": no copy of a purged event outlives the purge");
            }
            // What status reports per source (event_totals) follows the purge.
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM (SELECT tbl, source, events FROM event_totals "
                    + "WHERE counted EXCEPT SELECT 'record_access', source, count(*) FROM record_access GROUP BY ALL "
                    + "EXCEPT SELECT 'signins', source, count(*) FROM signins GROUP BY ALL EXCEPT SELECT "
                    + "'logon_events', source, count(*) FROM logon_events WHERE interactive GROUP BY ALL)")).longValue());
            for (String e : evidence) {
                assertEquals(1L, ((Number) d.scalar("SELECT (SELECT count(*) FROM record_access WHERE event_id = ?) "
                        + "+ (SELECT count(*) FROM logon_events WHERE event_id = ?) + (SELECT count(*) FROM signins "
                        + "WHERE event_id = ?)", e, e, e)).longValue(), "evidence event " + e + " of an open finding");
            }
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM record_access WHERE ts < TIMESTAMP "
                    + "'2026-09-13 23:00' AND event_id NOT IN (SELECT unnest(json_extract_string(evidence, "
                    + "'$.events[*]')) FROM findings WHERE status NOT IN ('dismissed', 'withdrawn'))")).longValue(),
                    "nothing else of the first week is left");

            WebServer server = new WebServer(d, AuditSettings.defaults(), ZoneId.of("Europe/London"),
                    Clock.systemUTC());
            server.web().users().add("dpo", Role.DPO, TestSchool.PASSWORD.toCharArray());
            Http.test(server, http -> {
                String dpo = http.signIn("dpo");
                Http.Reply sar = http.get("/sar?staff=" + staff + "&from=2026-09-07&to=2026-09-11", dpo);
                assertEquals(200, sar.code(), sar.toString());
                assertTrue(sar.body().contains("id=\"sar-purged\""), sar.body());
                assertTrue(sar.body().contains("from before 2026-09-14 were deleted on"), sar.body());
                assertTrue(sar.body().contains("retention policy"), sar.body());
                Http.Reply later = http.get("/sar?staff=" + staff + "&from=2026-09-14", dpo);
                assertFalse(later.body().contains("id=\"sar-purged\""), "nothing of the second week was purged");
                Http.Reply gone = http.get("/findings/" + dismissed, dpo);
                assertEquals(410, gone.code(), "a purged finding's link says what happened: " + gone);
                assertTrue(gone.body().contains("under the school&#39;s retention policy")
                        || gone.body().contains("under the school's retention policy"), gone.body());
            });
        }

        String again = run("purge", "--db", db.toString(), "--config", config.toString(), "--before", "2026-09-14");
        assertTrue(again.contains("Deleted 0 row(s)"), again);
        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            assertEquals(2L, ((Number) d.scalar("SELECT count(DISTINCT purge_id) FROM purge_log")).longValue());
            assertEquals(System.getProperty("user.name"), d.scalar("SELECT min(purged_by) FROM purge_log"));
        }
        String audit = run("audit", "--db", db.toString(), "--config", config.toString());
        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            assertEquals(0L, ((Number) d.scalar("SELECT count(*) FROM findings WHERE finding_id = ?", dismissed))
                    .longValue(), "a purged finding is not raised again from the events still kept");
            for (Map<String, Object> w : d.rows("SELECT reason FROM finding_withdrawals")) {
                assertTrue(((String) w.get("reason")).startsWith("its events were purged"), w + "\n" + audit);
            }
        }
    }

    private static long events(Db d) {
        return ((Number) d.scalar("SELECT (SELECT count(*) FROM record_access) + (SELECT count(*) FROM logon_events) "
                + "+ (SELECT count(*) FROM signins)")).longValue();
    }

    /** The per-table lines of a purge's output, without the header (which differs for a dry run). */
    private static List<String> table(String out) {
        return out.lines().filter(l -> l.startsWith("  ") && !l.strip().startsWith("table ")).map(String::strip)
                .toList();
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditorMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + "\n" + out + "\n" + err);
        return out.toString();
    }
}
