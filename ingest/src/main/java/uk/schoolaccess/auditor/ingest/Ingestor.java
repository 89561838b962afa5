package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.BatchWriter;
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
        List<BatchResult> done = new ArrayList<>();
        int unrecognised = 0;
        int failed = 0;
        for (SourceFile file : SourceLocator.expand(paths)) {
            try {
                Sniff sniff = Sniff.of(file);
                Optional<SourceReader> reader = forced.isPresent() ? forced : readers.detect(sniff);
                if (reader.isEmpty()) {
                    unrecognised++;
                    listener.unrecognised(file, sniff.csvHeader().names().stream().limit(12).toList());
                    continue;
                }
                done.add(load(file, reader.get()));
                listener.finished(done.get(done.size() - 1));
            } catch (IOException | RuntimeException e) {
                // Whatever went wrong, it went wrong in this file: it was rolled back, the others still load.
                failed++;
                listener.failed(file, message(e));
            }
        }
        return new IngestSummary(done, unrecognised, failed);
    }

    private BatchResult load(SourceFile file, SourceReader reader) throws IOException {
        listener.started(file, reader.format());
        String sha = sha256(file);
        try (BatchWriter batch = new BatchWriter(store, file.displayName(), n -> listener.progress(file, n))) {
            reader.read(file, context, batch);
            return batch.commit(reader.format(), sha, reader.sourceZone(context));
        }
    }

    public static String sha256(SourceFile file) throws IOException {
        try (InputStream in = file.open()) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
