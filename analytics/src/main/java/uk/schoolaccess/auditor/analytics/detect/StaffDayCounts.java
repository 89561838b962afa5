package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.baseline.DailyCountBaseline;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * A detector query's per-person, per-UTC-day counts (columns staff_id, day, first_ts, last_ts
 * and the count) judged by {@link DailyCountBaseline}: every row is history, the rows of the
 * period are judged, and the days that are discoveries and reach the minimum are returned.
 */
final class StaffDayCounts {

    /** A day worth reporting: its row, the baseline it was judged against, and how many days were judged. */
    record Flagged(Row row, DailyCountBaseline.Judgement baseline, int tests) {
    }

    private StaffDayCounts() {
    }

    /**
     * @param skipEmptyDays days with a count of 0 are history only, never judged
     */
    static List<Flagged> flagged(AuditContext context, People people, List<Row> days, String count,
                                 boolean skipEmptyDays, double minOwnDays, double q, double min) {
        LocalDate first = LocalDate.ofInstant(context.period().from(), ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(context.period().to(), ZoneOffset.UTC);
        List<DailyCountBaseline.Day> all = new ArrayList<>(days.size());
        List<Integer> judged = new ArrayList<>();
        for (Row d : days) {
            LocalDate day = d.date("day");
            String staff = d.text("staff_id");
            all.add(new DailyCountBaseline.Day(staff, people.get(staff).peerGroup(), day, d.number(count)));
            // a UTC day straddling the period's edge is judged only for its events inside it
            if (!((skipEmptyDays && d.number(count) == 0) || day.isBefore(first) || day.isAfter(end)
                    || d.instant("last_ts").isBefore(context.period().from())
                    || !d.instant("first_ts").isBefore(context.period().to()))) {
                judged.add(all.size() - 1);
            }
        }
        List<DailyCountBaseline.Judgement> baselines = new DailyCountBaseline(minOwnDays).judge(all, judged);
        boolean[] discoveries = DailyCountBaseline.discoveries(baselines, q);
        List<Flagged> out = new ArrayList<>();
        for (int i = 0; i < discoveries.length; i++) {
            Row d = days.get(judged.get(i));
            if (discoveries[i] && d.number(count) >= min) {
                out.add(new Flagged(d, baselines.get(i), discoveries.length));
            }
        }
        return out;
    }
}
