package uk.schoolaccess.auditor.ingest.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;

/**
 * Where the reading threads put a file's events while the loading thread is still busy with the
 * files before it: an in-memory database attached to the store's DuckDB for the run (every
 * connection of one DuckDB sees what is attached), one table per file and event table, filled
 * by DuckDB's appender on the reading thread's own connection. The loading thread then copies
 * a file's events into its batch's staging tables with one statement, adding the owner of each
 * account as its batch resolved it and the batch id; everything the batch decides (owners, the
 * unknown accounts it counts, quarantine, duplicates) is still decided on the loading thread
 * with the calls the reader made, in order (ReadAhead).
 *
 * <p>What is staged here is decided from the file alone: an event whose time is inside the
 * plausible window (one outside it is quarantined by the batch, so it takes the usual way). Its
 * account is not resolved here, as a roster file loaded before it may still change who owns it:
 * each distinct system and account of the file is given a number, and the loading thread says
 * whose it is.
 *
 * <p>The loading thread reads a file's tables only once its reader has flushed them all: DuckDB
 * gives a transaction the attached database as it is when the transaction first touches it.
 */
public final class AheadStage implements AutoCloseable {

    static final String[] TABLES = {"record_access", "logon_events", "signins"};
    public static final int RECORD_ACCESS = 0;
    public static final int LOGON_EVENTS = 1;
    public static final int SIGNINS = 2;

    private static final AtomicLong RUNS = new AtomicLong();
    /** Events copied from here into staging tables in this process (tests check the way was taken). */
    private static final AtomicLong COPIED = new AtomicLong();

    public static long copied() {
        return COPIED.get();
    }

    private final DuckDBConnection store;
    private final String catalog;
    private final DuckDBConnection[] readers;

    private AheadStage(DuckDBConnection store, String catalog, DuckDBConnection[] readers) {
        this.store = store;
        this.catalog = catalog;
        this.readers = readers;
    }

    /**
     * Attaches the run's in-memory database and opens a connection for each reading thread;
     * null when that cannot be done (the files are then staged on the loading thread, as before).
     */
    public static AheadStage attach(Store s, int readingThreads) {
        String catalog = "_auditor_ahead_" + ProcessHandle.current().pid() + "_" + RUNS.incrementAndGet();
        DuckDBConnection c;
        try {
            c = s.connection().unwrap(DuckDBConnection.class);
            if (!c.getAutoCommit()) {
                return null;
            }
        } catch (SQLException e) {
            return null;
        }
        DuckDBConnection[] readers = new DuckDBConnection[readingThreads];
        try (Statement st = c.createStatement()) {
            st.execute("ATTACH ':memory:' AS " + catalog);
            for (String t : TABLES) {
                // The store's columns, and the number of the account's owner (given by the batch)
                st.execute("CREATE TABLE " + catalog + ".main.template_" + t + " AS SELECT *, NULL::INTEGER AS owner_ref FROM main."
                        + t + " LIMIT 0");
            }
            for (int i = 0; i < readers.length; i++) {
                readers[i] = (DuckDBConnection) c.duplicate();
            }
            return new AheadStage(c, catalog, readers);
        } catch (SQLException e) {
            new AheadStage(c, catalog, readers).close();
            return null;
        }
    }

    /** A file's tables, filled on reading thread {@code thread}. */
    public File file(int fileIndex, int thread) {
        return new File(fileIndex, readers[thread]);
    }

    /** Closes the reading threads' connections and detaches the database (every file's tables with it). */
    @Override
    public void close() {
        for (DuckDBConnection r : readers) {
            if (r != null) {
                try {
                    r.close();
                } catch (SQLException ignored) {
                    // the detach below frees what it held
                }
            }
        }
        try (Statement st = store.createStatement()) {
            st.execute("DETACH DATABASE IF EXISTS " + catalog);
        } catch (SQLException ignored) {
            // in memory only: it goes with the process
        }
    }

    /** One file's staged events: filled on its reading thread, copied and dropped on the loading thread. */
    public final class File {
        private final String prefix;
        private final String local;
        private final DuckDBConnection connection;
        private final DuckDBAppender[] appenders = new DuckDBAppender[TABLES.length];
        private final long[] rows = new long[TABLES.length];
        /** system -> account as written -> its number in this file. */
        private final Map<String, Map<String, Integer>> refs = new HashMap<>();
        private String lastSystem;
        private Map<String, Integer> lastRefs;

        private File(int index, DuckDBConnection connection) {
            this.local = "f" + index + "_";
            this.prefix = catalog + ".main." + local;
            this.connection = connection;
        }

        /**
         * The number of the account (-1 for none) and whether it is new in the file; the batch
         * is told whose each number is.
         */
        private int ref(String system, String account) {
            if (account == null) {
                return -1;
            }
            Map<String, Integer> m;
            if (system == lastSystem && lastRefs != null) {
                m = lastRefs;
            } else {
                m = refs.computeIfAbsent(system, k -> new HashMap<>());
                lastSystem = system;
                lastRefs = m;
            }
            Integer r = m.get(account);
            if (r == null) {
                r = size++;
                m.put(account, r);
            }
            return r;
        }

        private int size;

        private DuckDBAppender begin(int table) throws SQLException {
            DuckDBAppender a = appenders[table];
            if (a == null) {
                if (connection.getAutoCommit()) {
                    // One transaction for the file: committing each appender flush on its own cost
                    // the reading thread twice the CPU; rolled back, the file leaves no table.
                    connection.setAutoCommit(false);
                }
                String name = local + TABLES[table];
                try (Statement st = connection.createStatement()) {
                    // Named in full: a shorter name would make DuckDB look for it in the store too
                    st.execute("CREATE TABLE " + catalog + ".main." + name + " AS SELECT * FROM " + catalog
                            + ".main.template_" + TABLES[table] + " LIMIT 0");
                }
                a = connection.createAppender(catalog, DuckDBConnection.DEFAULT_SCHEMA, name);
                appenders[table] = a;
            }
            rows[table]++;
            return a.beginRow();
        }

        /** On the reading thread: the event as the batch would stage it, but its owner and batch id. @return its account's number */
        public int recordAccess(RecordAccessRow r, long line) {
          try {
            int ref = ref(r.source(), r.account());
            DuckDBAppender a = begin(RECORD_ACCESS);
            BatchWriter.time(a.appendNull().append(r.source()), r.ts())
                    .append(r.account()).appendNull().append(r.action()).append(r.area()).append(r.pupilId())
                    .append(r.incidentId()).append(r.category()).append(r.rowCount()).append(r.workstation())
                    .append(r.ip()).append(r.sessionId()).appendNull().append(line).appendNull();
            owner(a, ref).endRow();
            return ref;
          } catch (SQLException e) {
            throw new StoreException("cannot stage an event ahead: " + Store.firstLine(e), e);
          }
        }

        public int logonEvent(LogonEventRow r, long line) {
          try {
            int ref = ref(r.source(), r.account());
            DuckDBAppender a = begin(LOGON_EVENTS);
            BatchWriter.time(a.appendNull().append(r.source()), r.ts())
                    .append(r.account()).appendNull()
                    .append(r.workstation()).append(r.logonId()).append(r.kind())
                    .append(r.logonType()).append(r.ip()).append(r.mfa()).append(r.interactive()).append(r.sessionId())
                    .appendNull().append(line).appendNull();
            owner(a, ref).endRow();
            return ref;
          } catch (SQLException e) {
            throw new StoreException("cannot stage an event ahead: " + Store.firstLine(e), e);
          }
        }

        public int signin(SigninRow r, long line) {
          try {
            int ref = ref(r.source(), r.account());
            DuckDBAppender a = begin(SIGNINS);
            BatchWriter.time(a.appendNull().append(r.source()), r.ts())
                    .append(r.account()).appendNull().append(r.app()).append(r.ip()).append(r.country()).append(r.city())
                    .append(r.lat()).append(r.lon()).append(r.deviceId()).append(r.deviceName()).append(r.clientApp())
                    .append(r.authRequirement()).append(r.mfaResult()).append(r.success()).append(r.errorCode())
                    .append(r.sessionId()).append(r.userAgent()).append(r.deviceCompliant()).append(r.deviceManaged())
                    .appendNull().append(line).appendNull();
            owner(a, ref).endRow();
            return ref;
          } catch (SQLException e) {
            throw new StoreException("cannot stage an event ahead: " + Store.firstLine(e), e);
          }
        }

        private DuckDBAppender owner(DuckDBAppender a, int ref) throws SQLException {
            return ref < 0 ? a.appendNull() : a.append(ref);
        }

        /** On the reading thread, after the file's last event: everything appended is in its tables. */
        public void finish() throws SQLException {
            try {
                for (int i = 0; i < appenders.length; i++) {
                    if (appenders[i] != null) {
                        appenders[i].flush(); // close() swallows a failure to write the last rows
                        appenders[i].close();
                        appenders[i] = null;
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                abandon(); // the next file starts on a clean connection
                throw e;
            }
        }

        /** On the reading thread, when its rows are no longer wanted. */
        public void abandon() {
            for (int i = 0; i < appenders.length; i++) {
                if (appenders[i] != null) {
                    try {
                        appenders[i].close();
                    } catch (SQLException ignored) {
                        // the rollback below discards them
                    }
                    appenders[i] = null;
                }
            }
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback(); // the file's tables were made in it: they go too
                    connection.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // detached at the run's end anyway
            }
        }

        /**
         * Drops the file's tables (on the reading thread's connection, or the store's from the
         * loading thread once the reading thread is done with the file); harmless twice.
         */
        public void drop(boolean fromReader) {
            try (Statement st = (fromReader ? connection : store).createStatement()) {
                for (int i = 0; i < TABLES.length; i++) {
                    if (rows[i] > 0) {
                        st.execute("DROP TABLE IF EXISTS " + prefix + TABLES[i]);
                    }
                }
            } catch (SQLException ignored) {
                // detached at the run's end anyway
            }
        }

        /**
         * On the loading thread, in the batch's transaction: copies the file's events of one
         * table into its staging table in the order they were read, with their owners
         * ({@code owners}: staff id by account number) and the batch id. A projection of one
         * table: DuckDB keeps the rows' order (a join would not, and sorting them back cost more).
         *
         * @return the rows copied
         */
        long copyInto(DuckDBConnection c, int table, long batchId, java.sql.Array owners) throws SQLException {
            if (rows[table] == 0) {
                return 0;
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO temp._stage_" + TABLES[table]
                    + " SELECT * EXCLUDE (owner_ref) REPLACE ((?::VARCHAR[])[owner_ref + 1] AS staff_id, ?::BIGINT AS batch_id)"
                    + " FROM " + prefix + TABLES[table])) {
                p.setArray(1, owners);
                p.setLong(2, batchId);
                long n = p.executeLargeUpdate();
                COPIED.addAndGet(n);
                return n;
            }
        }
    }

    /** What the loading thread is handed for each event staged ahead: how to count and resolve it. */
    public record Staged(File file, int table, int ref, String system, String account, boolean counted) {
    }

    /** Whether an event time is inside the plausible window: the batch stages it (else quarantines it). */
    public static boolean plausible(Instant ts, Instant earliest, Instant latest) {
        return ts == null || (!ts.isBefore(earliest) && ts.isBefore(latest));
    }
}
