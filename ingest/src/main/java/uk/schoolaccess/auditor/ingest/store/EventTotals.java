package uk.schoolaccess.auditor.ingest.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Each event table's events per source, first and last time ({@code event_totals}, V017): what
 * {@code auditor status} reports, kept as events are added and deleted so it need not read the
 * 4.7 M events of a year's store. Status checks it against each table's row count and times before
 * trusting it (analytics DataHealth), so a writer that forgets it costs time, never a wrong report.
 */
public final class EventTotals {

    /** The event tables and which of their events status counts (logons: interactive ones only). */
    public static final List<String> TABLES = List.of("record_access", "logon_events", "signins");

    private EventTotals() {
    }

    /**
     * Adds the events in {@code rows} (a table with the event table's columns) to {@code table}'s
     * totals: the sources it already counts are added to in place, new ones inserted. (Two
     * statements where rebuilding the table's totals through a temporary table took four; once per
     * event table of every file.)
     */
    public static void add(Statement s, String table, String rows) throws SQLException {
        String fresh = "(" + totals(known(table), rows) + ")";
        String sameKey = "e.tbl = n.tbl AND e.source IS NOT DISTINCT FROM n.source AND e.counted = n.counted";
        s.execute("UPDATE event_totals e SET events = e.events + n.events, first_ts = least(e.first_ts, n.first_ts), "
                + "last_ts = greatest(e.last_ts, n.last_ts) FROM " + fresh + " n WHERE " + sameKey);
        s.execute("INSERT INTO event_totals SELECT n.* FROM " + fresh + " n "
                + "WHERE NOT EXISTS (SELECT 1 FROM event_totals e WHERE " + sameKey + ")");
    }

    /** Recomputes {@code table}'s totals from its events, after events were deleted. */
    public static void rebuild(Statement s, String table) throws SQLException {
        s.execute("DELETE FROM event_totals WHERE tbl = '" + known(table) + "'");
        s.execute("INSERT INTO event_totals " + totals(table, table));
    }

    /**
     * The totals counted from the events themselves, every event table, with event_totals' columns:
     * what status reads when the kept totals no longer agree with the tables.
     */
    public static String fromEvents() {
        return String.join(" UNION ALL ", TABLES.stream().map(t -> totals(t, t)).toList());
    }

    private static String totals(String table, String rows) {
        String counted = table.equals("logon_events") ? "coalesce(interactive, false)" : "true";
        return "SELECT '" + table + "' AS tbl, source, " + counted + " AS counted, count(*) AS events, "
                + "min(ts) AS first_ts, max(ts) AS last_ts FROM " + rows + " GROUP BY source, " + counted;
    }

    private static String known(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not an event table: " + table);
        }
        return table;
    }
}
