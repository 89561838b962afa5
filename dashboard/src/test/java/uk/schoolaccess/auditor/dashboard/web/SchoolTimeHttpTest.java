package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Times as the school reads them, over HTTP on the generated school (Europe/London): a time
 * stored as 11:58 UTC in September reads 12:58, in one format, with the zone said once per page;
 * and findings read in plain words, not detector ids.
 */
class SchoolTimeHttpTest {

    static TestSchool school;

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
    }

    @AfterEach
    void forget() {
        school.db.update("DELETE FROM findings WHERE finding_id LIKE 'Ftest-time%'");
    }

    private static int count(String body, String what) {
        return body.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void the_formatter_moves_utc_to_the_school_zone_in_one_format() {
        SchoolTime t = new SchoolTime(ZoneId.of("Europe/London"));
        assertEquals("Mon 21 Sep 2026, 12:58", t.format(LocalDateTime.parse("2026-09-21T11:58:07")), "BST: +1 h");
        assertEquals("Mon 21 Sep 2026, 12:58:07", t.formatSeconds(LocalDateTime.parse("2026-09-21T11:58:07")));
        assertEquals("Mon 7 Dec 2026, 11:58", t.format(LocalDateTime.parse("2026-12-07T11:58:00")), "GMT: no shift");
        assertEquals("Tue 22 Sep 2026", t.day(LocalDateTime.parse("2026-09-21T23:30:00")), "after midnight at school");
        assertEquals("2026-09-21T12:58:07+01:00", t.iso(LocalDateTime.parse("2026-09-21T11:58:07")));
        assertEquals("2026-09-21T11:58:07Z", SchoolTime.isoUtc(LocalDateTime.parse("2026-09-21T11:58:07")));
        assertEquals("Times are school time (Europe/London).", t.note());
    }

    @Test
    void detectors_utc_summaries_read_in_school_time() {
        SchoolTime t = new SchoolTime(ZoneId.of("Europe/London"));
        assertEquals("Dan left their Windows session on PC1 open: logged on Mon 21 Sep 2026, 12:58; at 14:30, while it "
                + "was open, another member of staff logged on; never logged off: the same account next logged on there "
                + "at Tue 22 Sep 2026, 08:05.", t.localise("Dan left their Windows session on PC1 open: logged on "
                + "2026-09-21 11:58 UTC; at 13:30 UTC, while it was open, another member of staff logged on; never "
                + "logged off: the same account next logged on there at 2026-09-22 07:05 UTC."));
        assertEquals("Ann viewed the records of 13 pupils that no relationship explains (Years 7, 8; Medical) on "
                + "Fri 25 Sep 2026, 11:02-11:40; usual for them 0.0 a day.", t.localise("Ann viewed the records of 13 "
                + "pupils that no relationship explains (Years 7, 8; Medical) on 2026-09-25, 10:02-10:40 UTC; usual "
                + "for them 0.0 a day."));
        assertEquals("signed in on Tue 22 Sep 2026, 00:30", t.localise("signed in on 2026-09-21 at 23:30 UTC"));
        assertEquals("on 2026-09-21, between 23:50 and 00:10 on Tue 22 Sep 2026",
                t.localise("on 2026-09-21, between 22:50 and 23:10 UTC"));
        assertEquals("no time here", t.localise("no time here"));
        assertEquals("(last Mon 21 Sep 2026, 12:58)", t.localise("(last 2026-09-21T11:58 UTC)"));
    }

    @Test
    void a_september_finding_shows_an_hour_later_than_stored_and_in_plain_words() {
        Object staff = school.one("SELECT min(staff_id) FROM staff WHERE display_name IS NOT NULL");
        school.db.update("INSERT INTO findings (finding_id, detector, staff_id, account, subject, first_seen, last_seen, "
                + "severity, score, aup_clause, summary, status, evidence) VALUES ('Ftest-time-1', 'missing_logout', ?, "
                + "'acct', 'Windows on PC1', TIMESTAMP '2026-09-21 11:58:07', TIMESTAMP '2026-09-21 13:30:00', 'high', 6, "
                + "'SESS-2', 'left a session open', 'open', ?)", staff,
                "{\"events\": [], \"baseline\": {\"window\": \"3 weeks before and during the period\", \"peer_group\": "
                        + "\"teacher\", \"statistic\": \"Poisson upper tail\", \"value\": 1.0, \"threshold\": 3.0, "
                        + "\"details\": {\"peer_mean\": 0.4, \"repeat_offender\": false}}, "
                        + "\"facts\": {\"source\": \"windows\", \"exposed\": true}}");
        Http.test(school.server(Clock.systemUTC()), http -> {
            String dpo = http.signIn("dpo");
            Http.Reply page = http.get("/findings/Ftest-time-1", dpo);
            assertEquals(200, page.code(), page.toString());
            String body = page.body();
            assertTrue(body.contains("Mon 21 Sep 2026, 12:58 to Mon 21 Sep 2026, 14:30"), "school time, +1 h in September");
            assertFalse(body.contains("11:58"), "the stored UTC time is not shown");
            assertEquals(1, count(body, "Times are school time (Europe/London)."), "the zone is said once");
            assertFalse(body.contains("(UTC)"));
            assertTrue(body.contains("<h1>Left a computer unlocked, and someone else logged on</h1>"), "a plain title");
            assertFalse(body.contains("missing_logout"), "no detector id");
            assertTrue(body.contains("Lock the screen when leaving the computer (SESS-2)"));
            assertTrue(body.contains("Rated high because someone else logged on to the computer while this session was "
                    + "open and unlocked."), "severity says why, so 1 against 3 does not contradict 'high'");
            assertTrue(body.contains("That is not a habit: it takes at least 3"), body);
            assertTrue(body.contains("<details id=\"how-judged\"><summary>How this was judged</summary>"));

            Http.Reply list = http.get("/findings?person=" + String.valueOf(staff).toLowerCase(java.util.Locale.ROOT), dpo);
            assertTrue(list.body().contains("Mon 21 Sep 2026, 12:58"), "the list in school time too");
            assertTrue(list.body().contains("Left a computer unlocked, and someone else logged on"),
                    "the person filter ignores case, and the list names findings in words");
            assertEquals(1, count(list.body(), "Times are school time (Europe/London)."));

            Http.Reply head = http.get("/findings?person=" + staff, http.signIn("head"));
            assertFalse(head.body().contains("(open the finding for details)"));
        });
    }
}
