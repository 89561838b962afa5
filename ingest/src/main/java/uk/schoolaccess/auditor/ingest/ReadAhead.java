package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Reads the files (recognising each and parsing it into rows) on two other threads, each taking
 * the next file in order, while the loading thread stages, merges and commits them: a file's rows
 * are staged as they are parsed, a week's large SIMS file is parsed beside the small files before
 * it, and the next file while the one before it commits (the SIMS commit is most of a second of
 * DuckDB's checkpoint). A reader thread never touches the store: it only records what a reader
 * sent to its sink, and the loading thread hands the same calls, in the same order, to the file's
 * batch. So accounts are resolved, duplicates decided, rows quarantined and batches committed
 * exactly as when the file is read on the loading thread, a roster file is committed before the
 * next file is staged, and a reader's failure (with its file and line) surfaces on the loading
 * thread at the point it happened, rolling the batch back. The rows waiting between the threads
 * are bounded ({@link #BUDGET_BYTES}, an estimate), so a large file cannot fill the heap: a reader
 * thread waits for room.
 */
final class ReadAhead implements AutoCloseable {

    /**
     * About how much parsed data of later files may wait for the loading thread (estimated; half
     * as much again for the file being loaded). Rows waiting here are copied by every young
     * collection: 32 MB cost a week's load about 0.3 CPU s of collections against 0.1 without the
     * read-ahead, 16 MB about 0.2 s, while still holding half a SIMS week parsed ahead.
     */
    static final int BUDGET_BYTES = 16 << 20;
    private static final int BUDGET_UNIT = 1024;
    /** Calls per handover: small enough that staging starts early, large enough to cost little. */
    static final int CHUNK_CALLS = 1024;
    private static final int CHUNK_BYTES = 1 << 20;
    /** Files read at once: a week's large SIMS file is parsed beside the small ones before it. */
    static final int THREADS = 2;
    /** How often a waiting loading thread checks that the reader thread it waits for is still there. */
    private static final long WAIT_MS = 200;

    private final List<Prepared> prepared = new ArrayList<>();
    private final int budgetUnits;
    private final int chunkCalls;
    /**
     * Room for the rows of files after the one being loaded, and (half as much) for the rows of
     * the file being loaded: its reader never waits for room that only later files' rows hold,
     * which the loading thread would free only after that file.
     */
    private final Semaphore ahead;
    private final Semaphore current;
    private final AtomicInteger nextFile = new AtomicInteger();
    /** The files whose reader is asking for room, earliest first. */
    private final ConcurrentSkipListSet<Integer> waiting = new ConcurrentSkipListSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile int loading;
    private volatile boolean stopped;

    ReadAhead(List<SourceFile> files, Supplier<Readers> readers, String forcedFormat, ReadContext context) {
        this(files, readers, forcedFormat, context, BUDGET_BYTES, CHUNK_CALLS, THREADS);
    }

    /**
     * @param readers the readers, waited for on the first reader thread (they may still be being
     *                made while the store opens); each other thread reads with its own copy
     *                ({@link Readers#again}), as a reader keeps caches while it reads a file
     * @param forcedFormat {@code --format}, or null to recognise each file
     * @param budgetBytes  about how much may wait between the threads; {@code chunkCalls}, how many
     *                     calls are handed over at once (tests make both small)
     */
    ReadAhead(List<SourceFile> files, Supplier<Readers> readers, String forcedFormat, ReadContext context,
            int budgetBytes, int chunkCalls, int threadCount) {
        this.budgetUnits = Math.max(2, budgetBytes / BUDGET_UNIT);
        this.chunkCalls = chunkCalls;
        this.ahead = new Semaphore(budgetUnits);
        this.current = new Semaphore(budgetUnits / 2);
        for (SourceFile f : files) {
            prepared.add(new Prepared(f, prepared.size()));
        }
        IngestSettings.Limits limits = context.settings().ingest();
        CompletableFuture<Readers> made = new CompletableFuture<>();
        int count = Math.max(1, Math.min(threadCount, files.size()));
        for (int t = 0; t < count; t++) {
            boolean first = t == 0;
            Thread thread = new Thread(() -> {
                boolean finished = false;
                try {
                    Readers all;
                    // A failure to make the readers is the loading thread's to report (it waits for
                    // them too), and one that comes of the run being closed (a store that would not
                    // open) is no failure: neither may reach the console as a thread's stack trace.
                    if (first) {
                        try {
                            all = readers.get();
                        } catch (RuntimeException | Error e) {
                            made.completeExceptionally(e);
                            return;
                        }
                        made.complete(all);
                    } else {
                        try {
                            all = made.join().again();
                        } catch (java.util.concurrent.CompletionException e) {
                            return;
                        }
                        if (all == null) {
                            finished = true; // readers that cannot be copied are read on one thread
                            return;
                        }
                    }
                    Optional<SourceReader> forced = forcedFormat == null ? Optional.empty() : all.byFormat(forcedFormat);
                    if (forcedFormat != null && forced.isEmpty()) {
                        return; // the run refuses the format itself
                    }
                    for (int i = nextFile.getAndIncrement(); i < prepared.size() && !stopped;
                            i = nextFile.getAndIncrement()) {
                        prepared.get(i).readAhead(forced, all, context, limits);
                    }
                    finished = !stopped;
                } finally {
                    IngestTrace.threadCpu("thread's CPU");
                    if (!finished) {
                        // Nothing may wait for a file no thread will read.
                        for (Prepared p : prepared) {
                            p.recognised.completeExceptionally(new IllegalStateException(
                                    "not read: the run stopped before " + p.file.displayName()));
                        }
                    }
                }
            }, "auditor-read-ahead-" + (t + 1));
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** The i-th file as a reader thread saw it; from now on the loading thread is on it. */
    Prepared get(int i) {
        loading = i;
        return prepared.get(i);
    }

    @Override
    public void close() {
        stopped = true;
        for (Prepared p : prepared) {
            p.cancelled = true;
        }
        threads.forEach(Thread::interrupt);
    }

    /** Thrown inside a reader on the reader thread when its rows are no longer wanted. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("read ahead cancelled", null, false, false);
        }
    }

    /** One file: what it was recognised as, and its rows as they are read. */
    final class Prepared {
        private final SourceFile file;
        private final CompletableFuture<Recognised> recognised = new CompletableFuture<>();
        private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        private volatile boolean cancelled;
        /** On the loading thread: every chunk up to the file's end has been taken. */
        private boolean taken;
        /** The reader thread that took this file (null until one does). */
        private volatile Thread readBy;
        /**
         * Set by the reader thread when it is done with this file, after its last chunk (if any)
         * was handed over: the loading thread never waits for more after it.
         */
        private volatile boolean over;
        /** Why the reader thread could not hand the file's end over (e.g. memory ran out in end()). */
        private volatile Throwable lost;

        private final int index;

        private Prepared(SourceFile file, int index) {
            this.file = file;
            this.index = index;
        }

        /** The file's first characters, as {@link Sniff#of} read them; its failure rethrown here. */
        Sniff sniff() throws IOException {
            return recognised().sniff();
        }

        /** The reader that recognised the file (or the forced one); empty when none did. */
        Optional<SourceReader> reader() throws IOException {
            return recognised().reader();
        }

        private Recognised recognised() throws IOException {
            try {
                while (true) {
                    try {
                        return recognised.get(WAIT_MS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        if (readerGone() && !recognised.isDone()) {
                            throw stopped();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + file.displayName(), e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        /**
         * Whether no reader thread will add anything more for this file: the thread that took it
         * is done with it or has died, or no thread took it and none is left to.
         */
        private boolean readerGone() {
            Thread t = readBy;
            if (over) {
                return true;
            }
            if (t != null) {
                return !t.isAlive();
            }
            return threads.stream().noneMatch(Thread::isAlive);
        }

        /** The failure of a file whose reading stopped without handing its end over. */
        private IOException stopped() {
            Throwable why = lost;
            IOException e = new IOException("reading it stopped before its end"
                    + (why == null || why instanceof Cancelled ? "" : " (" + why + ")"));
            if (why != null) {
                e.initCause(why);
            }
            return e;
        }

        /**
         * The next chunk of the file's rows, waiting while its reader thread may still hand one
         * over; null when it never will (it died, or failed to hand the end over).
         */
        private Chunk next() throws InterruptedException {
            while (true) {
                Chunk c = chunks.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
                if (readerGone()) {
                    // anything handed over before the thread was done is visible now
                    return chunks.poll();
                }
            }
        }

        /**
         * Hands every row the reader sent, in order, to {@code sink}; a reader's failure is thrown
         * here once the rows before it are handed over, as it would have been thrown from its read.
         */
        void replay(RowSink sink) throws IOException {
            while (true) {
                Chunk c;
                try {
                    c = next();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading " + file.displayName(), e);
                }
                if (c == null) {
                    taken = true; // nothing more will come
                    throw stopped();
                }
                // Taken before it is handed over: a batch failing on one of its rows must not
                // leave discard() waiting for a chunk that will never come.
                taken = c.end;
                try {
                    c.replay(sink);
                } finally {
                    c.release();
                }
                if (c.end) {
                    if (c.failure != null) {
                        throw rethrow(c.failure);
                    }
                    return;
                }
            }
        }

        /**
         * Drops whatever of the file's rows was not handed over (its hash failed, its batch could
         * not begin or failed mid-way), so the room they took is free for the files after it.
         * Nothing when every row was handed over.
         */
        void discard() {
            cancelled = true;
            if (taken || !recognised.isDone() || recognised.isCompletedExceptionally()
                    || recognised.join().reader().isEmpty()) {
                return;
            }
            while (true) {
                Chunk c;
                try {
                    c = next();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (c == null) {
                    taken = true;
                    return;
                }
                c.release();
                if (c.end) {
                    taken = true;
                    return;
                }
            }
        }

        /**
         * On the reader thread. Whatever happens here, the file is marked {@link #over} at the end,
         * so the loading thread never waits for a chunk that will not come (end() itself may fail:
         * memory, or the thread interrupted while it waits for room).
         */
        private void readAhead(Optional<SourceReader> forced, Readers readers, ReadContext context,
                IngestSettings.Limits limits) {
            readBy = Thread.currentThread();
            try {
                readAheadHere(forced, readers, context, limits);
            } catch (Throwable t) {
                lost = t;
            } finally {
                over = true;
                if (!stopped) {
                    Thread.interrupted(); // not close()'s (it stops first): the next file is still wanted
                }
            }
        }

        private void readAheadHere(Optional<SourceReader> forced, Readers readers, ReadContext context,
                IngestSettings.Limits limits) {
            Sniff sniff;
            Optional<SourceReader> reader;
            try {
                sniff = Sniff.of(file);
                // A forced format whose columns the header lacks would quarantine every row: refused (Ingestor).
                reader = forced.isPresent() ? forced.filter(r -> Ingestor.lacks(r, sniff).isEmpty())
                        : readers.detect(sniff);
            } catch (Throwable e) {
                recognised.completeExceptionally(e);
                return;
            }
            recognised.complete(new Recognised(sniff, reader));
            if (reader.isEmpty()) {
                return;
            }
            Buffer buffer = new Buffer(this, limits);
            long t = System.nanoTime();
            Throwable failure = null;
            try {
                reader.get().read(file, context, buffer);
            } catch (Cancelled e) {
                // the loading thread no longer wants these rows
            } catch (Throwable e) {
                failure = e; // anything, even a checked exception a reader threw unchecked
            }
            buffer.end(failure);
            IngestTrace.ahead(file.displayName(), "read (ahead)", t);
        }
    }

    private record Recognised(Sniff sniff, Optional<SourceReader> reader) {
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new UncheckedIOException(new IOException(t));
    }

    /** What a reader calls on its sink; replayed in order on the loading thread. */
    private enum Call {
        RECORD_ACCESS, LOGON_EVENT, SIGNIN, STAFF, STAFF_ACCOUNT, PUPIL, PUPIL_ACCOUNT, RELATIONSHIP, INCIDENT,
        INVOLVEMENT, IGNORED, QUARANTINE, AMBIGUOUS_TIME
    }

    /** A run of calls handed over at once. */
    private static final class Chunk {
        final Call[] calls;
        final long[] lines;
        final int[] parts;
        /** A record's raw text, kept only where the batch may quarantine it (see Buffer.add). */
        final String[] raws;
        final Object[] values;
        int size;
        int units;
        Semaphore room;
        boolean end;
        Throwable failure;

        void release() {
            if (room != null) {
                room.release(units);
            }
        }

        Chunk(int capacity) {
            calls = new Call[capacity];
            lines = new long[capacity];
            parts = new int[capacity];
            raws = new String[capacity];
            values = new Object[capacity];
        }

        void replay(RowSink s) {
            for (int i = 0; i < size; i++) {
                Origin o = new Origin(lines[i], raws[i], parts[i]);
                Object v = values[i];
                switch (calls[i]) {
                    case RECORD_ACCESS -> s.recordAccess(o, (RecordAccessRow) v);
                    case LOGON_EVENT -> s.logonEvent(o, (LogonEventRow) v);
                    case SIGNIN -> s.signin(o, (SigninRow) v);
                    case STAFF -> s.staff(o, (StaffRow) v);
                    case STAFF_ACCOUNT -> s.staffAccount(o, (StaffAccountRow) v);
                    case PUPIL -> s.pupil(o, (PupilRow) v);
                    case PUPIL_ACCOUNT -> s.pupilAccount(o, (PupilAccountRow) v);
                    case RELATIONSHIP -> s.relationship(o, (RelationshipRow) v);
                    case INCIDENT -> s.incident(o, (IncidentRow) v);
                    case INVOLVEMENT -> s.involvement(o, (InvolvementRow) v);
                    case IGNORED -> s.ignored(o);
                    case QUARANTINE -> s.quarantine(o, (String) v);
                    case AMBIGUOUS_TIME -> s.ambiguousTime(o);
                }
                // dropped as handed over: the batch holds what it needs
                raws[i] = null;
                values[i] = null;
            }
        }
    }

    /** The sink the reader thread's reader writes to: it records the calls. */
    private final class Buffer implements RowSink {
        private final Prepared file;
        private final int maxChars;
        /** Event times surely inside the plausible window (a day inside each end): their raw text is not kept. */
        private final Instant surelyFrom;
        private final Instant surelyTo;
        private Chunk chunk = new Chunk(chunkCalls);
        private long bytes;

        Buffer(Prepared file, IngestSettings.Limits limits) {
            this.file = file;
            this.maxChars = limits.maxRecordChars();
            this.surelyFrom = limits.earliest().plus(Duration.ofDays(1));
            this.surelyTo = limits.latest().minus(Duration.ofDays(2));
        }

        /**
         * Whether the batch may quarantine this record, needing its raw text: a bad record, a
         * roster row (a duplicate key is quarantined), an event whose time may fall outside the
         * plausible window. The raw text of the other events (nearly all) is dropped here, so
         * the rows waiting between the threads take less of the heap.
         */
        private boolean mayQuarantine(Call call, Object value) {
            Instant ts = switch (call) {
                case RECORD_ACCESS -> ((RecordAccessRow) value).ts();
                case LOGON_EVENT -> ((LogonEventRow) value).ts();
                case SIGNIN -> ((SigninRow) value).ts();
                case RELATIONSHIP, INVOLVEMENT, IGNORED, AMBIGUOUS_TIME -> surelyFrom; // never quarantined by the batch
                default -> null;
            };
            return ts == null || ts.isBefore(surelyFrom) || ts.isAfter(surelyTo);
        }

        private void add(Call call, Origin o, Object value) {
            if (file.cancelled) {
                throw new Cancelled();
            }
            int i = chunk.size++;
            chunk.calls[i] = call;
            chunk.lines[i] = o.line();
            chunk.parts[i] = o.part();
            chunk.values[i] = value;
            // A rough size: the row's values (from the raw text) and the objects around them,
            // and the raw text again where it is kept.
            long chars = o.raw() == null ? 0 : o.raw().length();
            bytes += 160 + 2 * chars;
            if (mayQuarantine(call, value)) {
                chunk.raws[i] = o.raw();
                bytes += 2 * chars;
            }
            if (chunk.size == chunkCalls || bytes >= CHUNK_BYTES) {
                // Made before the handover: should it fail (memory), end() hands the full chunk over once.
                Chunk next = new Chunk(chunkCalls);
                handOver(false, null);
                chunk = next;
                bytes = 0;
            }
        }

        void end(Throwable failure) {
            handOver(true, failure);
        }

        private void handOver(boolean end, Throwable failure) {
            Chunk c = chunk;
            c.end = end;
            c.failure = failure;
            // The rows of a file no longer wanted take no room: nobody may be draining them.
            if (!file.cancelled) {
                c.units = (int) Math.min(budgetUnits / 2, bytes / BUDGET_UNIT + 1);
                c.room = room(c.units);
            }
            file.chunks.add(c);
        }

        /**
         * Waits for room for {@code units}: in the loading file's room once it is the one being
         * loaded; before that in the room of later files, where an earlier file waiting goes
         * first (a week's Windows log, parsed quickly beside the SIMS week, would otherwise take
         * the room the SIMS week needs sooner).
         */
        private Semaphore room(int units) {
            Integer me = file.index;
            waiting.add(me);
            try {
                while (true) {
                    if (file.index <= loading) {
                        waiting.remove(me); // later files need not wait for this one's room
                        current.acquire(units);
                        return current;
                    }
                    if (waiting.first().equals(me)) {
                        if (ahead.tryAcquire(units, 20, TimeUnit.MILLISECONDS)) {
                            return ahead;
                        }
                    } else {
                        Thread.sleep(5);
                    }
                    if (file.cancelled) {
                        throw new Cancelled();
                    }
                }
            } catch (InterruptedException e) {
                // the run is over (close): nobody will take these rows
                Thread.currentThread().interrupt();
                throw new Cancelled();
            } finally {
                waiting.remove(me);
            }
        }

        @Override
        public void recordAccess(Origin origin, RecordAccessRow row) {
            add(Call.RECORD_ACCESS, origin, row);
        }

        @Override
        public void logonEvent(Origin origin, LogonEventRow row) {
            add(Call.LOGON_EVENT, origin, row);
        }

        @Override
        public void signin(Origin origin, SigninRow row) {
            add(Call.SIGNIN, origin, row);
        }

        @Override
        public void staff(Origin origin, StaffRow row) {
            add(Call.STAFF, origin, row);
        }

        @Override
        public void staffAccount(Origin origin, StaffAccountRow row) {
            add(Call.STAFF_ACCOUNT, origin, row);
        }

        @Override
        public void pupil(Origin origin, PupilRow row) {
            add(Call.PUPIL, origin, row);
        }

        @Override
        public void pupilAccount(Origin origin, PupilAccountRow row) {
            add(Call.PUPIL_ACCOUNT, origin, row);
        }

        @Override
        public void relationship(Origin origin, RelationshipRow row) {
            add(Call.RELATIONSHIP, origin, row);
        }

        @Override
        public void incident(Origin origin, IncidentRow row) {
            add(Call.INCIDENT, origin, row);
        }

        @Override
        public void involvement(Origin origin, InvolvementRow row) {
            add(Call.INVOLVEMENT, origin, row);
        }

        @Override
        public void ignored(Origin origin) {
            add(Call.IGNORED, origin, null);
        }

        @Override
        public void quarantine(Origin origin, String reason) {
            add(Call.QUARANTINE, origin, reason);
        }

        @Override
        public void ambiguousTime(Origin origin) {
            add(Call.AMBIGUOUS_TIME, origin, null);
        }

        @Override
        public int maxRecordChars() {
            return maxChars;
        }
    }
}
