package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-2: a leaver's logins still in use. Any successful sign-in, interactive logon or record
 * access from the day after staff.leave_date onwards, the day read in the school's zone (the
 * leave date is a school date: a sign-in at 23:30 UTC in summer is already the next day there).
 * One finding per person and school day.
 */
public final class LeaverAccountDetector implements Detector {

    public static final String ID = "leaver_account";
    static final double SCORE = 10;

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final DetectorInfo INFO = new DetectorInfo(ID, "Leaver's account still in use", List.of("CRED-2"),
            "always high: the person no longer works at the school (score " + SCORE + ", a rule broken)",
            List.of(new DetectorInfo.Threshold("grace_days", 0,
                    "days after the leave date before use counts (0: from the day after the leave date)")),
            List.of("use on the leave date itself (the last working day)",
                    "failed sign-ins after leaving (attempts, not use)",
                    "machine, service and network logons under the leaver's name"));

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        long grace = (long) context.threshold(INFO, "grace_days");
        Map<String, LocalDate> leaveDates = new TreeMap<>();
        List<String> values = new ArrayList<>();
        for (Row r : context.engine().query("SELECT staff_id, leave_date FROM staff WHERE leave_date IS NOT NULL")) {
            Instant cutoff = r.date("leave_date").plusDays(1 + grace).atStartOfDay(context.zone()).toInstant();
            if (cutoff.isBefore(context.period().to())) {
                leaveDates.put(r.text("staff_id"), r.date("leave_date"));
                values.add("(" + Sql.text(r.text("staff_id")) + ", " + AuditPeriod.sql(cutoff) + ")");
            }
        }
        if (values.isEmpty()) {
            return List.of();
        }
        List<Row> rows = context.query(ID, Map.of("leavers",
                "SELECT * FROM (VALUES " + String.join(", ", values) + ") AS t(staff_id, cutoff)"));
        People people = People.of(context);
        Map<String, List<Row>> byStaffDay = new LinkedHashMap<>();
        for (Row r : rows) {
            LocalDate day = r.instant("ts").atZone(context.zone()).toLocalDate();
            byStaffDay.computeIfAbsent(r.text("staff_id") + "|" + day, k -> new ArrayList<>()).add(r);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Row> evs : byStaffDay.values()) {
            String staff = evs.get(0).text("staff_id");
            out.add(finding(context, people.get(staff), leaveDates.get(staff), evs));
        }
        return out;
    }

    private Finding finding(AuditContext context, People.Person person, LocalDate left, List<Row> evs) {
        Row f = evs.get(0);
        Row l = evs.get(evs.size() - 1);
        LocalDate day = f.instant("ts").atZone(context.zone()).toLocalDate();
        Map<String, Long> counts = evs.stream().collect(Collectors.groupingBy(e -> e.text("what"), TreeMap::new,
                Collectors.counting()));
        TreeSet<String> systems = evs.stream().map(e -> e.text("what").equals("sign-in") ? e.text("detail")
                : NonMfaSessionDetector.systemName(e.text("source"))).filter(s -> s != null).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> ips = evs.stream().map(e -> e.text("ip")).filter(i -> i != null && !i.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
        String what = counts.entrySet().stream().map(e -> e.getValue() + " " + plural(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        long daysLater = ChronoUnit.DAYS.between(left, day);
        String summary = String.format(Locale.UK, "%s left the school on %s but their accounts were used on %s, %d day(s) "
                        + "later: %s (%s)%s, %s-%s UTC. Any use after the leave date breaks CRED-2.",
                person.label(), left, day, daysLater, what, String.join(", ", systems),
                ips.isEmpty() ? "" : " from " + String.join(", ", ips), HM.format(f.instant("ts")),
                HM.format(l.instant("ts")));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("leave_date", left.toString());
        facts.put("days_after_leaving", daysLater);
        facts.put("uses", counts);
        facts.put("systems", List.copyOf(systems));
        facts.put("ips", List.copyOf(ips));
        facts.put("accounts", evs.stream().map(e -> e.text("account")).filter(a -> a != null).distinct().sorted().toList());
        facts.put("day_zone", context.zone().getId());
        return new Finding(FindingIds.of(ID, person.staffId(), day), ID, person.staffId(), f.text("account"),
                String.join(", ", systems), f.instant("ts"), l.instant("ts"), Severity.HIGH, SCORE, "CRED-2", summary,
                new Evidence(evs.stream().map(e -> e.text("event_id")).toList(), null, facts));
    }

    private static String plural(String what, long n) {
        String noun = what.equals("record") ? "record access" : what;
        return n == 1 ? noun : noun + (noun.endsWith("s") ? "es" : "s");
    }
}
