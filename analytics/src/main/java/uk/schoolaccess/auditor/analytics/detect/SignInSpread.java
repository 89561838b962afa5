package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.baseline.CountTail;
import uk.schoolaccess.auditor.analytics.baseline.FalseDiscovery;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-1, the spread rule of {@link SharedCredentialsDetector}: an account signing in from far more
 * addresses in a day than its owner and their role peers ever do, as when a login is passed
 * round. Judged like browsing: Poisson tails against own and peer means, Benjamini-Hochberg
 * across all staff-days, and a floor on the count.
 */
final class SignInSpread {

    private SignInSpread() {
    }

    static List<Finding> findings(AuditContext context, People people, DetectorInfo info) {
        List<Row> days = context.query("shared_credentials_spread", Map.of());
        LocalDate first = LocalDate.ofInstant(context.period().from(), ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(context.period().to(), ZoneOffset.UTC);
        Map<String, List<Row>> byStaff = new LinkedHashMap<>();
        Map<String, List<Row>> byGroup = new LinkedHashMap<>();
        for (Row d : days) {
            byStaff.computeIfAbsent(d.text("staff_id"), k -> new ArrayList<>()).add(d);
            byGroup.computeIfAbsent(people.get(d.text("staff_id")).peerGroup(), k -> new ArrayList<>()).add(d);
        }
        List<Row> tested = new ArrayList<>();
        List<double[]> baselines = new ArrayList<>();
        for (Row d : days) {
            LocalDate day = d.date("day");
            if (day.isBefore(first) || day.isAfter(end) || d.instant("last_ts").isBefore(context.period().from())
                    || !d.instant("first_ts").isBefore(context.period().to())) {
                continue;
            }
            String staff = d.text("staff_id");
            double[] own = byStaff.get(staff).stream().filter(o -> o.date("day").isBefore(day))
                    .mapToDouble(o -> o.number("ips")).toArray();
            double[] peers = byGroup.get(people.get(staff).peerGroup()).stream()
                    .filter(o -> !o.text("staff_id").equals(staff)).mapToDouble(o -> o.number("ips")).toArray();
            tested.add(d);
            baselines.add(new double[] {mean(own), own.length, mean(peers), peers.length});
        }
        double[] p = new double[tested.size()];
        for (int i = 0; i < p.length; i++) {
            long ips = tested.get(i).number("ips");
            double[] b = baselines.get(i);
            p[i] = Math.max(CountTail.pValue(ips, b[2]), b[1] >= 5 ? CountTail.pValue(ips, b[0]) : 0.0);
        }
        double q = context.threshold(info, "spread_fdr");
        double min = context.threshold(info, "spread_min_ips");
        boolean[] flagged = FalseDiscovery.discoveries(p, q);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (flagged[i] && tested.get(i).number("ips") >= min) {
                out.add(finding(context, people, tested.get(i), baselines.get(i), p[i], q, min, p.length));
            }
        }
        return out;
    }

    private static Finding finding(AuditContext context, People people, Row d, double[] b, double p, double q,
                                   double min, int tests) {
        String staff = d.text("staff_id");
        LocalDate day = d.date("day");
        List<Row> events = context.engine().query("SELECT event_id, ip FROM signins WHERE success AND staff_id = "
                + Sql.text(staff) + " AND to_date(ts) = " + Sql.date(day) + " ORDER BY ts, event_id");
        People.Person person = people.get(staff);
        long ips = d.number("ips");
        String summary = String.format(Locale.UK, "%s's account signed in from %d different addresses (%d devices) "
                        + "on %s; usual for them %.1f a day, for %s peers %.1f. A login used by several people "
                        + "looks like this.", person.label(), ips, d.number("devices"), day, b[0], person.peerGroup(),
                b[2]);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("own_days", (int) b[1]);
        details.put("own_mean", b[0]);
        details.put("peer_days", (int) b[3]);
        details.put("peer_mean", b[2]);
        details.put("p_value", p);
        details.put("tests", tests);
        Evidence.Baseline baseline = new Evidence.Baseline(context.settings().baseline().weeks()
                + " weeks before and during the period", person.peerGroup(), "Poisson upper tail of distinct "
                + "sign-in addresses a day, own and peer means; Benjamini-Hochberg at q=" + q, ips, min, details);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rule", "spread");
        facts.put("addresses", events.stream().map(e -> e.text("ip")).distinct().sorted().toList());
        return new Finding(FindingIds.of(SharedCredentialsDetector.ID, "spread", staff, day),
                SharedCredentialsDetector.ID, staff, d.text("account"), "sign-in addresses", d.instant("first_ts"),
                d.instant("last_ts"), Severity.MEDIUM, Scores.surprise(p), "CRED-1", summary,
                new Evidence(events.stream().map(e -> e.text("event_id")).toList(), baseline, facts));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
