package uk.schoolaccess.auditor.analytics.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.audit.KeptState;
import java.util.OptionalLong;

/**
 * The sessions of earlier audits, kept in the store (migration V021) so that a week's audit pairs
 * only the last days' logons instead of nine weeks of them again. The result is the table
 * sessions.sql builds over the whole window: the same rows.
 * <p>
 * Why that holds: sessions are paired by sequence within a pairing key and ended by the next
 * logon on the same computer, so a session that starts at or after some moment depends only on
 * the events of its computer from that moment on (leaving out events before it shifts every
 * later depth and number by the same amount). A kept session is reused only when everything it
 * was derived from happened before the cut (its end and its last unlock: its reach) in days no file
 * loaded since touched, and it started more than a minute after both windows began (its activity
 * looks a minute back). Each computer is paired again from the earliest kept session of it that
 * fails that, and from a kept session whose pairing key has an unlock after the cut that no later
 * logon owns (locks and unlocks belong to the latest logon of their key, however late), and from
 * a kept session no logoff or timeout closed that its pairing key's logoffs and timeouts after the
 * cut can reach (they close the latest sessions of the key still open, however long ago those
 * started: as many of them as the key's marks after the cut fall below zero, counting logons up
 * and logoffs down). Entra
 * sessions (grouped by Session ID over the window) are always derived again. Everything is
 * thrown away after a roster file (it resolves accounts to staff), a change of the school's
 * networks, or a retention purge. DuckDB only (Spark recomputes).
 */
final class KeptSessions {

    /** Changes whenever what a kept row means changes, so rows kept by an older build are rebuilt. */
    private static final String VERSION = "2";

    private static final String NKEY = "CASE WHEN %1$ssource = 'windows' THEN 'windows|' || %1$shost "
            + "WHEN %1$ssource = 'google' THEN 'google|' || %2$s "
            + "ELSE %1$ssource || '|' || coalesce(%1$shost, %2$s) END";

    private static final String COLUMNS = "session_id, source, staff_id, account, host, ip, started_at, ended_at, ended, "
            + "start_event_id, end_event_id, ended_by_account, activity, first_activity, last_activity, last_unlock, "
            + "last_sign_of_life, other_logons, unlocked_other_logons, locked_when_other_logged_on, first_exposure_at, "
            + "first_exposure_account, first_exposure_event_id, sign_ins, offsite_sign_ins, mis_sign_ins";

    /** The table sessions.sql builds from the events it is given; the sessions view adds the kept ones. */
    private static final String BUILT = "sessions_derived";

    private final Engine engine;
    private final Instant historyFrom;
    private final Instant to;
    private final String madeWith;
    private final long lastBatch;
    /** Sessions starting before it (and before their computer's own cut) are reused. */
    private Instant cut;

    private KeptSessions(AuditContext context) {
        this.engine = context.engine();
        this.historyFrom = context.historyFrom();
        this.to = context.period().to();
        this.madeWith = String.join("|", VERSION, String.valueOf(context.settings().networks().school()));
        this.lastBatch = engine.query("SELECT coalesce(max(batch_id), 0) AS b FROM ingest_batches").get(0).number("b");
    }

    /**
     * Whether this audit uses kept sessions: DuckDB, the store migrated, and a period no longer than
     * its baseline history (a week's or a month's audit), as for the kept teaching activity; a
     * longer audit derives every session and leaves the kept ones as they are.
     */
    static boolean applies(AuditContext context) {
        Instant from = context.period().from();
        boolean shortPeriod = Duration.between(from, context.period().to())
                .compareTo(Duration.between(context.historyFrom(), from)) <= 0;
        return shortPeriod && context.engine() instanceof DuckDbEngine
                && context.engine().query("SELECT count(*) AS n FROM information_schema.tables "
                        + "WHERE table_name = 'kept_sessions_state' AND table_schema = 'main'").get(0).number("n") == 1;
    }

    /**
     * Decides which kept sessions this audit reuses and returns sessions.sql's parameters that
     * leave their events out: events_from, acts_from and cut_filter.
     */
    static KeptSessions prepare(AuditContext context, Map<String, String> params) {
        KeptSessions kept = new KeptSessions(context);
        kept.decideCuts();
        Instant eventsFrom = kept.cut;
        Row earliest = kept.engine.query("SELECT min(cut) AS c FROM _session_cuts").get(0);
        if (earliest.get("c") != null && earliest.instant("c").isBefore(eventsFrom)) {
            eventsFrom = earliest.instant("c");
        }
        Instant actsFrom = eventsFrom.minusSeconds(60).isBefore(kept.historyFrom) ? kept.historyFrom
                : eventsFrom.minusSeconds(60);
        uk.schoolaccess.auditor.analytics.engine.EngineTrace.note("sessions paired again from " + eventsFrom
                + " (cut " + kept.cut + ")");
        params.put("events_from", AuditPeriod.sql(eventsFrom));
        params.put("acts_from", AuditPeriod.sql(actsFrom));
        params.put("sessions_table", BUILT);
        params.put("cut_filter", "\nLEFT JOIN _session_cuts k ON k.nkey = " + String.format(NKEY, "e.", "e.who")
                + "\nWHERE e.ts >= coalesce(k.cut, " + AuditPeriod.sql(kept.cut) + ")");
        return kept;
    }

    private void decideCuts() {
        List<Row> state = engine.query("SELECT made_with, last_batch, window_from, window_to FROM kept_sessions_state");
        // Sessions kept for a window starting later than this one's lack its first weeks.
        OptionalLong trusted = state.size() == 1 && !historyFrom.isBefore(state.get(0).instant("window_from"))
                ? KeptState.trustedSince(engine, state, madeWith, lastBatch) : OptionalLong.empty();
        long since = trusted.orElse(0);
        cut = historyFrom;
        if (trusted.isEmpty()) {
            // the state first: an audit stopped between the two must not leave a state over no sessions
            engine.execute("DELETE FROM kept_sessions_state");
            engine.execute("DELETE FROM kept_sessions");
        } else {
            Instant windowFrom = state.get(0).instant("window_from");
            Instant windowTo = state.get(0).instant("window_to");
            cut = windowTo.isBefore(to) ? windowTo : to;
            if (since < lastBatch) {
                // Everything before the earliest event loaded since is as the kept sessions saw it.
                Row changed = engine.query("SELECT min(ts) AS ts FROM (SELECT min(ts) AS ts FROM logon_events WHERE batch_id > "
                        + since + " UNION ALL SELECT min(ts) FROM signins WHERE batch_id > " + since
                        + " UNION ALL SELECT min(ts) FROM record_access WHERE batch_id > " + since + ")").get(0);
                if (changed.get("ts") != null && changed.instant("ts").isBefore(cut)) {
                    cut = changed.instant("ts");
                }
            }
            if (cut.isBefore(historyFrom)) {
                cut = historyFrom;
            }
            String h = AuditPeriod.sql(historyFrom);
            String c = AuditPeriod.sql(cut);
            // A kept session is final when all it was derived from lies before the cut, and its activity
            // was not cut short by either window's start.
            engine.execute("CREATE OR REPLACE TEMP TABLE _session_cuts AS SELECT nkey, min(started_at) AS cut "
                    + "FROM kept_sessions WHERE started_at >= " + h + " AND started_at < " + c
                    + " AND NOT (reach IS NOT NULL AND reach < " + c + " AND started_at >= " + h + " + INTERVAL 1 MINUTE"
                    + " AND started_at >= " + AuditPeriod.sql(windowFrom) + " + INTERVAL 1 MINUTE) GROUP BY nkey");
            // An unlock after the cut belongs to the latest earlier logon of its key: where no logon of that
            // key precedes it from its computer's cut on, the key's latest kept session is paired again.
            Row earliest = engine.query("SELECT min(cut) AS c FROM _session_cuts").get(0);
            String lowest = earliest.get("c") != null && earliest.instant("c").isBefore(cut)
                    ? AuditPeriod.sql(earliest.instant("c")) : c;
            engine.execute("INSERT INTO _session_cuts WITH unlocks AS (SELECT 'windows|' || lower(split_part(workstation, "
                    + "'.', 1)) AS nkey, 'windows|' || lower(split_part(workstation, '.', 1)) || '|' || lower(logon_id) AS pkey, "
                    + "ts FROM logon_events WHERE source = 'windows' AND kind = 'unlock' AND workstation IS NOT NULL "
                    + "AND logon_id IS NOT NULL AND ts >= " + c + " AND ts < " + AuditPeriod.sql(to) + "), "
                    + "placed AS (SELECT u.nkey, u.pkey, u.ts, coalesce(k.cut, " + c + ") AS cut FROM unlocks u "
                    + "LEFT JOIN _session_cuts k ON k.nkey = u.nkey), "
                    + "logons AS (SELECT 'windows|' || lower(split_part(workstation, '.', 1)) || '|' || lower(logon_id) AS pkey, ts "
                    + "FROM logon_events WHERE source = 'windows' AND kind = 'logon' AND workstation IS NOT NULL "
                    + "AND logon_id IS NOT NULL AND ts >= " + lowest + " AND ts < " + AuditPeriod.sql(to) + "), "
                    + "orphans AS (SELECT p.nkey, p.pkey, p.cut FROM placed p WHERE NOT EXISTS (SELECT 1 FROM logons l "
                    + "WHERE l.pkey = p.pkey AND l.ts >= p.cut AND l.ts < p.ts)) "
                    + "SELECT o.nkey, max(s.started_at) AS cut FROM orphans o JOIN kept_sessions s ON s.pkey = o.pkey "
                    + "AND s.started_at >= " + h + " AND s.started_at < o.cut GROUP BY o.nkey, o.pkey");
            // A logoff or timeout after the cut closes the latest session of its key still open by then, however
            // long ago it started: a kept session no logoff or timeout closed (ended by the next logon on its
            // computer, as when another user switches in) may be that one, so its computer is paired again
            // from it. Which ones can be: logons and logoffs match like brackets, and the logons of a key still
            // open at the cut form a stack (each a level deeper than the one before), so the key's marks after
            // the cut close exactly the top `fall` of that stack, where fall is how far their running sum
            // (+1 a logon, -1 a logoff or timeout) falls below zero. The kept sessions still open are on that
            // stack (the others on it are logons that start no session), so any of them closed is among the
            // key's latest `fall` of them. Windows' second sign-out of a session is not counted, as in
            // sessions.sql, but the key's first mark after the cut always counts (the mark before it is not
            // read): that can only pair more again, never less.
            String t = AuditPeriod.sql(to);
            String marks = " AND ts >= " + c + " AND ts < " + t;
            engine.execute("INSERT INTO _session_cuts WITH post AS ("
                    + "SELECT 'windows|' || lower(split_part(workstation, '.', 1)) || '|' || lower(logon_id) AS pkey, kind, ts, "
                    + "coalesce(batch_id, 0) AS batch_id, coalesce(line_no, 0) AS line_no, event_id FROM logon_events "
                    + "WHERE source = 'windows' AND workstation IS NOT NULL AND logon_id IS NOT NULL "
                    + "AND kind IN ('logon', 'logoff', 'timeout', 'lock', 'unlock')" + marks
                    + " UNION ALL SELECT source || '|' || lower(account) || '|' || coalesce(lower(split_part(workstation, '.', 1)), ''), "
                    + "kind, ts, coalesce(batch_id, 0), coalesce(line_no, 0), event_id FROM logon_events "
                    + "WHERE source NOT IN ('windows', 'google') AND account IS NOT NULL AND kind IN ('logon', 'logoff', 'timeout')"
                    + marks
                    + " UNION ALL SELECT 'google|' || lower(account), kind, ts, coalesce(batch_id, 0), coalesce(line_no, 0), event_id "
                    + "FROM logon_events WHERE source = 'google' AND account IS NOT NULL AND kind IN ('logoff', 'timeout')" + marks
                    + " UNION ALL SELECT 'google|' || lower(account), 'logon', ts, coalesce(batch_id, 0), coalesce(line_no, 0), "
                    + "event_id FROM signins WHERE source = 'google' AND success AND account IS NOT NULL" + marks + "), "
                    + "ordered AS (SELECT pkey, kind, ts, batch_id, line_no, event_id, lag(kind) OVER (PARTITION BY pkey "
                    + "ORDER BY ts, batch_id, line_no, event_id) AS previous_kind FROM post), "
                    + "stepped AS (SELECT pkey, sum(CASE WHEN kind = 'logon' THEN 1 WHEN kind IN ('logoff', 'timeout') "
                    + "AND NOT (pkey LIKE 'windows|%' AND coalesce(previous_kind, '') IN ('logoff', 'timeout')) THEN -1 ELSE 0 END) "
                    + "OVER (PARTITION BY pkey ORDER BY ts, batch_id, line_no, event_id ROWS BETWEEN UNBOUNDED PRECEDING "
                    + "AND CURRENT ROW) AS running FROM ordered), "
                    + "drops AS (SELECT pkey, -min(running) AS fall FROM stepped GROUP BY pkey HAVING min(running) < 0), "
                    + "open_kept AS (SELECT s.nkey, s.started_at, d.fall, row_number() OVER (PARTITION BY s.pkey "
                    + "ORDER BY s.started_at DESC) AS from_top FROM kept_sessions s JOIN drops d ON d.pkey = s.pkey "
                    + "WHERE s.ended NOT IN ('logoff', 'timeout') AND s.started_at >= " + h + " AND s.started_at < " + c + ") "
                    + "SELECT nkey, min(started_at) AS cut FROM open_kept WHERE from_top <= fall GROUP BY nkey");
            engine.execute("CREATE OR REPLACE TEMP TABLE _session_cuts AS SELECT nkey, min(cut) AS cut FROM _session_cuts "
                    + "GROUP BY nkey");
            return;
        }
        engine.execute("CREATE OR REPLACE TEMP TABLE _session_cuts AS SELECT CAST(NULL AS VARCHAR) AS nkey, "
                + "CAST(NULL AS TIMESTAMP) AS cut WHERE 1 = 0");
    }

    /**
     * After sessions.sql built the sessions of the events it was given: keeps them, adds the reused
     * kept sessions to the sessions table, and records what the kept rows now are.
     */
    void finish() {
        String c = AuditPeriod.sql(cut);
        String ownCut = "coalesce((SELECT k.cut FROM _session_cuts k WHERE k.nkey = %s), " + c + ")";
        // Each statement commits on its own: with the state gone first, an audit that stops part way
        // leaves kept sessions the next audit does not trust, never a state over sessions half replaced.
        engine.execute("DELETE FROM kept_sessions_state");
        // What this audit derived again replaces what was kept; sessions before the window are dropped. The
        // kept sessions are then this audit's, but Entra's.
        engine.execute("DELETE FROM kept_sessions WHERE started_at < " + AuditPeriod.sql(historyFrom)
                + " OR started_at >= " + String.format(ownCut, "kept_sessions.nkey"));
        engine.execute("INSERT INTO kept_sessions SELECT s." + COLUMNS.replace(", ", ", s.") + ", "
                + String.format(NKEY, "s.", "lower(s.account)") + " AS nkey, p.pkey, "
                + "CASE WHEN s.ended_at IS NOT NULL THEN greatest(s.ended_at, coalesce(s.last_unlock, s.ended_at)) END AS reach "
                + "FROM " + BUILT + " s JOIN session_pairs p ON p.session_id = s.session_id WHERE s.source <> 'entra'");
        engine.execute("DROP TABLE IF EXISTS _session_cuts");
        engine.execute("CREATE OR REPLACE TEMP VIEW sessions AS SELECT " + COLUMNS + " FROM kept_sessions UNION ALL SELECT "
                + COLUMNS + " FROM " + BUILT + " WHERE source = 'entra'");
        engine.execute("INSERT INTO kept_sessions_state VALUES ('" + madeWith.replace("'", "''") + "', " + lastBatch + ", "
                + AuditPeriod.sql(historyFrom) + ", " + AuditPeriod.sql(to) + ")");
    }

    static Map<String, String> fullParams(Map<String, String> params) {
        Map<String, String> out = new HashMap<>(params);
        out.put("events_from", params.get("history_from"));
        out.put("acts_from", params.get("history_from"));
        out.put("cut_filter", "");
        out.put("sessions_table", "sessions");
        return out;
    }
}
