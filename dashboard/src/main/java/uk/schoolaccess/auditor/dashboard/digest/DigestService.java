package uk.schoolaccess.auditor.dashboard.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.schoolaccess.auditor.dashboard.web.Db;

/**
 * Sends the digests on their schedules, each (kind, period) at most once: sent_digests records
 * every attempt, so a second run of the schedule, a restart, or a manual send for a period already
 * sent does nothing. Only the latest scheduled occurrence is due, so a digest missed while the
 * server was down is sent once when it starts. A failed send is tried again after a back-off that
 * doubles, up to digests.retry.max_attempts; failures are logged (kind, period, error; never the
 * content) and shown on the weekly page.
 */
public final class DigestService {

    private static final Logger LOG = LoggerFactory.getLogger(DigestService.class);

    /** What one attempt to send did. */
    public enum Outcome { SENT, NOTHING_NEW, ALREADY_DONE, WAITING, FAILED, GAVE_UP }

    private final Db db;
    private final DigestBuilder builder;
    private final Mailer mailer;
    private final ZoneId zone;
    private final Clock clock;

    public DigestService(Db db, DigestBuilder builder, Mailer mailer, ZoneId zone, Clock clock) {
        this.db = db;
        this.builder = builder;
        this.mailer = mailer;
        this.zone = zone;
        this.clock = clock;
    }

    private DigestSettings.Digests cfg() {
        return builder.settings().digests();
    }

    /** The period of the latest weekly occurrence at or before now: the Monday of the full week before it. */
    LocalDate weeklyPeriod(ZonedDateTime now) {
        DigestSettings.Weekly w = cfg().weekly();
        ZonedDateTime at = now.with(TemporalAdjusters.previousOrSame(w.dayOfWeek())).with(w.at());
        if (at.isAfter(now)) {
            at = at.minusWeeks(1);
        }
        return at.toLocalDate().with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).minusWeeks(1);
    }

    /** The day of the latest daily occurrence at or before now. */
    LocalDate dailyPeriod(ZonedDateTime now) {
        ZonedDateTime at = now.with(cfg().daily().at());
        return at.isAfter(now) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
    }

    /**
     * One run of the schedules: sends whatever is due and not yet sent. Returns the weekly outcome
     * then the daily one, for the digests that are enabled and have recipients.
     */
    public synchronized List<Outcome> runDue() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        List<Outcome> out = new ArrayList<>();
        // A digest with no recipients in the config is not scheduled (nor counted as a failure).
        if (cfg().weekly().enabled() && !cfg().recipients().dpo().isEmpty()) {
            LocalDate week = weeklyPeriod(now);
            out.add(sendOnce("weekly", week.toString(), () -> builder.weekly(week, cfg().recipients().dpo())));
        }
        if (cfg().daily().enabled() && !cfg().recipients().dsl().isEmpty()) {
            LocalDate day = dailyPeriod(now);
            out.add(sendOnce("daily", day.toString(), () -> builder.daily(day, cfg().recipients().dsl())));
        }
        return out;
    }

    /** Work that builds a digest. */
    @FunctionalInterface
    public interface Build {
        Digest get() throws Exception;
    }

    /** Sends the digest of (kind, period) unless it was sent, or is waiting out its back-off. */
    public synchronized Outcome sendOnce(String kind, String period, Build build) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        List<Map<String, Object>> rows = db.rows("SELECT status, attempts, last_attempt_at FROM sent_digests "
                + "WHERE kind = ? AND period = ?", kind, period);
        int attempts = 0;
        if (!rows.isEmpty()) {
            Map<String, Object> r = rows.get(0);
            String status = (String) r.get("status");
            attempts = ((Number) r.get("attempts")).intValue();
            if (!"failed".equals(status)) {
                return Outcome.ALREADY_DONE;
            }
            if (attempts >= cfg().retry().maxAttempts()) {
                return Outcome.GAVE_UP;
            }
            LocalDateTime last = (LocalDateTime) r.get("last_attempt_at");
            if (last != null && now.isBefore(last.plus(backoff(attempts)))) {
                return Outcome.WAITING;
            }
        }
        Digest d;
        try {
            d = build.get();
        } catch (Exception e) {
            record(kind, period, "failed", attempts + 1, "could not build the digest: " + firstLine(e), now, null);
            LOG.warn("{} digest {}: could not be built: {}", kind, period, firstLine(e));
            return Outcome.FAILED;
        }
        if (d.empty()) {
            record(kind, period, "nothing_new", attempts, null, now, null);
            return Outcome.NOTHING_NEW;
        }
        try {
            mailer.send(d);
        } catch (Exception e) {
            int n = attempts + 1;
            record(kind, period, "failed", n, firstLine(e), now, null);
            LOG.warn("{} digest {}: sending failed (attempt {} of {}): {}", kind, period, n,
                    cfg().retry().maxAttempts(), firstLine(e));
            return Outcome.FAILED;
        }
        int done = attempts + 1;
        db.transaction(tx -> {
            record(kind, period, "sent", done, null, now, now);
            for (String id : d.findingIds()) {
                tx.update("INSERT INTO digest_findings VALUES (?, ?, ?)", kind, period, id);
            }
        });
        return Outcome.SENT;
    }

    Duration backoff(int attempts) {
        long seconds = (long) cfg().retry().backoffSeconds() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofSeconds(Math.min(seconds, 6 * 3600));
    }

    private void record(String kind, String period, String status, int attempts, String error, LocalDateTime at,
                        LocalDateTime sentAt) {
        db.update("INSERT INTO sent_digests VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, period) DO UPDATE SET "
                        + "status = excluded.status, attempts = excluded.attempts, last_error = excluded.last_error, "
                        + "last_attempt_at = excluded.last_attempt_at, sent_at = excluded.sent_at",
                kind, period, status, attempts, error, at, sentAt);
    }

    /** The latest delivery failure not since resolved, for the weekly page; null when none. */
    public static Map<String, Object> lastFailure(Db db) {
        List<Map<String, Object>> r = db.rows("SELECT kind, period, attempts, last_error, last_attempt_at "
                + "FROM sent_digests WHERE status = 'failed' ORDER BY last_attempt_at DESC LIMIT 1");
        return r.isEmpty() ? null : r.get(0);
    }

    /** Runs the schedules now (a missed digest goes at start) and then every minute, on a daemon thread. */
    public ScheduledExecutorService start() {
        return start(Duration.ZERO, Runnable::run);
    }

    /**
     * Runs the schedules every minute from {@code firstAfter}, each run inside {@code around}
     * (the server runs it alone among the store's writers, so a digest never reports a half-loaded
     * week).
     */
    public ScheduledExecutorService start(Duration firstAfter, java.util.function.Consumer<Runnable> around) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "digests");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(() -> {
            try {
                around.accept(this::runDue);
            } catch (RuntimeException e) {
                LOG.warn("digest schedule run failed: {}", firstLine(e));
            }
        }, firstAfter.toSeconds(), 60, TimeUnit.SECONDS);
        return ex;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
