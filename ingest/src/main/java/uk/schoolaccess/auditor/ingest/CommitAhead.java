package uk.schoolaccess.auditor.ingest;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.BatchWriter;
import uk.schoolaccess.auditor.ingest.store.CommitFailed;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreException;

/**
 * Merges and commits each file's batch on a thread of its own, in file order and one at a time,
 * while the loading thread stages the next file on a second connection to the store (temporary
 * tables belong to one connection, so a batch stays on the connection that staged it). The
 * loading thread was the ingest's critical path, and the reading threads left the second core
 * mostly idle.
 *
 * <p>What keeps the store as a one-file-at-a-time load leaves it: a file is staged only once the
 * batch before it on the same connection is done, and not before a file that changes whom
 * accounts resolve to has committed (its staging reads the logins); a staged batch touches the
 * store's own database only in its merge, which runs after every earlier file's commit; ids are
 * taken in file order at the merge. After a commit fails (a full disk) nothing more is merged:
 * batches staged after it are rolled back.
 */
final class CommitAhead implements AutoCloseable {

    private final Store store;
    private final Store[] stores = new Store[2];
    private final Future<?>[] lastOn = new Future<?>[2];
    /** The last batch that changes the account directory, until it has committed. */
    private Future<?> directoryChange;
    private final Object gate = new Object();
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auditor-commit");
        t.setDaemon(true);
        return t;
    });
    /**
     * The last batch id known to be taken, and by which batch (counted as begun): each batch
     * begun after it expects the next, as ids are taken in file order.
     */
    private record Known(long id, int batch) {
    }

    private volatile Known known;
    private int begun;
    private int slot;
    private volatile boolean stopped;

    CommitAhead(Store store) {
        this.store = store;
        stores[0] = store;
    }

    /** Whether a commit failed: nothing more is stored in this run. */
    boolean stopped() {
        return stopped;
    }

    /** Starts the next file's batch on the connection whose previous batch is done. */
    BatchWriter begin(String path, BatchWriter.RowCounter counter, IngestSettings.Limits limits) {
        int x = begun % 2;
        long t = IngestTrace.start();
        await(lastOn[x]);
        await(directoryChange);
        if (stopped) {
            // told as "not attempted" with the failed commit's file; staging it would be wasted
            throw new IllegalStateException("not attempted: the store could not save an earlier file");
        }
        if (stores[x] == null) {
            stores[x] = second();
        }
        if (stores[x] == stores[1 - x]) {
            // one connection for both: its batches' transactions may not overlap
            await(lastOn[1 - x]);
        }
        IngestTrace.done(path, "wait", t);
        boolean first = begun == 0;
        if (first) {
            // nothing is staged or merged beside the first batch: it takes its id as it begins
            known = new Known(BatchWriter.takeBatchId(store), 0);
        }
        Known k = known;
        long id = k.id() + begun - k.batch();
        BatchWriter batch = new BatchWriter(stores[x], path, counter, limits, new BatchWriter.Ahead(id, first, gate));
        slot = x;
        begun++;
        return batch;
    }

    /**
     * A second connection to the store; when DuckDB cannot open one (short of memory), the store's
     * own, so the files still load, one after another as before the pipeline, instead of every
     * other file failing.
     */
    private Store second() {
        try {
            return Store.shareOf(store);
        } catch (StoreException e) {
            IngestTrace.note("one connection: " + e.getMessage());
            return store;
        }
    }

    /** Merges and commits the batch last begun, after every batch before it. */
    Future<BatchResult> commit(BatchWriter batch, boolean changesDirectory, Callable<BatchResult> merge) {
        int n = begun - 1;
        Future<BatchResult> f = committer.submit(() -> {
            if (stopped) {
                batch.close();
                throw new IllegalStateException("not attempted");
            }
            try {
                BatchResult r = merge.call();
                known = new Known(r.batchId(), n);
                return r;
            } catch (CommitFailed e) {
                stopped = true;
                throw e;
            }
        });
        lastOn[slot] = f;
        if (changesDirectory) {
            directoryChange = f;
        }
        return f;
    }

    /** The batch last begun failed before its merge: its id is taken in its turn all the same. */
    void skip() {
        if (begun == 1) {
            return; // the first batch took its id as it began
        }
        Store on = stores[slot];
        int n = begun - 1;
        lastOn[slot] = committer.submit(() -> {
            if (!stopped) {
                known = new Known(BatchWriter.skipBatchId(on), n);
            }
            return null;
        });
    }

    private static void await(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            outcome(f);
        } catch (ExecutionException e) {
            // reported in its file's turn
        }
    }

    /**
     * Waits for a batch's merge and commit even when this thread is interrupted (a server shutting
     * down): the commit goes on regardless on its own thread, and its file must be told as stored
     * when it was. The interrupt is kept for whatever waits next.
     */
    static <T> T outcome(Future<T> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        committer.submit(() -> IngestTrace.threadCpu("thread's CPU"));
        committer.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (committer.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (stores[1] != null && stores[1] != store) {
            stores[1].close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
