package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-1, the two-computers rule of {@link SharedCredentialsDetector}: one Windows account
 * logged on interactively at two school computers at once, judged on whether two people were at
 * work. The first computer must show a sign of life (MIS use, an unlock) while the second was
 * still in use (a later sign of life there: MIS use, an unlock, its logoff). That alone is a
 * teacher who popped back to their room; it becomes a finding when the MIS use switched between
 * the two computers at least min_switches times, or when the second computer's regular user was
 * absent that day (someone at their computer, with this account). A first computer locked before
 * its owner walked away shows no sign of life until they return, so a teacher who moves room is
 * not flagged; nor is a computer nobody uses regularly (spare, staffroom) unless the use switched.
 */
final class TwoComputers {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** A sign of someone at a computer: MIS use, an unlock, a logon or a logoff. */
    private record Mark(Instant ts, String host, String kind, String eventId) {
    }

    private TwoComputers() {
    }

    static List<Finding> findings(AuditContext context, People people, DetectorInfo info) {
        int minSwitches = (int) context.threshold(info, "min_switches");
        List<Row> pairs = context.query(SharedCredentialsDetector.ID + "_two_computers", Map.of());
        TwoComputersMarks marks = TwoComputersMarks.of(context, pairs);
        Map<String, List<Row>> logonDays = new java.util.HashMap<>();
        Map<String, Boolean> absences = new java.util.HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Finding f = judge(context, people, pairs.get(i), marks.mis(i), marks.locks(i), minSwitches, logonDays, absences);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static Finding judge(AuditContext context, People people, Row r, List<Row> misUse, List<Row> locks,
                                 int minSwitches, Map<String, List<Row>> logonDays, Map<String, Boolean> absences) {
        String staff = r.text("staff_id");
        String a = r.text("a_host");
        String b = r.text("b_host");
        Instant from = r.instant("b_start");
        Instant to = r.instant("overlap_to");
        List<Mark> marks = new ArrayList<>();
        marks.add(new Mark(from, b, "logon", r.text("b_event_id")));
        if ("logoff".equals(r.text("b_ended")) && r.instant("b_end") != null && !r.instant("b_end").isAfter(to)) {
            marks.add(new Mark(r.instant("b_end"), b, "logoff", r.text("b_end_event_id")));
        }
        for (Row u : misUse) {
            marks.add(new Mark(u.instant("ts"), u.text("host"), "mis", u.text("event_id")));
        }
        String lockState = null;
        for (Row k : locks) {
            Instant t = k.instant("ts");
            if (t.isBefore(from)) {
                if (k.text("host").equals(a)) {
                    lockState = k.text("kind");
                }
            } else if (k.text("kind").equals("unlock")) {
                marks.add(new Mark(t, k.text("host"), "unlock", k.text("event_id")));
            }
        }
        marks.sort(Comparator.comparing(Mark::ts).thenComparing(Mark::host));
        Instant lastOnB = marks.stream().filter(m -> m.host().equals(b)).map(Mark::ts).max(Comparator.naturalOrder())
                .orElse(from);
        List<Mark> aWhileB = marks.stream().filter(m -> m.host().equals(a) && m.ts().isAfter(from)
                && m.ts().isBefore(lastOnB)).toList();
        if (aWhileB.isEmpty()) {
            return null; // nobody was seen at the first computer while the second was in use
        }
        List<Mark> mis = marks.stream().filter(m -> m.kind().equals("mis")).toList();
        int switches = 0;
        for (int i = 1; i < mis.size(); i++) {
            if (!mis.get(i).host().equals(mis.get(i - 1).host())) {
                switches++;
            }
        }
        // Either computer may be the absent colleague's: the cover session may have begun first.
        LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
        String regularHost = b;
        String regular = regularUser(context, b, staff, logonDays);
        boolean regularAbsent = regular != null && absent(context, regular, day, absences);
        if (!regularAbsent) {
            String other = regularUser(context, a, staff, logonDays);
            if (other != null && absent(context, other, day, absences)) {
                regularHost = a;
                regular = other;
                regularAbsent = true;
            }
        }
        if (switches < minSwitches && !regularAbsent) {
            return null;
        }
        long misOnA = mis.stream().filter(m -> m.host().equals(a)).count();
        long misOnB = mis.size() - misOnA;
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format(Locale.UK, "%s was used at %s (%s at %s UTC) while the session at %s was still in use "
                        + "(last sign of life there %s UTC)", r.text("account"), host(a), aWhileB.get(0).kind().equals("mis")
                        ? "MIS use" : "unlocked", HM.format(aWhileB.get(0).ts()), host(b), HM.format(lastOnB)));
        if (switches >= minSwitches) {
            evidence.add(String.format(Locale.UK, "MIS use switched between the two computers %d times (%d records on %s, "
                    + "%d on %s)", switches, misOnA, host(a), misOnB, host(b)));
        }
        if (regularAbsent) {
            evidence.add(String.format(Locale.UK, "%s is normally used by %s, who was absent that day (no logon or MIS "
                    + "use anywhere)", host(regularHost), people.label(regular)));
        }
        evidence.add("lock state of " + host(a) + " when " + host(b) + " was logged on: "
                + (lockState == null ? "never locked" : lockState.equals("lock") ? "locked, but used again before "
                + host(b) + " was finished with" : "unlocked"));
        Instant first = from;
        Instant last = marks.get(marks.size() - 1).ts();
        List<String> events = new ArrayList<>(List.of(r.text("a_event_id")));
        marks.forEach(m -> {
            if (!events.contains(m.eventId())) {
                events.add(m.eventId());
            }
        });
        String summary = String.format(Locale.UK, "%s's account %s was logged on to %s and %s at the same time on %s, and "
                        + "someone was at work on each between %s and %s UTC: one person cannot work at two computers at "
                        + "once. Evidence: %s.", people.label(staff), r.text("account"), host(a), host(b),
                LocalDate.ofInstant(first, ZoneOffset.UTC), HM.format(first), HM.format(last), String.join("; ", evidence));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rule", "interactive sessions on two computers at once, both in use");
        facts.put("evidence", evidence);
        facts.put("computers", List.of(a, b));
        facts.put("switches", switches);
        facts.put("min_switches", minSwitches);
        facts.put("absent_colleagues_computer", regularAbsent ? regularHost : null);
        facts.put("second_computer_regular_user", regular);
        facts.put("regular_user_absent", regularAbsent);
        facts.put("first_computer_lock_state", lockState == null ? "never locked" : lockState);
        Severity severity = misOnB > 0 ? Severity.HIGH : Severity.MEDIUM;
        return new Finding(FindingIds.of(SharedCredentialsDetector.ID, "two_computers", r.text("a_session"),
                r.text("b_session")), SharedCredentialsDetector.ID, staff, r.text("account"), host(a) + " and " + host(b),
                first, last, severity, switches >= minSwitches ? 9 : 8, "CRED-1", summary,
                new Evidence(events, null, facts));
    }

    /**
     * The member of staff who logs on at this computer on most days, when one person does on more
     * than half of all staff logon days there (a classroom or office PC, not a shared one). Each
     * computer's logon days are read once per audit (seen: by computer), however many pairs name it.
     */
    private static String regularUser(AuditContext context, String host, String except, Map<String, List<Row>> seen) {
        Map<String, String> p = context.standardParams();
        List<Row> rows = seen.computeIfAbsent(host, h -> context.engine().query("SELECT staff_id, "
                + "count(DISTINCT to_date(ts)) AS days FROM logon_events "
                + "WHERE source = 'windows' AND kind = 'logon' AND interactive AND coalesce(logon_type, 2) NOT IN (3, 5, 7) "
                + "AND staff_id IS NOT NULL AND lower(split_part(workstation, '.', 1)) = " + Sql.text(h)
                + " AND ts >= " + p.get("history_from") + " AND ts < " + p.get("to")
                + " GROUP BY staff_id ORDER BY days DESC, staff_id"));
        if (rows.isEmpty()) {
            return null;
        }
        long total = rows.stream().mapToLong(x -> x.number("days")).sum();
        Row top = rows.get(0);
        boolean regular = top.number("days") >= 3 && top.number("days") * 2 > total;
        return regular && !top.text("staff_id").equals(except) ? top.text("staff_id") : null;
    }

    /** No logon anywhere and no MIS use by this person on that (UTC) day (seen: asked once per audit). */
    private static boolean absent(AuditContext context, String staff, LocalDate day, Map<String, Boolean> seen) {
        String d = Sql.date(day) + within(day);
        return seen.computeIfAbsent(staff + " " + day, k -> context.engine().query("SELECT count(*) AS n FROM "
                + "(SELECT event_id FROM logon_events WHERE staff_id = "
                + Sql.text(staff) + " AND to_date(ts) = " + d + " UNION ALL SELECT event_id FROM record_access WHERE "
                + "staff_id = " + Sql.text(staff) + " AND to_date(ts) = " + d + ")").get(0).number("n") == 0);
    }

    /** The same (UTC) day as bounds on ts itself, which the store's statistics can use to skip other days. */
    static String within(LocalDate day) {
        return " AND ts >= " + AuditPeriod.sql(day.atStartOfDay(ZoneOffset.UTC).toInstant()) + " AND ts < "
                + AuditPeriod.sql(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static String host(String h) {
        return h == null ? "?" : h.toUpperCase(Locale.ROOT);
    }
}
