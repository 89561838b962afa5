package uk.schoolaccess.auditor.dashboard.service;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The server's hold on its store. Work that writes (a command handed over by another process, a
 * scheduled ingest and audit, a purge) runs one at a time under {@link #exclusive}; the dashboard
 * reads and records triage beside it on its own connection.
 */
public final class StoreOwner {

    private final Store store;
    private final ReentrantLock writer = new ReentrantLock(true);
    private volatile String running;
    private volatile JobScheduler jobs;
    private volatile Instant runningSince;
    private volatile String servedAt;

    public StoreOwner(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** Work done while holding the store's single writer slot. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs work alone among the server's writers. If another piece of work holds the slot,
     * {@code waiting} is told what it is waiting for (once) before it waits.
     */
    public <T> T exclusive(String what, java.util.function.Consumer<String> waiting, Work<T> work) throws Exception {
        if (!writer.tryLock(200, TimeUnit.MILLISECONDS)) {
            String r = running;
            if (waiting != null) {
                waiting.accept("waiting for the server's current work (" + (r == null ? "another command" : r)
                        + ") to finish...");
            }
            writer.lockInterruptibly();
        }
        try {
            running = what;
            runningSince = Instant.now();
            return work.run();
        } finally {
            running = null;
            runningSince = null;
            writer.unlock();
        }
    }

    /** The server's scheduled jobs, once started; null in a process that is not a server. */
    public JobScheduler jobs() {
        return jobs;
    }

    public void jobs(JobScheduler scheduler) {
        this.jobs = scheduler;
    }

    /**
     * Where the server's dashboard really listens ({@code http://127.0.0.1:7087}), once it does:
     * a digest handed to the server links there, as the server's own digests do; null otherwise.
     */
    public String servedAt() {
        return servedAt;
    }

    public void servedAt(String url) {
        this.servedAt = url;
    }

    /** What holds the writer slot now, or null. */
    public String running() {
        return running;
    }

    public Instant runningSince() {
        return runningSince;
    }
}
