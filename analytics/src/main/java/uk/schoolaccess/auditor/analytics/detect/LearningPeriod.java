package uk.schoolaccess.auditor.analytics.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * How much history a person's own baseline has: weeks from the later of their first event in
 * the store (on or after a purge's cut-off) and their start date, to the moment judged. A baseline of fewer than the detector's
 * {@code learning_weeks} is still learning (new staff, the first weeks of a new store): its
 * findings say so, are capped at medium, and their score is scaled down by the share of the
 * learning period seen, so a person with little history is never judged with top confidence.
 */
final class LearningPeriod {

    /** The threshold each baseline detector declares for it. */
    static final String THRESHOLD = "learning_weeks";

    /**
     * Each person's first moment, while {@link Detectors#run} runs the detectors: read once for
     * every detector with a learning period rather than once each (a scan of every event table).
     * One audit's holder is shared by the threads running its detectors on either connection.
     */
    static final ThreadLocal<java.util.concurrent.atomic.AtomicReference<Map<String, Instant>>> SHARED =
            new ThreadLocal<>();

    private final Map<String, Instant> since = new HashMap<>();
    private final double weeks;

    private LearningPeriod(double weeks) {
        this.weeks = weeks;
    }

    static DetectorInfo.Threshold threshold(double defaultWeeks) {
        return new DetectorInfo.Threshold(THRESHOLD, defaultWeeks, "weeks of a person's own history before their "
                + "baseline counts as learnt; until then findings say 'learning', are capped at medium and their "
                + "score is scaled down (0 turns the learning period off)");
    }

    static LearningPeriod of(AuditContext context, DetectorInfo info) {
        LearningPeriod p = new LearningPeriod(context.threshold(info, THRESHOLD));
        if (p.weeks <= 0) {
            return p;
        }
        java.util.concurrent.atomic.AtomicReference<Map<String, Instant>> shared = SHARED.get();
        if (shared != null && shared.get() != null) {
            p.since.putAll(shared.get());
            return p;
        }
        // history starts at the purge cut-off: what a purge kept before it is evidence, not history
        String kept = " AND ts >= " + context.standardParams().get("kept_from");
        for (Row r : context.engine().query("SELECT f.staff_id, f.first_ts, s.start_date FROM (SELECT staff_id, "
                + "min(ts) AS first_ts FROM (SELECT staff_id, ts FROM record_access WHERE staff_id IS NOT NULL" + kept
                + " UNION ALL SELECT staff_id, ts FROM logon_events WHERE staff_id IS NOT NULL" + kept
                + " UNION ALL SELECT staff_id, ts FROM signins WHERE staff_id IS NOT NULL" + kept + ") GROUP BY staff_id) f "
                + "LEFT JOIN staff s ON s.staff_id = f.staff_id")) {
            Instant first = r.instant("first_ts");
            LocalDate start = r.date("start_date");
            if (start != null && start.atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(first)) {
                first = start.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            p.since.put(r.text("staff_id"), first);
        }
        if (shared != null) {
            shared.compareAndSet(null, Map.copyOf(p.since));
        }
        return p;
    }

    /** Whole weeks of this person's history before the moment; -1 when the learning period is off. */
    int weeksOfHistory(String staffId, Instant at) {
        if (weeks <= 0) {
            return -1;
        }
        Instant first = since.get(staffId);
        return first == null || !first.isBefore(at) ? 0 : (int) (Duration.between(first, at).toDays() / 7);
    }

    boolean learning(String staffId, Instant at) {
        int w = weeksOfHistory(staffId, at);
        return w >= 0 && w < weeks;
    }

    Severity cap(Severity s) {
        return s == Severity.HIGH ? Severity.MEDIUM : s;
    }

    double scale(double score, String staffId, Instant at) {
        return score * Math.max(weeksOfHistory(staffId, at), 0.5) / weeks;
    }

    String note(String staffId, Instant at) {
        return String.format(Locale.UK, "learning: %d week(s) of history", weeksOfHistory(staffId, at));
    }
}
