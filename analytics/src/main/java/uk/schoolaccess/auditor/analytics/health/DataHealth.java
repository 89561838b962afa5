package uk.schoolaccess.auditor.analytics.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store holds and where the audit would be blind: each source's events and the dates
 * they cover, quarantined rows, and accounts that belong to nobody in the roster. A DPO reads
 * this before trusting an empty week of findings.
 */
public final class DataHealth {

    /** One source system's events across the event tables. */
    public record SourceCoverage(String table, String source, long events, Instant first, Instant last,
                                 long unresolvedEvents) {
    }

    /** The roster's size. */
    public record Roster(long staff, long staffAccounts, long pupils, long relationships, long incidents) {
    }

    /** An account seen in the logs that the roster does not know. */
    public record UnknownAccount(String source, String account, long events) {
    }

    /**
     * @param pupilAccountsSeen distinct pupils' own logins seen in the logs (known, not unknown)
     */
    public record Report(Roster roster, List<SourceCoverage> sources, long batches, long quarantined,
                         List<UnknownAccount> unknownAccounts, long unknownAccountCount, long pupilAccountsSeen) {
    }

    private DataHealth() {
    }

    public static Report of(Connection c, int unknownAccountLimit) throws SQLException {
        try (Statement s = c.createStatement()) {
            Roster roster = new Roster(count(s, "staff"), count(s, "staff_accounts"), count(s, "pupils"),
                    count(s, "relationships"), count(s, "incidents"));
            List<SourceCoverage> sources = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT tbl, source, count(*), min(ts), max(ts),
                           count(*) FILTER (WHERE staff_id IS NULL AND account_key(account) NOT IN
                                            (SELECT account_key FROM pupil_accounts))
                    FROM (SELECT 'record_access' AS tbl, source, ts, staff_id, account FROM record_access
                          UNION ALL SELECT 'logon_events', source, ts, staff_id, account FROM logon_events WHERE interactive
                          UNION ALL SELECT 'signins', source, ts, staff_id, account FROM signins)
                    GROUP BY tbl, source ORDER BY tbl, source""")) {
                while (rs.next()) {
                    sources.add(new SourceCoverage(rs.getString(1), rs.getString(2), rs.getLong(3),
                            instant(rs, 4), instant(rs, 5), rs.getLong(6)));
                }
            }
            String unknown = """
                    SELECT source, account, count(*) AS n
                    FROM (SELECT source, account FROM record_access WHERE staff_id IS NULL
                          UNION ALL SELECT source, account FROM logon_events WHERE staff_id IS NULL AND interactive
                          UNION ALL SELECT source, account FROM signins WHERE staff_id IS NULL)
                    WHERE account IS NOT NULL
                      AND account_key(account) NOT IN (SELECT account_key FROM pupil_accounts)
                    GROUP BY source, account""";
            List<UnknownAccount> accounts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(unknown + " ORDER BY n DESC, source, account LIMIT " + unknownAccountLimit)) {
                while (rs.next()) {
                    accounts.add(new UnknownAccount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            long unknownCount;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + unknown + ")")) {
                rs.next();
                unknownCount = rs.getLong(1);
            }
            long pupils;
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT account_key(account)) FROM logon_events "
                    + "WHERE staff_id IS NULL AND account_key(account) IN (SELECT account_key FROM pupil_accounts)")) {
                rs.next();
                pupils = rs.getLong(1);
            }
            return new Report(roster, sources, count(s, "ingest_batches"), count(s, "quarantine"), accounts,
                    unknownCount, pupils);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var t = rs.getTimestamp(column, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
        return t == null ? null : t.toInstant();
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
