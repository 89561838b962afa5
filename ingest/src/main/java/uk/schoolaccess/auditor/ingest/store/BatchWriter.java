package uk.schoolaccess.auditor.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import uk.schoolaccess.auditor.ingest.IngestTrace;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.PupilAccountRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;

/**
 * Writes one file as one batch, all or nothing. Rows are bulk-appended (DuckDB's Appender) to
 * staging tables inside a transaction; {@link #commit} then resolves accounts to staff, adds
 * only rows not already stored, records the batch, and commits. Any failure before that rolls
 * the whole file back, so a crash mid-file leaves nothing behind.
 */
public final class BatchWriter implements RowSink, AutoCloseable {

    private static final int PREVIEW = 5;

    private final DuckDBConnection connection;
    private long batchId;
    private final String path;
    /** Set when this batch is staged beside an earlier one's commit (see the constructor). */
    private final Ahead ahead;
    /** The staging tables were made in a transaction of their own, so they and what is committed to them outlive a rollback. */
    private boolean stagingCommitted;
    /** How long a batch staged ahead took to stage: its time waiting for the merge is not its own. */
    private java.time.Duration stagingTook;
    /** Whether {@link #batchId} is the sequence's already, not one expected at the merge. */
    private boolean idTaken = true;
    private final Instant started = Instant.now();
    private final Map<String, DuckDBAppender> appenders = new HashMap<>();
    /** Rows appended to each staging table (by canonical table name, and "quarantine"): what the merge is given. */
    private final Map<String, long[]> staged = new HashMap<>();
    private final Set<String> rosterKeys = new HashSet<>();
    private final List<Quarantined> preview = new ArrayList<>();
    private final RowCounter counter;
    private StaffResolver staff;
    private long records;
    private long quarantined;
    private long ambiguous;
    private long repeats;
    private long ignored;
    private long implausible;
    private boolean lastLineUnended;
    private boolean open = true;
    private final IngestSettings.Limits limits;
    private final Instant earliest;
    private final Instant latest;

    /** Called every so many records, so a long ingest can show progress. */
    @FunctionalInterface
    public interface RowCounter {
        void records(long soFar);
    }

    public BatchWriter(Store store, String path, RowCounter counter) {
        this(store, path, counter, IngestSettings.Limits.DEFAULTS);
    }

    /** @param limits the longest record and the window of plausible event times (ingest settings) */
    public BatchWriter(Store store, String path, RowCounter counter, IngestSettings.Limits limits) {
        this(store, path, counter, limits, null);
    }

    /**
     * A batch staged while the previous file's batch is still being merged and committed on
     * another connection (see {@link Ahead}). Until {@link #commit} it touches the temporary
     * database only, apart from its start under {@link Ahead#gate}: a transaction open in the
     * store's own database would see the store as it was before the earlier file committed, and
     * would keep that file's commit from checkpointing.
     */
    public BatchWriter(Store store, String path, RowCounter counter, IngestSettings.Limits limits, Ahead ahead) {
        this.ahead = ahead;
        this.limits = limits;
        this.earliest = limits.earliest();
        this.latest = limits.latest();
        try {
            this.connection = store.connection().unwrap(DuckDBConnection.class);
            this.path = path;
            this.counter = counter;
            if (ahead == null) {
                dropLeftoverStaging(connection);
                connection.setAutoCommit(false);
                createStaging(connection);
                batchId = nextBatchId(connection);
                this.staff = new StaffResolver(connection);
            } else {
                // A transaction of its own, never open while the other connection commits; the
                // staging's own transaction then touches the temporary database only.
                connection.setAutoCommit(false);
                synchronized (ahead.gate) {
                    dropLeftoverStaging(connection);
                    createStaging(connection);
                    this.staff = new StaffResolver(connection);
                    connection.commit();
                }
                stagingCommitted = true;
                batchId = ahead.id;
                idTaken = ahead.taken;
            }
        } catch (SQLException e) {
            rollbackQuietly(store.connection());
            throw new StoreException(store.path() + ": cannot start a batch: " + Store.firstLine(e), e);
        }
    }

    public long batchId() {
        return batchId;
    }

    /**
     * How a batch staged ahead is started: its id, taken already ({@code taken}) or the one it is
     * expected to get (ids are given in file order at the merge; its rows are renumbered there if
     * another took it), and the lock its
     * start and every commit of the run hold, so no transaction of the start is open in the
     * store's database while another connection commits (DuckDB does not checkpoint at a commit
     * that updated rows while another transaction is open, and the store's write-ahead log and
     * memory would then grow until a later commit).
     */
    public record Ahead(long id, boolean taken, Object gate) {
    }

    /**
     * Takes the next batch id, for the first batch of a run, which nothing else is staged or
     * merged beside (the sequence says nothing reliable of its next value without giving it: a
     * reopened store reports its last value as its next).
     */
    public static long takeBatchId(Store store) {
        try {
            return nextBatchId(store.connection());
        } catch (SQLException e) {
            throw new StoreException(store.path() + ": cannot take a batch id: " + Store.firstLine(e), e);
        }
    }

    /**
     * Takes the id a batch staged ahead was given and then failed before its merge, in its file's
     * turn, as a batch begun in turn takes it and keeps it when rolled back, so the ids of the
     * files after it are the same.
     */
    public static long skipBatchId(Store store) {
        try {
            Connection c = store.connection();
            c.setAutoCommit(false);
            try {
                return nextBatchId(c);
            } finally {
                rollbackQuietly(c);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(store.path() + ": cannot take a batch id: " + Store.firstLine(e), e);
        }
    }

    private static long nextBatchId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT nextval('ingest_batch_ids')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void createStaging(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Temporary tables: they never reach the store file, so a failed commit (a full
            // disk) or a crash cannot leave them behind to block the next batch.
            for (String table : StagedTable.STAGED) {
                s.execute("DROP TABLE IF EXISTS " + StagedTable.stageOf(table));
                s.execute("CREATE TEMP TABLE " + StagedTable.stageOf(table).substring(5) + " AS SELECT * FROM main."
                        + table + " LIMIT 0");
            }
        }
    }

    private static void dropStaging(Connection c) {
        try (Statement s = c.createStatement()) {
            for (String table : StagedTable.STAGED) {
                s.execute("DROP TABLE IF EXISTS " + StagedTable.stageOf(table));
            }
        } catch (SQLException ignored) {
            // the next batch on this connection drops them before it stages
        }
    }

    /**
     * Ends the staging of a batch staged ahead: its rows are in the temporary tables, and that
     * transaction ends here, so the merge's transaction sees every file committed before it.
     * Whether the file changes whom accounts resolve to (logins, staff e-mails, pupils' logins):
     * a file after it must not be staged before it commits.
     */
    public boolean staged() {
        try {
            flushAppenders();
            connection.commit();
            stagingTook = java.time.Duration.between(started, Instant.now());
            return staged("staff") + staged("staff_accounts") + staged("pupil_accounts") > 0;
        } catch (SQLException e) {
            throw new StoreException(path + ": batch not stored: " + Store.firstLine(e), e);
        }
    }

    private long staged(String table) {
        long[] n = staged.get(table);
        return n == null ? 0L : n[0];
    }

    private void flushAppenders() throws SQLException {
        for (DuckDBAppender a : appenders.values()) {
            // Flushed first: the appender's close writes its last rows too, but swallows an
            // error doing so, and the file would be stored without them.
            a.flush();
            a.close();
        }
        appenders.clear();
    }

    /** Gives a batch staged ahead its id in turn; its staged rows carry the id it expected. */
    private void takeBatchId() throws SQLException {
        long id = nextBatchId(connection);
        if (id != batchId) {
            IngestTrace.done(path, "renumbered", IngestTrace.start());
            try (Statement s = connection.createStatement()) {
                for (String table : new String[] {"record_access", "logon_events", "signins", "quarantine"}) {
                    s.execute("UPDATE temp._stage_" + table + " SET batch_id = " + id);
                }
            }
            batchId = id;
        }
    }

    @Override
    public void recordAccess(Origin o, RecordAccessRow r) {
        if (implausible(o, r.ts())) {
            return;
        }
        counted(o);
        row("record_access", a -> a.appendNull().append(r.source()).append(ts(r.ts()))
                .append(r.account()).append(staff.staffId(r.source(), r.account(), true)).append(r.action()).append(r.area()).append(r.pupilId())
                .append(r.incidentId()).append(r.category()).append(r.rowCount()).append(r.workstation())
                .append(r.ip()).append(r.sessionId()).append(batchId).append(o.line()).appendNull());
    }

    @Override
    public void logonEvent(Origin o, LogonEventRow r) {
        if (implausible(o, r.ts())) {
            return;
        }
        counted(o);
        row("logon_events", a -> a.appendNull().append(r.source()).append(ts(r.ts()))
                .append(r.account()).append(staff.staffId(r.source(), r.account(), r.interactive()))
                .append(r.workstation()).append(r.logonId()).append(r.kind())
                .append(r.logonType()).append(r.ip()).append(r.mfa()).append(r.interactive()).append(r.sessionId())
                .append(batchId).append(o.line()).appendNull());
    }

    @Override
    public void signin(Origin o, SigninRow r) {
        if (implausible(o, r.ts())) {
            return;
        }
        counted(o);
        row("signins", a -> a.appendNull().append(r.source()).append(ts(r.ts()))
                .append(r.account()).append(staff.staffId(r.source(), r.account(), true)).append(r.app()).append(r.ip()).append(r.country()).append(r.city())
                .append(r.lat()).append(r.lon()).append(r.deviceId()).append(r.deviceName()).append(r.clientApp())
                .append(r.authRequirement()).append(r.mfaResult()).append(r.success()).append(r.errorCode())
                .append(r.sessionId()).append(r.userAgent()).append(r.deviceCompliant()).append(r.deviceManaged())
                .append(batchId).append(o.line()).appendNull());
    }

    @Override
    public void staff(Origin o, StaffRow r) {
        if (duplicateKey(o, "staff_id", r.staffId())) {
            return;
        }
        counted(o);
        row("staff", a -> a.append(r.staffId()).append(r.displayName()).append(r.email()).append(r.roles())
                .append(r.startDate()).append(r.leaveDate()).append(r.schoolId()).append(r.familyKey()));
    }

    @Override
    public void staffAccount(Origin o, StaffAccountRow r) {
        if (duplicateKey(o, "account", r.system() + ":" + r.account().toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        counted(o);
        row("staff_accounts", a -> a.append(r.staffId()).append(r.system()).append(r.account()).append(""));
    }

    @Override
    public void pupil(Origin o, PupilRow r) {
        if (duplicateKey(o, "pupil_id", r.pupilId())) {
            return;
        }
        counted(o);
        row("pupils", a -> a.append(r.pupilId()).append(r.surname()).append(r.forename()).append(r.yearGroup())
                .append(r.form()).append(r.sen()).append(r.familyKey()).append(r.schoolId()));
    }

    @Override
    public void pupilAccount(Origin o, PupilAccountRow r) {
        if (duplicateKey(o, "pupil account", r.system() + ":" + r.account().toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        counted(o);
        row("pupil_accounts", a -> a.append(r.pupilId()).append(r.system()).append(r.account()).append(""));
    }

    @Override
    public void relationship(Origin o, RelationshipRow r) {
        counted(o);
        String id = EventIds.of(r.staffId(), r.kind(), r.pupilId(), r.form(), String.valueOf(r.yearGroup()),
                r.groupId());
        if (!rosterKeys.add("relationship:" + id)) {
            repeats++; // the same relationship listed twice says nothing new
            return;
        }
        row("relationships", a -> a.append(id).append(r.staffId()).append(r.kind()).append(r.pupilId())
                .append(r.form()).append(r.yearGroup()).append(r.groupId()).append(r.subject())
                .appendNull().appendNull());
    }

    @Override
    public void incident(Origin o, IncidentRow r) {
        if (implausible(o, r.createdAt())) {
            return;
        }
        if (duplicateKey(o, "incident_id", r.incidentId())) {
            return;
        }
        counted(o);
        row("incidents", a -> a.append(r.incidentId()).append(r.pupilId()).append(r.category())
                .append(ts(r.createdAt())).appendNull().append(r.authorAccount()));
    }

    @Override
    public void involvement(Origin o, InvolvementRow r) {
        counted(o);
        if (!rosterKeys.add("involvement:" + r.incidentId() + '\u0001' + r.account() + '\u0001' + r.kind())) {
            return; // the same person named twice in one role on one incident says nothing new
        }
        row("incident_involvement", a -> a.append(r.incidentId()).appendNull().append(r.account()).append(r.kind()));
    }

    /** The file's last line ends without a line break: a roster file then removes nothing (BatchMerge). */
    public void lastLineUnended() {
        lastLineUnended = true;
    }

    @Override
    public void quarantine(Origin o, String reason) {
        counted(o);
        quarantined++;
        if (preview.size() < PREVIEW) {
            preview.add(new Quarantined(o.line(), reason));
        }
        row("quarantine", a -> a.append(batchId).append(path).append(o.line()).append(o.raw()).append(reason));
    }

    @Override
    public void ignored(Origin o) {
        counted(o);
        ignored++;
    }

    @Override
    public void ambiguousTime(Origin o) {
        ambiguous++;
    }

    /**
     * Resolves accounts, adds what is new, records the batch and commits.
     *
     * @param sha256 the content hash of the file as read
     */
    public BatchResult commit(String format, String sha256, String sourceZone) {
        try {
            Instant from = ahead == null ? started : Instant.now();
            long t = IngestTrace.start();
            flushAppenders();
            if (ahead != null && !idTaken) {
                takeBatchId();
            }
            t = IngestTrace.done(path, "flush", t);
            BatchMerge merge = new BatchMerge(connection);
            BatchMerge.Counts counts = merge.merge(batchId, sha256, table -> {
                long[] n = staged.get(table);
                return n == null ? 0L : n[0];
            }, lastLineUnended);
            t = IngestTrace.done(path, "merge", t);
            staff.close();
            BatchResult result = new BatchResult(batchId, path, format, records, counts.added(), counts.unchanged() + repeats,
                    counts.updated(), ignored, quarantined, ambiguous, implausible, staff.unresolved(), List.copyOf(preview),
                    ahead == null ? java.time.Duration.between(started, Instant.now())
                            : stagingTook.plus(java.time.Duration.between(from, Instant.now())),
                    counts.removed(), counts.snapshotIncomplete()
                            ? BatchResult.incompleteSnapshot(quarantined, lastLineUnended) : null);
            merge.recordBatch(result, sha256, sourceZone, started);
            t = IngestTrace.done(path, "record batch", t);
            commitOrFail();
            IngestTrace.done(path, "commit", t);
            open = false;
            return result;
        } catch (SQLException e) {
            throw new StoreException(path + ": batch not stored: " + Store.firstLine(e), e);
        } finally {
            close();
        }
    }

    /** Commits the batch; a failure here is the store failing to save (a full disk), not the file. */
    private void commitOrFail() {
        try {
            if (commitFault != null) {
                commitFault.check(path);
            }
            if (ahead == null) {
                connection.commit();
            } else {
                synchronized (ahead.gate) {
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            close();
            throw new CommitFailed("the store could not save it (" + Store.firstLine(e)
                    + "); it was rolled back and the run stops here", e);
        }
    }

    /** Test hook: a failure raised in place of the commit, as a full disk would raise it. */
    @FunctionalInterface
    interface CommitFault {
        void check(String path) throws SQLException;
    }

    static volatile CommitFault commitFault;

    /**
     * Staging tables an older auditor created in the store file itself; a commit that failed on a
     * full disk could leave them there, and every later batch would then fail. Dropped on sight.
     */
    private static void dropLeftoverStaging(Connection c) throws SQLException {
        List<String> leftovers = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT table_name FROM duckdb_tables() "
                + "WHERE NOT temporary AND schema_name = 'main' AND table_name LIKE '\\_stage\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                leftovers.add(rs.getString(1));
            }
        }
        if (!leftovers.isEmpty()) {
            try (Statement s = c.createStatement()) {
                for (String t : leftovers) {
                    s.execute("DROP TABLE IF EXISTS main.\"" + t.replace("\"", "") + "\"");
                }
            }
        }
    }

    /** Rolls back anything not committed: the file leaves no trace. */
    @Override
    public void close() {
        if (staff != null) {
            staff.close();
        }
        boolean closing = open;
        if (open) {
            open = false;
            for (DuckDBAppender a : appenders.values()) {
                try {
                    a.close();
                } catch (SQLException ignored) {
                    // the rollback below discards its rows anyway
                }
            }
            appenders.clear();
            rollbackQuietly(connection);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is unusable; the caller sees the original failure
        }
        if (closing && stagingCommitted) {
            // committed on their own as the batch began, so the rollback left them
            dropStaging(connection);
        }
    }

    @Override
    public int maxRecordChars() {
        return limits.maxRecordChars();
    }

    /**
     * A time no real export holds (year 0001, 1900, 9999): a corrupt or mis-parsed record, which
     * would stretch every date range and baseline. Quarantined and counted; a repeated part of an
     * accepted record is only counted with it.
     */
    private boolean implausible(Origin o, Instant ts) {
        if (ts == null || (!ts.isBefore(earliest) && ts.isBefore(latest))) {
            return false;
        }
        if (o.part() == 0) {
            implausible++;
            quarantine(o, "time " + ts + " is outside the plausible window " + limits.window()
                    + " (ingest.earliest_time, ingest.latest_time)");
        }
        return true;
    }

    private boolean duplicateKey(Origin o, String column, String key) {
        if (rosterKeys.add(column + ':' + key)) {
            return false;
        }
        // A pupil's login is built from their name: never echo it (the raw row is in quarantine).
        String shown = column.startsWith("pupil") ? "" : " '" + key + "'";
        if (o.part() == 0) {
            quarantine(o, "duplicate " + column + shown + " (an earlier row of this file already gave it)");
        } else {
            repeats++; // a repeated login inside an accepted row: nothing new, counted as a duplicate
        }
        return true;
    }

    private void counted(Origin o) {
        if (o.part() == 0) {
            records++;
            if (records % 50_000 == 0 && counter != null) {
                counter.records(records);
            }
        }
    }

    @FunctionalInterface
    private interface Appending {
        void accept(DuckDBAppender a) throws SQLException;
    }

    private void row(String table, Appending values) {
        try {
            DuckDBAppender a = appenders.get(table);
            if (a == null) {
                a = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "_stage_" + table);
                appenders.put(table, a);
            }
            a.beginRow();
            values.accept(a);
            a.endRow();
            staged.computeIfAbsent(table, k -> new long[1])[0]++;
        } catch (SQLException e) {
            throw new StoreException(path + ": cannot stage a row for " + table + ": " + Store.firstLine(e), e);
        }
    }

    private static LocalDateTime ts(Instant i) {
        // Straight from the epoch: ofInstant would build the UTC zone's rules for every row.
        return i == null ? null : LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // a failed rollback leaves the transaction to die with the connection
        }
    }
}
