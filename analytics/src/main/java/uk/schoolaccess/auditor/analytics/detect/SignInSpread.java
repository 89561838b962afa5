package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.baseline.DailyCountBaseline;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-1, the spread rule of {@link SharedCredentialsDetector}: an account signing in from far more
 * addresses in a day than its owner and their role peers ever do, as when a login is passed
 * round. Judged like browsing: Poisson tails against own and peer means, Benjamini-Hochberg
 * across all staff-days, and a floor on the count.
 */
final class SignInSpread {

    /** Earlier days of their own an account needs before its own history counts as a baseline. */
    private static final int MIN_OWN_DAYS = 5;

    private SignInSpread() {
    }

    static List<Finding> findings(AuditContext context, People people, DetectorInfo info) {
        List<Row> days = context.query("shared_credentials_spread", Map.of());
        double q = context.threshold(info, "spread_fdr");
        double min = context.threshold(info, "spread_min_ips");
        LearningPeriod learning = LearningPeriod.of(context, info);
        List<Finding> out = new ArrayList<>();
        for (StaffDayCounts.Flagged f : StaffDayCounts.flagged(context, people, days, "ips", false, MIN_OWN_DAYS, q,
                min)) {
            out.add(finding(context, people, f.row(), f.baseline(), q, min, f.tests(), learning));
        }
        return out;
    }

    private static Finding finding(AuditContext context, People people, Row d, DailyCountBaseline.Judgement b,
                                   double q, double min, int tests, LearningPeriod learning) {
        String staff = d.text("staff_id");
        LocalDate day = d.date("day");
        List<Row> events = context.engine().query("SELECT event_id, ip FROM signins WHERE success AND staff_id = "
                + Sql.text(staff) + " AND to_date(ts) = " + Sql.date(day) + TwoComputers.within(day) + " ORDER BY ts, event_id");
        People.Person person = people.get(staff);
        long ips = d.number("ips");
        boolean stillLearning = learning.learning(staff, d.instant("first_ts"));
        String summary = String.format(Locale.UK, "%s's account signed in from %d different addresses (%d devices) "
                        + "on %s; usual for them %.1f a day, for %s peers %.1f. A login used by several people "
                        + "looks like this.%s", person.label(), ips, d.number("devices"), day, b.ownMean(), person.peerGroup(),
                b.peerMean(), stillLearning ? " Evidence: " + learning.note(staff, d.instant("first_ts")) + "." : "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("own_days", b.ownDays());
        details.put("own_mean", b.ownMean());
        details.put("peer_days", b.peerDays());
        details.put("peer_mean", b.peerMean());
        details.put("p_value", b.pValue());
        details.put("tests", tests);
        Evidence.Baseline baseline = new Evidence.Baseline(context.settings().baseline().weeks()
                + " weeks before and during the period", person.peerGroup(), "Poisson upper tail of distinct "
                + "sign-in addresses a day, own and peer means; Benjamini-Hochberg at q=" + q, ips, min, details);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rule", "spread");
        facts.put("learning", stillLearning);
        facts.put("evidence", stillLearning ? List.of("distinct sign-in addresses far above own and peer means",
                learning.note(staff, d.instant("first_ts"))) : List.of("distinct sign-in addresses far above own and "
                + "peer means"));
        facts.put("addresses", events.stream().map(e -> e.text("ip")).distinct().sorted().toList());
        return new Finding(FindingIds.of(SharedCredentialsDetector.ID, "spread", staff, day),
                SharedCredentialsDetector.ID, staff, d.text("account"), "sign-in addresses", d.instant("first_ts"),
                d.instant("last_ts"), Severity.MEDIUM, stillLearning ? learning.scale(Scores.surprise(b.pValue()), staff,
                d.instant("first_ts")) : Scores.surprise(b.pValue()), "CRED-1", summary,
                new Evidence(events.stream().map(e -> e.text("event_id")).toList(), baseline, facts));
    }
}
