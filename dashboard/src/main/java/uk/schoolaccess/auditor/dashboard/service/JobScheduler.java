package uk.schoolaccess.auditor.dashboard.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inbox job on its schedule inside the server, and at once when someone asks (the
 * dashboard's "Run now", an upload, 'auditor jobs run'). One thread runs the jobs, so a job never
 * runs twice at once; a request while one is queued joins it rather than queueing another.
 */
public final class JobScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final InboxJob job;
    private final Schedule schedule;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private Queued last;
    private volatile Instant nextRun;

    public JobScheduler(InboxJob job, Schedule schedule, ZoneId zone, Clock clock) {
        this.job = job;
        this.schedule = schedule;
        this.zone = zone;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbox-job");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the schedule: jobs a crash cut short are marked, and a first job runs at once (it
     * loads what was dropped in while the server was down and finishes an interrupted job's work).
     */
    public void start() throws Exception {
        int interrupted = job.markInterrupted();
        runNow(interrupted > 0 ? "resumed after the server restarted" : "server started");
        scheduleNext();
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        nextRun = schedule.next(now, zone);
        long delay = Math.max(0, Duration.between(now, nextRun).toMillis());
        thread.schedule(() -> {
            try {
                runNow("schedule (" + schedule.describe() + ")").get();
            } catch (Exception e) {
                LOG.warn("scheduled inbox job failed: {}", ControlServer.firstLine(e));
            } finally {
                scheduleNext();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Queues a job now unless one is already waiting to start; the future gives its outcome. */
    public synchronized Future<InboxJob.Outcome> runNow(String trigger) {
        if (last != null && !last.started) {
            return last.future;
        }
        Queued q = new Queued();
        q.future = thread.submit(() -> {
            q.started = true;
            return job.run(trigger);
        });
        last = q;
        return q.future;
    }

    /** A job asked for; once it has started, a new request queues another (it may bring new files). */
    private static final class Queued {
        volatile boolean started;
        Future<InboxJob.Outcome> future;
    }

    /** Runs a job now and waits for it (a request that must report the outcome). */
    public InboxJob.Outcome runAndWait(String trigger) throws Exception {
        return thread.submit(() -> job.run(trigger)).get();
    }

    public Instant nextRun() {
        return nextRun;
    }

    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
