package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;

import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Works out the next files' content hash and encoding (one whole read of each, in Java) on a
 * second thread while the file before them is read, merged and committed. A week's five files
 * spent about a fifth of a second here on the one thread (SHA-256 runs without the JIT's
 * intrinsic under the launcher's quick compiler), with the second core idle while Java reads a
 * file. Only a file's own hash is worked out, never its rows: every store write stays on the
 * loading thread, in file order. A file whose read fails here is read again by the loop, which
 * reports the error as before.
 */
final class HashAhead implements AutoCloseable {

    /** How many files the thread may run ahead of the one being loaded. */
    private static final int AHEAD = 2;

    private final Semaphore room = new Semaphore(AHEAD);
    private final Thread thread;
    private volatile boolean stopped;

    HashAhead(List<SourceFile> files) {
        thread = new Thread(() -> {
            for (SourceFile f : files) {
                try {
                    room.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) {
                    return;
                }
                try {
                    f.sha256();
                } catch (IOException | RuntimeException e) {
                    // read again, and reported, by the loop
                }
            }
        }, "auditor-hash-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /** The loop has taken a file: the thread may start one more. */
    void next() {
        room.release();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
