package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;
import uk.schoolaccess.auditor.ingest.source.Unreadable;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.BatchWriter;
import uk.schoolaccess.auditor.ingest.store.CommitFailed;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreException;

/**
 * Loads files into the store, one batch per file: recognise the format, read it, and commit
 * it whole or not at all. A file that cannot be recognised or read is reported and skipped;
 * the others still load.
 */
public final class Ingestor {

    /** What happens, file by file, for the command line to print. */
    public interface Listener {
        default void started(SourceFile file, String format) {
        }

        default void progress(SourceFile file, long records) {
        }

        void finished(BatchResult result);

        void unrecognised(SourceFile file, List<String> headersSeen);

        void failed(SourceFile file, String reason);

        /** A path, folder or archive that could not even be listed; the other inputs still load. */
        default void unreadable(Path path, String reason) {
            failed(SourceFile.of(path), reason);
        }

        /** An export of an empty period (0 bytes, {@code {"value":[]}}): nothing to load, not an error. */
        default void empty(SourceFile file) {
        }
    }

    private final Store store;
    private final Readers readers;
    private final ReadContext context;
    private final Listener listener;

    public Ingestor(Store store, Readers readers, ReadContext context, Listener listener) {
        this.store = store;
        this.readers = readers;
        this.context = context;
        this.listener = listener;
    }

    public IngestSummary run(List<Path> paths, String forcedFormat) throws IOException {
        Optional<SourceReader> forced = Optional.empty();
        if (forcedFormat != null) {
            forced = readers.byFormat(forcedFormat);
            if (forced.isEmpty()) {
                throw new IllegalArgumentException("unknown format '" + forcedFormat + "' (known: "
                        + String.join(", ", readers.formats()) + ")");
            }
        }
        IngestTrace.process("ingest starts");
        List<BatchResult> done = new ArrayList<>();
        int unrecognised = 0;
        int failed = 0;
        // An input that cannot even be listed (a corrupt zip, a folder it may not read) is
        // reported with its reason; every other input still loads.
        List<Unreadable> unreadable = new ArrayList<>();
        List<SourceFile> files = SourceLocator.expand(paths, unreadable);
        for (Unreadable u : unreadable) {
            failed++;
            listener.unreadable(u.path(), u.reason());
        }
        // Reading a file (Java) and merging the one before it (DuckDB) overlap: the next file is
        // staged on a second connection while this one is merged; its commit waits for that
        // reading to end (see BatchWriter#commit). Each file's
        // store transaction still starts only after the previous file's commit, in file order,
        // so batch ids, duplicate checks and all-or-nothing are as if one file followed another.
        Store ahead = files.size() > 1 ? Store.shareOf(store) : null;
        ExecutorService reader = ahead == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-read-ahead");
            t.setDaemon(true);
            return t;
        });
        try {
            Staged current = files.isEmpty() ? null : stage(files.get(0), forced, store, true);
            for (int i = 0; i < files.size(); i++) {
                SourceFile file = files.get(i);
                Future<Staged> next = null;
                if (i + 1 < files.size() && !current.roster()) {
                    // A roster file is committed before the next file is read: that file's
                    // accounts resolve against it.
                    SourceFile following = files.get(i + 1);
                    Store on = i % 2 == 0 ? ahead : store;
                    Optional<SourceReader> f = forced;
                    next = reader.submit(() -> stage(following, f, on, false));
                }
                try {
                    if (current.failure() instanceof IOException e) {
                        throw e;
                    }
                    if (current.failure() instanceof RuntimeException e) {
                        throw e;
                    }
                    if (current.empty()) {
                        listener.empty(file);
                    } else if (current.batch() == null) {
                        unrecognised++;
                        if (current.missing().isPresent()) {
                            listener.failed(file, current.missing().get());
                        } else {
                            listener.unrecognised(file, current.headers());
                        }
                    } else {
                        if (!current.shown()) {
                            listener.started(file, current.reader().format());
                        }
                        Future<Staged> reading = next;
                        done.add(commit(current, () -> {
                            if (reading != null) {
                                await(reading);
                            }
                        }));
                        listener.finished(done.get(done.size() - 1));
                    }
                } catch (CommitFailed e) {
                    // The store itself failed (a full disk): the batch was rolled back, and the
                    // store is not written again in this run. Running the same ingest again once
                    // the cause is fixed loads what is missing and skips what is stored.
                    failed++;
                    listener.failed(file, message(e));
                    if (next != null) {
                        discard(await(next));
                    }
                    for (SourceFile rest : files.subList(i + 1, files.size())) {
                        failed++;
                        listener.failed(rest, "not attempted: the store could not save an earlier file (above); "
                                + "run the same ingest again once that is fixed");
                    }
                    break;
                } catch (IOException | RuntimeException e) {
                    // Whatever went wrong, it went wrong in this file: it was rolled back, the others still load.
                    failed++;
                    listener.failed(file, message(e));
                } finally {
                    discard(current);
                }
                if (i + 1 < files.size()) {
                    current = next != null ? await(next) : stage(files.get(i + 1), forced, i % 2 == 0 ? ahead : store, true);
                }
            }
        } finally {
            if (reader != null) {
                // A file still being read ahead (a run stopped early) finishes before its connection closes.
                reader.shutdown();
                try {
                    reader.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (ahead != null) {
                ahead.close();
            }
        }
        IngestTrace.process("ingest ends");
        return new IngestSummary(done, unrecognised, failed);
    }

    /**
     * For a CSV no reader recognised: the format it nearly is, and the columns it lacks, when
     * it has most of one format's required columns. Empty when it looks like nothing known.
     */
    private Optional<String> missingColumns(Sniff sniff) {
        if (sniff.firstChar() == '{' || sniff.firstChar() == '[') {
            return Optional.empty();
        }
        SourceReader closest = null;
        List<String> closestMissing = List.of();
        int closestPresent = 0;
        for (SourceReader r : readers.all()) {
            List<String> required = r.requiredColumns();
            List<String> missing = required.stream().filter(c -> !sniff.csvHeader().has(c)).toList();
            int present = required.size() - missing.size();
            if (!missing.isEmpty() && present >= 2 && present > missing.size() && present > closestPresent) {
                closest = r;
                closestMissing = missing;
                closestPresent = present;
            }
        }
        if (closest == null) {
            return Optional.empty();
        }
        return Optional.of("looks like a " + closest.format() + " export, but the required column"
                + (closestMissing.size() == 1 ? " " : "s ") + closestMissing.stream().map(c -> "'" + c + "'")
                .collect(java.util.stream.Collectors.joining(", ")) + (closestMissing.size() == 1 ? " is" : " are")
                + " missing");
    }

    /**
     * One file read into its staging tables (or why it was not): recognised, hashed and staged,
     * not yet in the store. Exactly one of failure, empty, batch, or unrecognised (neither).
     */
    private record Staged(SourceFile file, SourceReader reader, String sha, BatchWriter batch, boolean shown,
                          boolean empty, List<String> headers, Optional<String> missing, Exception failure) {

        boolean roster() {
            return batch != null && batch.stagedRoster();
        }
    }

    /**
     * Hashes, recognises and stages one file on {@code on}. {@code shown} says whether the
     * listener hears of it now (the file in hand) or later, when its turn comes (a file read
     * ahead on the other thread: the command line's progress line is not shared between threads).
     */
    private Staged stage(SourceFile file, Optional<SourceReader> forced, Store on, boolean shown) {
        BatchWriter batch = null;
        try {
            // The whole input is read once first: its hash, and a damaged zip entry is
            // rejected here, before it can be mistaken for some other format.
            long t = IngestTrace.start();
            String sha = sha256(file);
            t = IngestTrace.done(file.displayName(), "hash+charset", t);
            Sniff sniff = Sniff.of(file);
            Optional<SourceReader> reader = forced.isPresent() ? forced : readers.detect(sniff);
            t = IngestTrace.done(file.displayName(), "recognise", t);
            if (reader.isEmpty()) {
                boolean empty = sniff.noRecords();
                return new Staged(file, null, sha, null, shown, empty,
                        empty ? List.of() : sniff.csvHeader().names().stream().limit(12).toList(),
                        empty ? Optional.empty() : missingColumns(sniff), null);
            }
            if (shown) {
                listener.started(file, reader.get().format());
            }
            batch = new BatchWriter(on, file.displayName(), shown ? n -> listener.progress(file, n) : null,
                    context.settings().ingest());
            t = IngestTrace.done(file.displayName(), "begin batch", t);
            reader.get().read(file, context, batch);
            batch.flushStaged();
            IngestTrace.done(file.displayName(), "read+stage", t);
            return new Staged(file, reader.get(), sha, batch, shown, false, List.of(), Optional.empty(), null);
        } catch (IOException | RuntimeException | java.sql.SQLException e) {
            if (batch != null) {
                batch.close();
            }
            Exception failure = e instanceof java.sql.SQLException q
                    ? new StoreException(file.displayName() + ": cannot stage its rows: " + Store.firstLine(q), q) : e;
            return new Staged(file, null, null, null, shown, false, List.of(), Optional.empty(), failure);
        }
    }

    private BatchResult commit(Staged s, Runnable beforeCommit) {
        return s.batch().commit(s.reader().format(), s.sha(), s.reader().sourceZone(context), beforeCommit);
    }

    /** A staged batch not stored (a failure, or a run stopped by a full disk) leaves nothing behind. */
    private static void discard(Staged s) {
        if (s != null && s.batch() != null) {
            s.batch().close();
        }
    }

    private static Staged await(Future<Staged> next) {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ahead", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public static String sha256(SourceFile file) throws IOException {
        return file.sha256();
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof java.nio.file.FileSystemException f) {
            return Unreadable.reason(f);
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
