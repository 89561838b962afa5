package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.session.Sessions;

/**
 * The sessions an audit keeps in the store (V021) give the sessions table a derivation over the
 * whole window gives: on a generated school audited a week at a time, after late files add an
 * intruder's logon and unlocks to sessions already kept (one of them an unlock in the audited week
 * of a session kept weeks before), and after events are purged.
 */
class KeptSessionsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 17, 300, 30, 6);
        settings = school.withBaseline(4);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void kept_sessions_equal_sessions_derived_over_the_whole_window_after_late_files_and_a_purge() throws Exception {
        audit(null);
        assertEquals(0, school.scalar("SELECT count(*) FROM kept_sessions"),
                "a whole-store audit (a period longer than its baseline) derives every session and keeps none");
        audit(FIRST_MONDAY.plusWeeks(4));
        assertTrue(school.scalar("SELECT count(*) FROM kept_sessions") > 100, "a week's audit keeps its window's sessions");
        LocalDate monday = FIRST_MONDAY.plusWeeks(5);

        List<List<Object>> fresh = sessions(monday, false);
        assertTrue(fresh.stream().anyMatch(r -> "windows".equals(r.get(1))), "Windows sessions in this school");
        assertEquals(fresh, sessions(monday, true));
        String state = school.rows("SELECT * FROM kept_sessions_state").toString();
        assertEquals(fresh, sessions(monday, true), "reused again");
        assertEquals(state, school.rows("SELECT * FROM kept_sessions_state").toString());

        // A late file for a day kept: another account logs on to a computer while its user's session is
        // open, and the session's logon id is unlocked again after its logoff.
        List<List<Object>> victim = school.rows("SELECT session_id, host, started_at, ended_at FROM kept_sessions "
                + "WHERE source = 'windows' AND ended = 'logoff' AND started_at >= TIMESTAMP '" + monday.minusWeeks(2)
                + " 00:00:00' AND started_at < TIMESTAMP '" + monday.minusWeeks(1) + " 00:00:00' ORDER BY session_id LIMIT 1");
        assertFalse(victim.isEmpty(), "a Windows session logged off, two weeks before");
        String start = victim.get(0).get(0).toString();
        String other = school.rows("SELECT account FROM logon_events WHERE source = 'windows' AND kind = 'logon' AND interactive "
                + "AND account NOT IN (SELECT account FROM logon_events WHERE event_id = '" + start + "') ORDER BY account LIMIT 1")
                .get(0).get(0).toString();
        batch("late/windows-late-1.ndjson");
        copy(start, "late-intruder", "ts + INTERVAL 5 MINUTE", "'logon'", "'" + other + "'", "'0xfeed01'");
        copy(start, "late-unlock", "(SELECT ended_at FROM kept_sessions WHERE session_id = '" + start
                + "') + INTERVAL 2 HOUR", "'unlock'", "account", "logon_id");
        List<List<Object>> late = sessions(monday, false);
        assertNotEquals(fresh, late, "the late events change the sessions");
        assertEquals(late, sessions(monday, true), "the sessions the late file touched are derived again");

        // Later still: an unlock in the audited week of the same session's logon id. No later logon of that id
        // owns it, so it is that session's, kept from two weeks before.
        batch("late/windows-late-2.ndjson");
        copy(start, "late-unlock-2", "TIMESTAMP '" + monday.plusDays(1) + " 10:00:00'", "'unlock'", "account", "logon_id");
        List<List<Object>> later = sessions(monday, false);
        assertNotEquals(late, later, "the unlock is the old session's last");
        assertEquals(later, sessions(monday, true));

        // The next week's audit extends the kept sessions, with the same results.
        audit(monday);
        assertEquals(later, sessions(monday, false));
        assertEquals(later, sessions(monday, true));

        // Fast user switching: on Wednesday another account logs on to the computer while a session is
        // still signed in; that session is kept as ended by the other user's logon. Its own logoff comes
        // in the next week's file, after the cut, and closes it after all.
        String host = school.rows("SELECT workstation FROM logon_events WHERE event_id = '" + start + "'").get(0).get(0).toString();
        batch("windows-switch-1.ndjson");
        copy(start, "switch-in", "TIMESTAMP '" + monday.plusDays(2) + " 13:00:00'", "'logon'", "account", "'0xbeef01'");
        copy(start, "switch-other", "TIMESTAMP '" + monday.plusDays(2) + " 13:10:00'", "'logon'", "'" + other + "'", "'0xbeef02'");
        audit(monday);
        String switched = "SELECT ended FROM kept_sessions WHERE session_id = '" + start + "-switch-in'";
        assertEquals("other_user_logon", school.rows(switched).get(0).get(0), "kept as ended by the other user's logon");
        LocalDate next = monday.plusWeeks(1);
        batch("windows-switch-2.ndjson");
        copy(start, "switch-out", "TIMESTAMP '" + next.plusDays(1) + " 09:00:00'", "'logoff'", "account", "'0xbeef01'");
        List<List<Object>> switchedOut = sessions(next, false);
        assertTrue(switchedOut.stream().anyMatch(r -> (start + "-switch-in").equals(r.get(0)) && "logoff".equals(r.get(8))),
                "derived over the window, the session ends with its own logoff on " + host);
        assertEquals(switchedOut, sessions(next, true), "the kept session is paired again with its late logoff");
        assertEquals("logoff", school.rows(switched).get(0).get(0));

        // A purge deletes the first weeks' events and forgets what was kept (as Purge does).
        school.execute("DELETE FROM logon_events WHERE ts < TIMESTAMP '" + monday.minusWeeks(3) + " 12:00:00'");
        school.execute("DELETE FROM kept_sessions_state");
        List<List<Object>> purged = sessions(monday, false);
        assertNotEquals(later, purged);
        assertEquals(purged, sessions(monday, true));
        assertEquals(purged, sessions(monday, true));
    }

    /** A new ingest batch, as a late file makes. */
    private static void batch(String path) throws SQLException {
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), '" + path + "', '" + path + "', 'windows-security-ndjson', 0, 0, 0, "
                + "0, 0, 0, 0, TIMESTAMP '2027-01-01 00:00:00', TIMESTAMP '2027-01-01 00:00:01')");
    }

    /** A logon event like the given one, in the latest batch. */
    private static void copy(String eventId, String suffix, String ts, String kind, String account, String logonId)
            throws SQLException {
        school.execute("INSERT INTO logon_events SELECT l.* REPLACE (l.event_id || '-" + suffix + "' AS event_id, " + ts
                + " AS ts, " + kind + " AS kind, " + account + " AS account, " + logonId + " AS logon_id, "
                + "(SELECT max(batch_id) FROM ingest_batches) AS batch_id, 1 AS line_no, NULL AS natural_id) "
                + "FROM logon_events l WHERE l.event_id = '" + eventId + "'");
    }

    /** The week's sessions table: with the kept sessions, or derived over the whole window (kept ones out of sight). */
    private static List<List<Object>> sessions(LocalDate monday, boolean kept) throws SQLException {
        if (!kept) {
            school.execute("ALTER TABLE kept_sessions_state RENAME TO kept_sessions_state_hidden");
        }
        try {
            DuckDbEngine engine = new DuckDbEngine(school.store.connection());
            Sessions.build(new AuditContext(engine, AuditPeriod.ofDates(monday, monday.plusDays(6), ZONE), settings, ZONE));
            List<List<Object>> out = school.rows("SELECT * FROM sessions ORDER BY ALL");
            engine.dropDerived();
            return out;
        } finally {
            if (!kept) {
                school.execute("ALTER TABLE kept_sessions_state_hidden RENAME TO kept_sessions_state");
            }
        }
    }

    private static void audit(LocalDate monday) throws SQLException {
        school.auditWeek(monday, settings);
    }
}
