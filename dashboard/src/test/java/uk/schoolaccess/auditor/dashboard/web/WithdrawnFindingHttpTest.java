package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;
import uk.schoolaccess.auditor.dashboard.digest.Digest;
import uk.schoolaccess.auditor.dashboard.digest.DigestBuilder;
import uk.schoolaccess.auditor.dashboard.digest.DigestSettings;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Issue 13: triage one finding, change the roster, re-audit. The finding the roster now explains
 * is withdrawn, not deleted: the audit output counts it, its page still opens and says why, the
 * findings list shows it under its status, the weekly digest counts it, and the triaged finding
 * keeps its decision.
 */
class WithdrawnFindingHttpTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @TempDir
    Path dir;

    @Test
    void a_finding_the_roster_now_explains_is_withdrawn_and_its_page_says_why() throws Exception {
        Path db = dir.resolve("audit.duckdb");
        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            d.update("INSERT INTO staff (staff_id, display_name, roles) VALUES ('T1', 'Tess One', ['teacher']), "
                    + "('T2', 'Tom Two', ['teacher']), ('T3', 'Tia Three', ['teacher'])");
            for (int i = 1; i <= 40; i++) {
                d.update(String.format("INSERT INTO pupils (pupil_id, year_group, form, sen) VALUES ('P%02d', %d, "
                        + "'%s', false)", i, 7 + i % 3, i <= 10 ? "7A" : "8B"));
            }
            teach(d, "T1", 1, 10);
            // A teacher opens twenty pupils' records they have no relationship with, on two days.
            browse(d, "T2", 11, "2026-09-15");
            browse(d, "T2", 11, "2026-09-17");
        }
        String first = audit(db);
        assertTrue(first.contains("Findings: 2 (2 new). Withdrawn: 0"), first);
        String firstDay;
        String secondDay;
        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            firstDay = (String) d.scalar("SELECT finding_id FROM findings WHERE detector = 'out_of_role_access' "
                    + "AND first_seen < TIMESTAMP '2026-09-16'");
            secondDay = (String) d.scalar("SELECT finding_id FROM findings WHERE detector = 'out_of_role_access' "
                    + "AND first_seen > TIMESTAMP '2026-09-16'");
            // The DPO dismisses the second day's; then the roster arrives with T2's class.
            d.update("UPDATE findings SET status = 'dismissed', note = 'cover lesson', reviewed_by = 'dpo', "
                    + "reviewed_at = TIMESTAMP '2026-09-16 09:00' WHERE finding_id = ?", secondDay);
            teach(d, "T2", 11, 20);
        }
        String again = audit(db);
        assertTrue(again.contains("Withdrawn: 1"), again);

        try (Store s = Store.open(db)) {
            Db d = new Db(s.connection());
            assertEquals("withdrawn", d.scalar("SELECT status FROM findings WHERE finding_id = ?", firstDay));
            assertEquals("dismissed", d.scalar("SELECT status FROM findings WHERE finding_id = ?", secondDay),
                    "a triaged finding keeps its decision");

            Digest weekly = new DigestBuilder(d, AuditSettings.defaults(), DigestSettings.from(ConfigFile.defaults()),
                    LONDON).weekly(LocalDate.parse("2026-09-14"), List.of("dpo@school.example"));
            assertTrue(weekly.text().contains("Withdrawn: 1 of this week's findings"), weekly.text());
            assertTrue(weekly.html().contains("Withdrawn: 1 of this week"), weekly.html());
            assertFalse(weekly.findingIds().contains(firstDay), "not listed as a high-severity alert");

            WebServer server = new WebServer(d, AuditSettings.defaults(), LONDON, Clock.systemUTC());
            server.web().users().add("dpo", Role.DPO, TestSchool.PASSWORD.toCharArray());
            Http.test(server, http -> {
                String dpo = http.signIn("dpo");
                Http.Reply page = http.get("/findings/" + firstDay, dpo);
                assertEquals(200, page.code(), page.toString());
                assertTrue(page.body().contains("id=\"withdrawn\""), page.body());
                assertTrue(page.body().contains("the roster now explains it"), page.body());
                assertTrue(page.body().contains("id=\"withdrawals\""), "the withdrawal history");
                assertTrue(page.body().contains("Europe/London"), "when, in the school's zone");
                assertTrue(page.body().contains("id=\"timeline\""), "the evidence is still shown");
                Http.Reply list = http.get("/findings?status=withdrawn", dpo);
                assertTrue(list.body().contains("/findings/" + firstDay), list.body());
                assertFalse(list.body().contains("/findings/" + secondDay), list.body());
                assertEquals(200, http.get("/findings/" + secondDay, dpo).code());
            });
        }
    }

    private static void browse(Db d, String staff, int firstPupil, String day) {
        for (int i = firstPupil; i < firstPupil + 20; i++) {
            d.update("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id) "
                    + "VALUES (?, 'sims', CAST(? AS TIMESTAMP), ?, ?, 'view', ?, ?)", staff + day + "-e" + i,
                    day + " 12:" + (10 + i - firstPupil) + ":00", staff, staff,
                    i % 3 == 0 ? "medical" : "student_details", String.format("P%02d", i));
        }
    }

    private static void teach(Db d, String staff, int firstPupil, int pupils) {
        for (int i = firstPupil; i < firstPupil + pupils; i++) {
            d.update("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES "
                    + "(?, ?, 'teaches', ?, 'G1')", staff + "-r" + i, staff, String.format("P%02d", i));
        }
    }

    private static String audit(Path db) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditorMain.run(new String[] {"audit", "--db", db.toString(), "--from", "2026-09-14", "--to",
                "2026-09-18"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, out + "\n" + err);
        return out.toString();
    }
}
