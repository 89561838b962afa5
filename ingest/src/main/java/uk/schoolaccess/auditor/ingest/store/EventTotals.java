package uk.schoolaccess.auditor.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
     * totals: the sources it already counts are added to in place, new ones inserted. One pass
     * over the rows counts them per source; the totals are then changed row by row (a file holds
     * one source or two). Two statements that each grouped the rows took two to seven times as
     * long (merge10, session 10), once per event table of every file.
     *
     * @return the earliest and latest time among the rows as DuckDB writes a timestamp ({null,
     *         null} when there are none), for the batch's record
     */
    public static String[] add(Statement s, String table, String rows) throws SQLException {
        String counted = counted(known(table));
        List<Group> groups = new ArrayList<>();
        String first = null;
        String last = null;
        // Times as text both ways (CAST to VARCHAR and back is exact): a java.sql.Timestamp would
        // pass through the JVM's zone.
        try (ResultSet rs = s.executeQuery("SELECT source, " + counted + ", count(*), CAST(min(ts) AS VARCHAR), "
                + "CAST(max(ts) AS VARCHAR), min(ts) = min(min(ts)) OVER (), max(ts) = max(max(ts)) OVER () FROM "
                + rows + " GROUP BY source, " + counted)) {
            while (rs.next()) {
                groups.add(new Group(rs.getString(1), rs.getBoolean(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5)));
                if (rs.getBoolean(6)) {
                    first = rs.getString(4);
                }
                if (rs.getBoolean(7)) {
                    last = rs.getString(5);
                }
            }
        }
        Connection c = s.getConnection();
        for (Group g : groups) {
            try (PreparedStatement up = c.prepareStatement("UPDATE event_totals SET events = events + ?, "
                    + "first_ts = least(first_ts, CAST(? AS TIMESTAMP)), last_ts = greatest(last_ts, CAST(? AS TIMESTAMP)) "
                    + "WHERE tbl = ? AND source IS NOT DISTINCT FROM CAST(? AS VARCHAR) AND counted = ?")) {
                up.setLong(1, g.events());
                up.setString(2, g.first());
                up.setString(3, g.last());
                up.setString(4, table);
                up.setString(5, g.source());
                up.setBoolean(6, g.counted());
                if (up.executeUpdate() > 0) {
                    continue;
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO event_totals VALUES (?, CAST(? AS VARCHAR), ?, ?, "
                    + "CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP))")) {
                in.setString(1, table);
                in.setString(2, g.source());
                in.setBoolean(3, g.counted());
                in.setLong(4, g.events());
                in.setString(5, g.first());
                in.setString(6, g.last());
                in.executeUpdate();
            }
        }
        return new String[] {first, last};
    }

    /** One source's events of a batch (and whether status counts them), with their first and last time as text. */
    private record Group(String source, boolean counted, long events, String first, String last) {
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

    private static String counted(String table) {
        return table.equals("logon_events") ? "coalesce(interactive, false)" : "true";
    }

    private static String totals(String table, String rows) {
        String counted = counted(table);
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
