package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Kept sessions no logoff closed, and the logoffs of a later week: they close the latest open
 * logons of their key, as many as their marks fall below zero (logons up, logoffs down), so the
 * week's audit pairs again only those, and the sessions table is still the one derived over the
 * whole window. Here one logon id is logged on twice and never off in one week; the next week
 * brings two logoffs with a lock between them (both count), so the earlier logon is closed too,
 * two weeks after it started.
 */
class KeptSessionsDepthTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");
    private static final String HOST = "nfs-depth-pc";

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 23, 200, 20, 6);
        settings = school.withBaseline(4);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void a_later_week_s_logoffs_close_the_kept_open_logons_they_reach() throws Exception {
        LocalDate kept = FIRST_MONDAY.plusWeeks(4);
        LocalDate next = kept.plusWeeks(1);
        List<List<Object>> logon = school.rows("SELECT event_id, account FROM logon_events WHERE source = 'windows' "
                + "AND kind = 'logon' AND interactive AND coalesce(logon_type, 2) NOT IN (3, 5, 7) AND staff_id IS NOT NULL "
                + "ORDER BY event_id LIMIT 1");
        String start = logon.get(0).get(0).toString();
        String account = "'" + logon.get(0).get(1) + "'";
        String other = "'" + school.rows("SELECT account FROM logon_events WHERE source = 'windows' AND kind = 'logon' "
                + "AND interactive AND staff_id IS NOT NULL AND lower(account) <> lower(" + account + ") ORDER BY account LIMIT 1")
                .get(0).get(0) + "'";

        // The kept week, on a computer of its own: 0xd00d01 logged on twice and never off; a pair of
        // 0xd00d02; 0xd00d03 logged on and off; 0xd00d04 left open until another user logs on.
        batch("depth/windows-kept-week.ndjson");
        copy(start, "l1", at(kept, 1, "08:00"), "logon", account, "0xd00d01");
        copy(start, "l2", at(kept, 1, "09:00"), "logon", account, "0xd00d01");
        copy(start, "l3", at(kept, 1, "10:00"), "logon", account, "0xd00d02");
        copy(start, "l3-off", at(kept, 1, "11:00"), "logoff", account, "0xd00d02");
        copy(start, "l5", at(kept, 2, "08:00"), "logon", account, "0xd00d03");
        copy(start, "l5-off", at(kept, 2, "09:00"), "logoff", account, "0xd00d03");
        copy(start, "l6", at(kept, 3, "08:00"), "logon", account, "0xd00d04");
        copy(start, "l7", at(kept, 4, "08:00"), "logon", other, "0xd00d05");
        copy(start, "l7-off", at(kept, 4, "09:00"), "logoff", other, "0xd00d05");
        school.auditWeek(kept, settings);
        assertEquals(List.of(List.of("l1", "next_logon"), List.of("l2", "next_logon"), List.of("l3", "logoff"),
                        List.of("l5", "logoff"), List.of("l6", "other_user_logon"), List.of("l7", "logoff")),
                school.rows("SELECT regexp_extract(session_id, '[^-]+$'), ended FROM kept_sessions WHERE host = '" + HOST
                        + "' ORDER BY started_at"), "kept as the week's audit paired them");

        // The next week: 0xd00d01 logged off, locked, logged off again (the lock between them makes the
        // second a logoff of its own, not Windows' second sign-out), so both of its logons close;
        // 0xd00d04 logged on and off again (balanced: its open logon stays open); 0xd00d03 logged off
        // once more, right after its own logoff of last week (Windows' second sign-out: nothing closes).
        batch("depth/windows-next-week.ndjson");
        copy(start, "n1", at(next, 1, "08:00"), "logoff", account, "0xd00d01");
        copy(start, "n2", at(next, 1, "08:05"), "lock", account, "0xd00d01");
        copy(start, "n3", at(next, 1, "08:10"), "logoff", account, "0xd00d01");
        copy(start, "n4", at(next, 1, "09:00"), "logon", account, "0xd00d04");
        copy(start, "n5", at(next, 1, "10:00"), "logoff", account, "0xd00d04");
        copy(start, "n6", at(next, 0, "07:00"), "logoff", account, "0xd00d03");

        List<List<Object>> derived = sessions(next, false);
        assertEquals(List.of(List.of("l1", "logoff"), List.of("l2", "logoff"), List.of("l3", "logoff"),
                        List.of("l5", "logoff"), List.of("l6", "other_user_logon"), List.of("l7", "logoff"),
                        List.of("n4", "logoff")),
                derived.stream().filter(r -> HOST.equals(r.get(4)))
                        .map(r -> List.<Object>of(r.get(0).toString().substring(r.get(0).toString().lastIndexOf('-') + 1),
                                r.get(8)))
                        .toList(), "derived over the whole window, both logons of 0xd00d01 end with a logoff");
        assertEquals(derived, sessions(next, true), "the kept open logons the logoffs reach are paired again");
        assertEquals(derived, sessions(next, true), "and again, from the rows kept by the first");
        school.auditWeek(next, settings);
        assertEquals(derived, sessions(next, false));
        assertEquals(derived, sessions(next, true));
        assertTrue(school.scalar("SELECT count(*) FROM kept_sessions WHERE host = '" + HOST + "' AND ended = 'logoff'") == 6);
    }

    private static String at(LocalDate monday, int day, String time) {
        return "TIMESTAMP '" + monday.plusDays(day) + " " + time + ":00'";
    }

    /** A new ingest batch, as a new file makes. */
    private static void batch(String path) throws SQLException {
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), '" + path + "', '" + path + "', 'windows-security-ndjson', 0, 0, 0, "
                + "0, 0, 0, 0, TIMESTAMP '2027-01-01 00:00:00', TIMESTAMP '2027-01-01 00:00:01')");
    }

    /** A logon event like the given one on the depth test's own computer, in the latest batch. */
    private static void copy(String eventId, String suffix, String ts, String kind, String account, String logonId)
            throws SQLException {
        school.execute("INSERT INTO logon_events SELECT l.* REPLACE (l.event_id || '-" + suffix + "' AS event_id, " + ts
                + " AS ts, '" + kind + "' AS kind, " + account + " AS account, '" + logonId + "' AS logon_id, '"
                + HOST.toUpperCase() + "' AS workstation, (SELECT max(batch_id) FROM ingest_batches) AS batch_id, 1 AS line_no, "
                + "NULL AS natural_id) FROM logon_events l WHERE l.event_id = '" + eventId + "'");
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
}
