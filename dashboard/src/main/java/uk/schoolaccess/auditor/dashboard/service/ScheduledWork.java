package uk.schoolaccess.auditor.dashboard.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other work the server does on a schedule (the retention purge): each run alone among the
 * store's writers, so it never deletes under a half-finished ingest or audit.
 */
public final class ScheduledWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledWork.class);

    private final String name;
    private final Schedule schedule;
    private final ZoneId zone;
    private final Clock clock;
    private final StoreOwner owner;
    private final StoreOwner.Work<String> work;
    private final ScheduledExecutorService thread;

    public ScheduledWork(String name, Schedule schedule, ZoneId zone, Clock clock, StoreOwner owner,
                         StoreOwner.Work<String> work) {
        this.name = name;
        this.schedule = schedule;
        this.zone = zone;
        this.clock = clock;
        this.owner = owner;
        this.work = work;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public ScheduledWork start() {
        Instant now = clock.instant();
        long delay = Math.max(0, Duration.between(now, schedule.next(now, zone)).toMillis());
        thread.schedule(() -> {
            try {
                String outcome = owner.exclusive("the scheduled " + name, null, work);
                LOG.info("scheduled {}: {}", name, outcome);
            } catch (Exception e) {
                LOG.warn("scheduled {} failed: {}", name, ControlServer.firstLine(e));
            } finally {
                start();
            }
        }, delay, TimeUnit.MILLISECONDS);
        return this;
    }

    public String describe() {
        return schedule.describe();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
