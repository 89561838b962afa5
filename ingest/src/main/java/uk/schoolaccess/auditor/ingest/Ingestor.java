package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import uk.schoolaccess.auditor.ingest.json.JsonInput;
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

    /** Threads that read and parse the files beside the loading thread (ReadAhead). */
    public static final int READING_THREADS = ReadAhead.THREADS;


    /** What happens, file by file, for the command line to print. */
    public interface Listener {
        default void started(SourceFile file, String format) {
        }

        default void progress(SourceFile file, long records) {
        }

        void finished(BatchResult result);

        /**
         * A file no reader recognised, told without its contents: its first line may be a
         * pupil's record when the header is missing (see {@link UnrecognisedFile}).
         */
        default void unrecognised(SourceFile file, UnrecognisedFile seen) {
            unrecognised(file, seen.shown());
        }

        /** The same, as the first line's cells that may be shown: known column names, otherwise {@code <cell N>}. */
        default void unrecognised(SourceFile file, List<String> headersSeen) {
        }

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
        try (Inputs inputs = inputs(paths, forcedFormat, () -> readers, context)) {
            return run(inputs, forcedFormat);
        }
    }

    /**
     * The inputs of a run, listed, with their hashing and reading begun on other threads; made
     * before the store is open ({@link #inputs}), so the first files are read while it opens.
     * Nothing here writes to the store.
     */
    public static final class Inputs implements AutoCloseable {
        private final List<Unreadable> unreadable = new ArrayList<>();
        private final List<SourceFile> files;
        private final HashAhead hashes;
        private final ReadAhead parsed;

        private Inputs(List<Path> paths, String forcedFormat, Supplier<Readers> readers, ReadContext context) {
            files = SourceLocator.expand(paths, unreadable);
            hashes = new HashAhead(files);
            parsed = new ReadAhead(files, readers, forcedFormat, context);
        }

        @Override
        public void close() {
            parsed.close();
            hashes.close();
        }
    }

    /**
     * Lists {@code paths} and starts hashing and reading them ahead; {@code readers} is waited for
     * on the reading thread. Give the result to {@link #run(Inputs, String)} with the same format.
     */
    public static Inputs inputs(List<Path> paths, String forcedFormat, Supplier<Readers> readers, ReadContext context) {
        return new Inputs(paths, forcedFormat, readers, context);
    }

    public IngestSummary run(Inputs inputs, String forcedFormat) throws IOException {
        Optional<SourceReader> forced = Optional.empty();
        if (forcedFormat != null) {
            forced = readers.byFormat(forcedFormat);
            if (forced.isEmpty()) {
                throw new IllegalArgumentException("unknown format '" + forcedFormat + "' (known: "
                        + String.join(", ", readers.formats()) + ")");
            }
        }
        IngestTrace.process("ingest starts");
        long began = System.nanoTime();
        List<SourceFile> files = inputs.files;
        Told told = new Told(files);
        Listener telling = new Guarded(listener, told);
        // An input that cannot even be listed (a corrupt zip, a folder it may not read) is
        // reported with its reason; every other input still loads.
        for (Unreadable u : inputs.unreadable) {
            told.failed++;
            telling.unreadable(u.path(), u.reason());
        }
        try (inputs; CommitAhead commits = new CommitAhead(store)) {
            ingest(inputs, forced, commits, told, telling);
        } catch (RuntimeException | Error e) {
            if (told.listenerFailure != null && told.listenerFailure != e) {
                e.addSuppressed(told.listenerFailure);
            }
            throw e;
        }
        if (told.listenerFailure instanceof Error e) {
            throw e;
        }
        if (told.listenerFailure instanceof RuntimeException e) {
            throw e;
        }
        IngestTrace.threadCpu("thread's CPU");
        IngestTrace.process("ingest ends");
        return new IngestSummary(told.done, told.unrecognised, told.failed, (System.nanoTime() - began) / 1e9);
    }

    /** Stages every file in turn, each merged and committed behind it, and tells each outcome in file order. */
    private void ingest(Inputs inputs, Optional<SourceReader> forced, CommitAhead commits, Told told,
                        Listener telling) {
        // Each file's hash is worked out a file or two ahead, on a second thread (HashAhead), and
        // each file is recognised and parsed ahead on another (ReadAhead); this thread stages
        // each file, and its merge and commit follow on another, in file order (CommitAhead).
        List<SourceFile> files = inputs.files;
        HashAhead ahead = inputs.hashes;
        ReadAhead parsed = inputs.parsed;
        // Each file's outcome is told in file order once known: a batch is merged and committed
        // on another thread while the next file is staged (CommitAhead), and a failed commit
        // turns every later file into "not attempted", as if none of them had been looked at.
        Deque<Outcome> outcomes = new ArrayDeque<>();
        // told.halted follows a failed commit, which stops the committer first; after a
        // listener failed, no file is begun, but those already handed on are told
        for (int i = 0; i < files.size() && !commits.stopped() && told.listenerFailure == null; i++) {
            SourceFile file = files.get(i);
            ReadAhead.Prepared prepared = parsed.get(i);
            ahead.next();
            try {
                // The whole input is read once first: its hash, and a damaged zip entry is
                // rejected here, before it can be mistaken for some other format.
                long t = IngestTrace.start();
                String sha = sha256(file);
                t = IngestTrace.done(file.displayName(), "hash+charset", t);
                Sniff sniff = prepared.sniff();
                Optional<SourceReader> reader = prepared.reader();
                IngestTrace.done(file.displayName(), "recognise", t);
                if (reader.isEmpty() && sniff.noRecords()) {
                    outcomes.add(new Outcome(i, null, () -> telling.empty(file)));
                    continue;
                }
                if (reader.isEmpty()) {
                    Optional<String> missing = forced.isPresent() ? Optional.of(notOfFormat(forced.get(), sniff))
                            : missingColumns(sniff);
                    UnrecognisedFile seen = UnrecognisedFile.of(file, sniff, readers);
                    outcomes.add(new Outcome(i, null, () -> {
                        told.unrecognised++;
                        if (missing.isPresent()) {
                            telling.failed(file, missing.get());
                        } else {
                            telling.unrecognised(file, seen);
                        }
                    }));
                    continue;
                }
                Future<BatchResult> batch = load(commits, file, reader.get(), prepared, sha, told, telling);
                if (batch != null) {
                    outcomes.add(new Outcome(i, batch, null));
                }
            } catch (IOException | RuntimeException e) {
                // Whatever went wrong, it went wrong in this file: it was rolled back, the others still load.
                outcomes.add(new Outcome(i, null, () -> {
                    told.failed++;
                    telling.failed(file, message(e));
                }));
            } finally {
                // rows of a file not loaded after all no longer take room from the next files
                prepared.discard();
                tell(outcomes, told, telling, false);
            }
        }
        tell(outcomes, told, telling, true);
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
            List<String> missing = lacks(r, sniff);
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
                + (closestMissing.size() == 1 ? " " : "s ") + quoted(closestMissing)
                + (closestMissing.size() == 1 ? " is" : " are") + " missing");
    }

    /** The columns a CSV format cannot be read without that the input's header lacks. */
    static List<String> lacks(SourceReader reader, Sniff sniff) {
        return reader.requiredColumns().stream().filter(c -> !sniff.csvHeader().has(c)).toList();
    }

    /**
     * Why a file is refused under {@code --format}: read anyway, every row of it would be
     * quarantined, the raw records kept, and the run would look a success.
     */
    private static String notOfFormat(SourceReader forced, Sniff sniff) {
        List<String> missing = lacks(forced, sniff);
        return "not a " + forced.format() + " export (--format " + forced.format() + "): its header lacks the "
                + "required column" + (missing.size() == 1 ? " " : "s ") + quoted(missing);
    }

    private static String quoted(List<String> columns) {
        return columns.stream().map(c -> "'" + c + "'").collect(java.util.stream.Collectors.joining(", "));
    }

    /** One file's outcome, told in its turn: a batch's result once committed, or what else became of it. */
    private record Outcome(int index, Future<BatchResult> batch, Runnable tell) {
    }

    /** What has been told so far. */
    private static final class Told {
        final List<SourceFile> files;
        final List<BatchResult> done = new ArrayList<>();
        int unrecognised;
        int failed;
        boolean halted;
        /** What a listener threw first (the run ends with it once every outcome is told). */
        Throwable listenerFailure;

        Told(List<SourceFile> files) {
            this.files = files;
        }

        /**
         * Tells one outcome. A listener that throws must not leave the files committed after it
         * untold (a server's inbox would load them again) nor turn a stored file into a failed one.
         */
        void safely(Runnable telling) {
            try {
                telling.run();
            } catch (RuntimeException | Error e) {
                if (listenerFailure == null) {
                    listenerFailure = e;
                } else if (listenerFailure != e) {
                    listenerFailure.addSuppressed(e);
                }
            }
        }
    }

    /** The run's listener, each call of which is told safely ({@link Told#safely}). */
    private record Guarded(Listener to, Told told) implements Listener {
        @Override
        public void started(SourceFile file, String format) {
            told.safely(() -> to.started(file, format));
        }

        @Override
        public void progress(SourceFile file, long records) {
            told.safely(() -> to.progress(file, records));
        }

        @Override
        public void finished(BatchResult result) {
            told.safely(() -> to.finished(result));
        }

        @Override
        public void unrecognised(SourceFile file, UnrecognisedFile seen) {
            told.safely(() -> to.unrecognised(file, seen));
        }

        @Override
        public void failed(SourceFile file, String reason) {
            told.safely(() -> to.failed(file, reason));
        }

        @Override
        public void unreadable(Path path, String reason) {
            told.safely(() -> to.unreadable(path, reason));
        }

        @Override
        public void empty(SourceFile file) {
            told.safely(() -> to.empty(file));
        }
    }

    /** Tells the outcomes at the head whose batches are done ({@code all}: waits for every one). */
    private void tell(Deque<Outcome> outcomes, Told told, Listener telling, boolean all) {
        while (!outcomes.isEmpty() && !told.halted) {
            Outcome o = outcomes.peekFirst();
            if (o.batch() != null && !o.batch().isDone() && !all) {
                return;
            }
            outcomes.removeFirst();
            if (o.batch() == null) {
                o.tell().run();
                continue;
            }
            SourceFile file = told.files.get(o.index());
            try {
                BatchResult r = waitFor(o.batch());
                told.done.add(r);
                telling.finished(r);
            } catch (CommitFailed e) {
                // The store itself failed (a full disk): the batch was rolled back, and the
                // store is not written again in this run. Running the same ingest again once
                // the cause is fixed loads what is missing and skips what is stored.
                told.failed++;
                telling.failed(file, message(e));
                for (SourceFile rest : told.files.subList(o.index() + 1, told.files.size())) {
                    told.failed++;
                    telling.failed(rest, "not attempted: the store could not save an earlier file (above); "
                            + "run the same ingest again once that is fixed");
                }
                told.halted = true;
            } catch (RuntimeException e) {
                told.failed++;
                telling.failed(file, message(e));
            }
        }
    }

    private static BatchResult waitFor(Future<BatchResult> batch) {
        try {
            return CommitAhead.outcome(batch);
        } catch (ExecutionException e) {
            // the merge's own failure, as the loading thread would have met it
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    /** Stages a file and hands it to the committer; null when a listener failed as it was told the file starts. */
    private Future<BatchResult> load(CommitAhead commits, SourceFile file, SourceReader reader, ReadAhead.Prepared rows,
            String sha, Told told, Listener telling) throws IOException {
        // Asked before the batch begins: nothing may fail between its staging and its merge, which
        // would leave a staged batch neither merged nor closed.
        String format = reader.format();
        String zone = reader.sourceZone(context);
        telling.started(file, format);
        if (told.listenerFailure != null) {
            return null;
        }
        long t = IngestTrace.start();
        BatchWriter batch = commits.begin(file.displayName(), n -> telling.progress(file, n),
                context.settings().ingest());
        boolean changesDirectory;
        try {
            t = IngestTrace.done(file.displayName(), "begin batch", t);
            rows.replay(batch);
            if (!file.endsWithLineBreak()) {
                batch.lastLineUnended();
            }
            changesDirectory = batch.staged();
            IngestTrace.done(file.displayName(), "read+stage", t);
        } catch (IOException | RuntimeException | Error e) {
            batch.close();
            commits.skip();
            throw e;
        }
        return commits.commit(batch, changesDirectory, () -> batch.commit(format, sha, zone));
    }

    public static String sha256(SourceFile file) throws IOException {
        return file.sha256();
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof java.nio.file.FileSystemException f) {
            return Unreadable.reason(f);
        }
        if (t instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return JsonInput.describe(j); // Jackson's own message quotes the record's text
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
