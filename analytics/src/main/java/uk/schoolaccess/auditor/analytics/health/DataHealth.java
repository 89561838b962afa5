package uk.schoolaccess.auditor.analytics.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import uk.schoolaccess.auditor.ingest.store.EventTotals;

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
            // Each table's events per source (and, for logons, whether interactive), then apart the
            // events no member of staff owns, grouped by account (a few thousand groups); account keys
            // are worked out once per distinct account rather than once per event, and the answers
            // below are read from these groups. Two narrow passes rather than one grouping of every
            // event by account: the totals read only source and time, and the filter on staff_id
            // skips whole row groups where no event lacks an owner (DuckDB's statistics), so status
            // stays within a second on a full year's store. The dates come from the totals alone.
            record Group(boolean total, String table, String source, boolean counted, String account, String key,
                         Boolean unknown, Boolean pupil, long events, Instant first, Instant last) {
            }
            List<Group> groups = new ArrayList<>();
            // The totals kept as events come and go (event_totals) when they still agree with each
            // table's row count and first and last times (read from DuckDB's statistics, no scan);
            // otherwise from the events themselves.
            String totals = "SELECT true AS total, tbl, source, counted, NULL::VARCHAR AS unresolved, "
                    + "events AS n, first_ts AS first, last_ts AS last FROM "
                    + (totalsKept(s) ? "event_totals" : "(" + EventTotals.fromEvents() + ")");
            try (ResultSet rs = s.executeQuery("WITH totals AS (" + totals + """
                    ), unowned AS (
                        SELECT false AS total, 'record_access' AS tbl, source, true AS counted, account AS unresolved,
                               count(*) AS n, NULL::TIMESTAMP AS first, NULL::TIMESTAMP AS last
                        FROM record_access WHERE staff_id IS NULL GROUP BY source, account
                        UNION ALL SELECT false, 'logon_events', source, interactive, account, count(*), NULL, NULL
                        FROM logon_events WHERE staff_id IS NULL GROUP BY source, interactive, account
                        UNION ALL SELECT false, 'signins', source, true, account, count(*), NULL, NULL
                        FROM signins WHERE staff_id IS NULL GROUP BY source, account
                    )
                    SELECT total, tbl, source, counted, unresolved, account_key(unresolved) AS k,
                           account_key(unresolved) NOT IN (SELECT account_key FROM pupil_accounts) AS unknown,
                           account_key(unresolved) IN (SELECT account_key FROM pupil_accounts) AS pupil,
                           n, first, last
                    FROM (SELECT * FROM totals UNION ALL SELECT * FROM unowned) ORDER BY tbl, source""")) {
                while (rs.next()) {
                    boolean total = rs.getBoolean(1);
                    // A totals group belongs to no account: never unknown, never a pupil's.
                    groups.add(new Group(total, rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                            rs.getString(6), total ? Boolean.FALSE : (Boolean) rs.getObject(7),
                            total ? Boolean.FALSE : (Boolean) rs.getObject(8), rs.getLong(9), instant(rs, 10),
                            instant(rs, 11)));
                }
            }
            // Each source's events (interactive logons only), dates and events of unknown accounts.
            java.util.Map<List<String>, SourceCoverage> bySource = new java.util.LinkedHashMap<>();
            for (Group g : groups) {
                if (!g.counted()) {
                    continue;
                }
                // A totals group counts every event; an account's group only adds its events without an owner.
                boolean total = g.total();
                long unresolved = Boolean.TRUE.equals(g.unknown()) ? g.events() : 0;
                bySource.merge(List.of(g.table(), g.source()),
                        new SourceCoverage(g.table(), g.source(), total ? g.events() : 0, total ? g.first() : null,
                                total ? g.last() : null, unresolved),
                        (a, b) -> new SourceCoverage(a.table(), a.source(), a.events() + b.events(),
                                earliest(a.first(), b.first()), latest(a.last(), b.last()),
                                a.unresolvedEvents() + b.unresolvedEvents()));
            }
            List<SourceCoverage> sources = new ArrayList<>(bySource.values());
            // Unknown accounts: each source and account across the tables, most events first.
            java.util.Map<List<String>, Long> unknown = new java.util.HashMap<>();
            for (Group g : groups) {
                if (g.account() != null && g.counted() && Boolean.TRUE.equals(g.unknown())) {
                    unknown.merge(List.of(g.source(), g.account()), g.events(), Long::sum);
                }
            }
            // Pupils' own logins seen (any logon event of an account the roster gives a pupil).
            java.util.Set<String> pupilKeys = new java.util.HashSet<>();
            for (Group g : groups) {
                if (g.account() != null && g.table().equals("logon_events") && Boolean.TRUE.equals(g.pupil())) {
                    pupilKeys.add(g.key());
                }
            }
            List<UnknownAccount> accounts = unknown.entrySet().stream()
                    .map(e -> new UnknownAccount(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                    .sorted(java.util.Comparator.comparingLong(UnknownAccount::events).reversed()
                            .thenComparing(UnknownAccount::source).thenComparing(UnknownAccount::account))
                    .limit(unknownAccountLimit).toList();
            long unknownCount = unknown.size();
            long pupils = pupilKeys.size();
            return new Report(roster, sources, count(s, "ingest_batches"), count(s, "quarantine"), accounts,
                    unknownCount, pupils);
        }
    }

    /** Whether event_totals still describes every event table: same rows, first and last time. */
    private static boolean totalsKept(Statement s) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> tables = EventTotals.TABLES;
        for (int i = 0; i < tables.size(); i++) {
            String t = tables.get(i);
            sql.append(i > 0 ? " AND " : "").append("(SELECT count(*) FROM ").append(t)
                    .append(") = (SELECT coalesce(sum(events), 0) FROM event_totals WHERE tbl = '").append(t).append("')")
                    .append(" AND (SELECT min(ts) FROM ").append(t)
                    .append(") IS NOT DISTINCT FROM (SELECT min(first_ts) FROM event_totals WHERE tbl = '").append(t)
                    .append("') AND (SELECT max(ts) FROM ").append(t)
                    .append(") IS NOT DISTINCT FROM (SELECT max(last_ts) FROM event_totals WHERE tbl = '").append(t)
                    .append("')");
        }
        try (ResultSet rs = s.executeQuery(sql.toString())) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false; // no event_totals (a store older than V017 opened without migrating): read the events
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
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
