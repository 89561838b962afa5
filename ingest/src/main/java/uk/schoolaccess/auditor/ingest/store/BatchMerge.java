package uk.schoolaccess.auditor.ingest.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.ToLongFunction;

import org.duckdb.DuckDBConnection;

import uk.schoolaccess.auditor.ingest.IngestTrace;

/**
 * The set-based half of a batch: from the staging tables into the canonical ones. Runs inside
 * the batch's transaction.
 */
final class BatchMerge {

    /** Accounts that belong to exactly one member of staff, per system and across systems. */
    private static final String BY_SYSTEM = "(SELECT system, account_key, min(staff_id) AS staff_id "
            + "FROM account_directory GROUP BY system, account_key HAVING count(DISTINCT staff_id) = 1)";
    private static final String ANY_SYSTEM = "(SELECT account_key, min(staff_id) AS staff_id "
            + "FROM account_directory GROUP BY account_key HAVING count(DISTINCT staff_id) = 1)";

    private final DuckDBConnection c;
    /** The earliest and latest time of the events each event table took from the batch (null: none). */
    private final String[] firstTimes = new String[3];
    private final String[] lastTimes = new String[3];

    BatchMerge(DuckDBConnection c) {
        this.c = c;
    }

    /**
     * @param removed            roster rows a whole snapshot no longer lists, removed
     * @param snapshotIncomplete a roster file not read whole (quarantined rows, a last line cut off):
     *                           nothing was removed
     */
    record Counts(long added, long unchanged, long updated, long removed, boolean snapshotIncomplete) {
    }

    /**
     * @param staged          the rows the batch appended to each staging table (by canonical table
     *                        name, and "quarantine"), as the batch counted them
     * @param lastLineUnended the file's last line ends without a line break (it may be cut short)
     */
    Counts merge(long batchId, String sha256, ToLongFunction<String> staged, boolean lastLineUnended)
            throws SQLException {
        long added = 0;
        long unchanged = 0;
        long updated = 0;
        boolean rosterChanged = false;
        try (Statement s = c.createStatement()) {
            // A file fills one or two of the eleven staging tables, and each statement below over an
            // empty one (the incident links' account look-up, above all) cost milliseconds per file
            // for nothing. The batch counted its rows as it appended them: asking DuckDB instead (one
            // statement of twelve counts) took 20 to 30 ms per file on a quiet machine, the first's 60.
            if (staged.applyAsLong("incidents") + staged.applyAsLong("incident_involvement") > 0) {
                resolveRosterLinks(s, "temp._stage_incidents", "temp._stage_incident_involvement");
            }
            // the files that can remove anything: staff, pupils with logins, relationships
            boolean snapshot = staged.applyAsLong("staff") + staged.applyAsLong("pupil_accounts")
                    + staged.applyAsLong("relationships") > 0;
            boolean incomplete = snapshot && (staged.applyAsLong("quarantine") > 0 || lastLineUnended);
            long removed = snapshot && !incomplete ? removeWhatTheSnapshotNoLongerLists(s, staged) : 0;
            // Roster tables first, so events of the same batch resolve against the new roster.
            for (StagedTable t : StagedTable.ALL) {
                if (t.events()) {
                    continue;
                }
                long rows = staged.applyAsLong(t.table());
                if (rows == 0) {
                    continue;
                }
                rosterChanged = true;
                if (t.table().equals("staff_accounts")) {
                    s.execute("UPDATE temp._stage_staff_accounts SET account_key = account_key(account)");
                }
                if (t.table().equals("pupil_accounts")) {
                    s.execute("UPDATE temp._stage_pupil_accounts SET account_key = account_key(account)");
                }
                long same = scalar(s, "SELECT count(*) FROM (SELECT * FROM " + t.stage() + " INTERSECT SELECT * FROM "
                        + t.table() + ")");
                long fresh = scalar(s, "SELECT count(*) FROM " + t.stage() + " s ANTI JOIN " + t.table()
                        + " USING (" + t.keyList() + ")");
                String sameKey = String.join(" AND ", t.key().stream()
                        .map(k -> t.table() + "." + k + " = s." + k).toList());
                s.execute("DELETE FROM " + t.table() + " USING " + t.stage() + " s WHERE " + sameKey);
                s.execute("INSERT INTO " + t.table() + " SELECT * FROM " + t.stage());
                if (t.primary()) {
                    added += fresh;
                    unchanged += same;
                    updated += rows - fresh - same;
                }
            }
            if (rosterChanged) {
                resolveRosterLinks(s, "incidents", "incident_involvement");
            }
            for (StagedTable t : StagedTable.ALL) {
                if (!t.events()) {
                    continue;
                }
                long rows = staged.applyAsLong(t.table());
                if (rows == 0) {
                    continue;
                }
                long traced = IngestTrace.start();
                // Name the staged events by their data, drop those already stored, then add the rest
                // as they are: an INSERT of an ANTI JOIN hashes every staged column and took two to
                // five times as long.
                for (String naming : NaturalIds.nameStaged(t.table(), t.stage())) {
                    s.execute(naming);
                }
                String slice = sameTimes(s, t.stage());
                // A school's week starts after the weekend that ends the week before it, so a weekly
                // file's slice usually holds no stored events of its table (a SIMS week, an Entra
                // week loaded in turn), and the check's join over the whole stage found nothing for
                // 15 to 40 ms a week: a look at the slice's zone maps answers that first.
                if (slice.isEmpty() || anyStored(s, t.table(), slice)) {
                    s.execute(NaturalIds.dropStored(t.table(), t.stage(), slice));
                }
                long fresh = s.executeUpdate("INSERT INTO " + t.table() + " SELECT * FROM " + t.stage());
                if (fresh > 0) {
                    // What status reports, in this file's transaction; its counting pass gives the
                    // batch's first and last event too.
                    String[] range = EventTotals.add(s, t.table(), t.stage());
                    int i = EventTotals.TABLES.indexOf(t.table());
                    firstTimes[i] = range[0];
                    lastTimes[i] = range[1];
                }
                IngestTrace.done(t.table(), "add new events", traced);
                added += fresh;
                unchanged += rows - fresh;
            }
            if (rosterChanged) {
                // Events loaded before their owner's roster row now find their owner.
                for (String table : new String[] {"record_access", "logon_events", "signins"}) {
                    resolveStaff(s, table);
                }
            }
            // The same bad record of the same file content is kept once, however often it is re-read.
            if (staged.applyAsLong("quarantine") > 0) {
                s.execute("INSERT INTO quarantine SELECT q.* FROM temp._stage_quarantine q WHERE NOT EXISTS (SELECT 1 "
                        + "FROM quarantine x JOIN ingest_batches b ON b.batch_id = x.batch_id "
                        + "WHERE b.sha256 = '" + sha256 + "' AND x.line_no = q.line_no AND x.reason = q.reason)");
            }
            for (String table : StagedTable.STAGED) {
                s.execute("DROP TABLE " + StagedTable.stageOf(table));
            }
            return new Counts(added, unchanged, updated, removed, incomplete);
        }
    }

    /**
     * Roster files are snapshots: a staff or pupil row replaces that person's whole list of logins
     * (a staff row's even when empty), and a relationships file replaces each listed member of
     * staff's relationships of the kinds it lists, so a class no longer taught stops explaining.
     * Called only for a file read whole: a download cut short lists only some of a person's rows
     * (and its last row, cut inside its last column, may still look well formed), and a
     * quarantined row may be the one that lists them, so either would remove rows the school
     * still has (and a class taught would then look out of role). Rows the file lists
     * again are left to the merge, which replaces them; returns how many rows it no longer lists.
     */
    private static long removeWhatTheSnapshotNoLongerLists(Statement s, ToLongFunction<String> staged)
            throws SQLException {
        long removed = 0;
        if (staged.applyAsLong("staff") > 0) {
            removed += s.executeUpdate("DELETE FROM staff_accounts WHERE staff_id IN (SELECT staff_id FROM "
                    + "temp._stage_staff) AND NOT EXISTS (SELECT 1 FROM temp._stage_staff_accounts x WHERE x.system = "
                    + "staff_accounts.system AND account_key(x.account) = staff_accounts.account_key)");
        }
        if (staged.applyAsLong("pupil_accounts") > 0) {
            removed += s.executeUpdate("DELETE FROM pupil_accounts WHERE pupil_id IN (SELECT pupil_id FROM "
                    + "temp._stage_pupils) AND NOT EXISTS (SELECT 1 FROM temp._stage_pupil_accounts x WHERE x.system = "
                    + "pupil_accounts.system AND account_key(x.account) = pupil_accounts.account_key)");
        }
        if (staged.applyAsLong("relationships") > 0) {
            removed += s.executeUpdate("DELETE FROM relationships WHERE EXISTS (SELECT 1 FROM "
                    + "temp._stage_relationships r WHERE r.staff_id = relationships.staff_id AND r.kind = "
                    + "relationships.kind) AND relationship_id NOT IN (SELECT relationship_id FROM "
                    + "temp._stage_relationships)");
        }
        return removed;
    }

    /**
     * Only stored events near the batch's own times can share an id with it: an id is made from
     * the event's fields, its time among them. Comparing against that slice of the table instead of all
     * of it keeps a weekly file's cost flat as the store grows (DuckDB skips whole row groups by
     * their time range). A day either side covers a record read again under another zone setting.
     */
    private static String sameTimes(Statement s, String stage) throws SQLException {
        try (var rs = s.executeQuery("SELECT strftime(min(ts) - INTERVAL 1 DAY, '%Y-%m-%d %H:%M:%S.%f'), "
                + "strftime(max(ts) + INTERVAL 1 DAY, '%Y-%m-%d %H:%M:%S.%f') FROM " + stage)) {
            rs.next();
            String from = rs.getString(1);
            String to = rs.getString(2);
            return from == null ? "" : " WHERE ts BETWEEN TIMESTAMP '" + from + "' AND TIMESTAMP '" + to + "'";
        }
    }

    /** Whether the table holds any event in the slice (a WHERE clause over ts). */
    private static boolean anyStored(Statement s, String table, String slice) throws SQLException {
        try (var rs = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + table + slice + " LIMIT 1)")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /**
     * Records the batch; its first and last event are those {@link #merge} added (the events a
     * batch stored are exactly the rows it inserted: a roster load later only fills their staff).
     */
    void recordBatch(BatchResult r, String sha256, String zone, Instant started) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ingest_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, least(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP)), "
                + "greatest(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP)), ?, ?)")) {
            p.setLong(1, r.batchId());
            p.setString(2, r.path());
            p.setString(3, sha256);
            p.setString(4, r.format());
            p.setString(5, zone);
            p.setLong(6, r.rowsRead());
            p.setLong(7, r.rowsRead() - r.quarantined() - r.ignored());
            p.setLong(8, r.duplicates());
            p.setLong(9, r.ignored());
            p.setLong(10, r.quarantined());
            p.setLong(11, r.ambiguousTimes());
            p.setLong(12, r.unresolvedAccounts());
            for (int i = 0; i < 3; i++) {
                p.setString(13 + i, firstTimes[i]);
                p.setString(16 + i, lastTimes[i]);
            }
            p.setObject(19, LocalDateTime.ofInstant(started, ZoneOffset.UTC));
            p.setObject(20, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            p.executeUpdate();
        }
    }

    /**
     * Fills staff_id of stored events from the account after a roster load, by the same rule as
     * {@link StaffResolver}: the same system's login first, then any unique match.
     */
    static void resolveStaff(Statement s, String table) throws SQLException {
        s.execute("UPDATE " + table + " t SET staff_id = d.staff_id FROM " + BY_SYSTEM + " d WHERE t.staff_id IS NULL "
                + "AND t.account IS NOT NULL AND d.system = t.source AND d.account_key = account_key(t.account)");
        s.execute("UPDATE " + table + " t SET staff_id = d.staff_id FROM " + ANY_SYSTEM + " d WHERE t.staff_id IS NULL "
                + "AND t.account IS NOT NULL AND d.account_key = account_key(t.account)");
    }

    /** Incident authors and involvements name CPOMS logins; they resolve the same way. */
    private static void resolveRosterLinks(Statement s, String incidents, String involvement) throws SQLException {
        s.execute("UPDATE " + incidents + " t SET author_staff_id = d.staff_id FROM " + ANY_SYSTEM + " d "
                + "WHERE t.author_staff_id IS NULL AND t.author_account IS NOT NULL "
                + "AND d.account_key = account_key(t.author_account)");
        s.execute("UPDATE " + involvement + " t SET staff_id = d.staff_id FROM " + ANY_SYSTEM + " d "
                + "WHERE t.staff_id IS NULL AND d.account_key = account_key(t.account)");
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
