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

    /** Adds the events in {@code rows} (a table with the event table's columns) to {@code table}'s totals. */
    public static void add(Statement s, String table, String rows) throws SQLException {
        s.execute("CREATE OR REPLACE TEMP TABLE _event_totals AS SELECT tbl, source, counted, "
                + "sum(events)::BIGINT AS events, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM ("
                + "SELECT * FROM event_totals WHERE tbl = '" + known(table) + "' UNION ALL " + totals(table, rows)
                + ") GROUP BY tbl, source, counted");
        s.execute("DELETE FROM event_totals WHERE tbl = '" + table + "'");
        s.execute("INSERT INTO event_totals SELECT * FROM _event_totals");
        s.execute("DROP TABLE _event_totals");
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
