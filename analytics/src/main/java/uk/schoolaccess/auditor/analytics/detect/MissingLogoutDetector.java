package uk.schoolaccess.auditor.analytics.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.baseline.CountTail;
import uk.schoolaccess.auditor.analytics.baseline.FalseDiscovery;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * SESS-1 and SESS-2: sessions left open. Reads the derived {@code sessions} table: a Windows,
 * MIS or CPOMS session with no logoff or timeout before the next logon or the end of the data
 * breaks SESS-1; another user (staff or a pupil account) logging on to the computer while the
 * session was open and not locked is the exposure SESS-2 is about, whether or not the owner logged
 * off later. One finding per session, because each is one lapse to put to the person. Repeat
 * offenders are told apart by a baseline: the person's count of such sessions over the baseline
 * window against the mean of their role peers (Poisson upper tail, Benjamini-Hochberg across
 * staff).
 */
public final class MissingLogoutDetector implements Detector {

    public static final String ID = "missing_logout";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final DetectorInfo INFO = new DetectorInfo(ID, "Sessions left open", List.of("SESS-1", "SESS-2"),
            "high: another user logged on to the computer while the session was open and unlocked (SESS-2); "
                    + "medium: a Windows session never logged off; low: an MIS or CPOMS session with no logout; "
                    + "raised one level for a repeat offender (their count of such sessions is a Benjamini-Hochberg "
                    + "discovery against their role peers' mean and at least repeat_min)",
            List.of(new DetectorInfo.Threshold("open_at_end_grace_minutes", 60, "a session still open when the data "
                            + "ends counts only if the data runs on this long after its last sign of life (so an export "
                            + "cut mid-session is not a finding)"),
                    new DetectorInfo.Threshold("exposure_gap_minutes", 240, "for a session never logged off, the next "
                            + "user's logon is an exposure only within this long of its last sign of life (later, the "
                            + "computer has usually been restarted)"),
                    new DetectorInfo.Threshold("fdr", 0.05, "false-discovery rate across staff for repeat offenders"),
                    new DetectorInfo.Threshold("repeat_min", 3, "fewest sessions left open in the baseline window "
                            + "that can make a repeat offender")),
            List.of("a screen locked and unlocked over lunch (4800/4801), then logged off",
                    "a session that ended by logoff or timeout",
                    "another user logging on while the session was locked",
                    "a session still running when the export was cut",
                    "machine, SYSTEM, DWM/UMFD, network (3), service (5) and unlock (7) logons"));

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        People people = People.of(context);
        Duration grace = Duration.ofSeconds((long) (context.threshold(INFO, "open_at_end_grace_minutes") * 60));
        Duration gap = Duration.ofSeconds((long) (context.threshold(INFO, "exposure_gap_minutes") * 60));
        List<Row> rows = new ArrayList<>();
        for (Row r : context.query(ID, Map.of())) {
            if (counts(r, grace) || exposed(r, gap)) {
                rows.add(r);
            }
        }
        Map<String, Integer> perPerson = new HashMap<>();
        rows.forEach(r -> perPerson.merge(r.text("staff_id"), 1, Integer::sum));
        Baselines baselines = baselines(context, people, perPerson);
        List<Finding> out = new ArrayList<>();
        for (Row r : rows) {
            Instant start = r.instant("started_at");
            if (start.isBefore(context.period().from()) || !start.isBefore(context.period().to())) {
                continue;
            }
            out.add(finding(context, people, r, exposed(r, gap), baselines));
        }
        return out;
    }

    /** A session never logged off, unless it merely outlasted the data. */
    private static boolean counts(Row r, Duration grace) {
        String ended = r.text("ended");
        if (!"open_at_end".equals(ended)) {
            return "next_logon".equals(ended) || "other_user_logon".equals(ended);
        }
        Instant end = r.instant("data_end");
        return end != null && !r.instant("last_sign_of_life").plus(grace).isAfter(end);
    }

    private static boolean exposed(Row r, Duration gap) {
        if (r.number("unlocked_other_logons") == 0) {
            return false;
        }
        String ended = r.text("ended");
        if ("logoff".equals(ended) || "timeout".equals(ended)) {
            return true;
        }
        return !r.instant("first_exposure_at").isAfter(r.instant("last_sign_of_life").plus(gap));
    }

    /** Each person's count against their peers', tested once per person with any lapse. */
    private record Baselines(Map<String, double[]> byStaff, Map<String, Boolean> repeat, double q, int tests,
                             double repeatMin) {
    }

    private Baselines baselines(AuditContext context, People people, Map<String, Integer> perPerson) {
        List<String> staff = context.engine().query("SELECT staff_id FROM staff").stream().map(r -> r.text("staff_id"))
                .toList();
        Map<String, double[]> groupTotals = new HashMap<>();
        for (String s : staff) {
            double[] t = groupTotals.computeIfAbsent(people.get(s).peerGroup(), k -> new double[2]);
            t[0] += perPerson.getOrDefault(s, 0);
            t[1]++;
        }
        List<String> tested = new ArrayList<>(perPerson.keySet());
        tested.sort(String::compareTo);
        double[] p = new double[tested.size()];
        Map<String, double[]> byStaff = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            String s = tested.get(i);
            int own = perPerson.get(s);
            double[] t = groupTotals.getOrDefault(people.get(s).peerGroup(), new double[] {own, 1});
            double peers = t[1] - 1;
            double peerMean = peers <= 0 ? 0 : (t[0] - own) / peers;
            p[i] = CountTail.pValue(own, peerMean);
            byStaff.put(s, new double[] {own, peerMean, peers, p[i]});
        }
        double q = context.threshold(INFO, "fdr");
        double min = context.threshold(INFO, "repeat_min");
        boolean[] d = FalseDiscovery.discoveries(p, q);
        Map<String, Boolean> repeat = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            repeat.put(tested.get(i), d[i] && perPerson.get(tested.get(i)) >= min);
        }
        return new Baselines(byStaff, repeat, q, p.length, min);
    }

    private Finding finding(AuditContext context, People people, Row r, boolean exposed, Baselines b) {
        String staff = r.text("staff_id");
        People.Person person = people.get(staff);
        String source = r.text("source");
        boolean windows = "windows".equals(source);
        String host = r.text("host_as_logged") != null ? r.text("host_as_logged").split("\\.")[0]
                : r.text("host");
        String system = windows ? "Windows" : source.equals("sims") ? "SIMS" : source.toUpperCase(Locale.ROOT);
        String where = system + (host != null ? " on " + host : "");
        boolean neverEnded = !"logoff".equals(r.text("ended")) && !"timeout".equals(r.text("ended"));
        double[] own = b.byStaff().get(staff);
        boolean repeat = b.repeat().getOrDefault(staff, false);

        Severity severity = exposed ? Severity.HIGH : windows ? Severity.MEDIUM : Severity.LOW;
        if (repeat) {
            severity = severity.raised();
        }
        Instant start = r.instant("started_at");
        List<String> events = new ArrayList<>();
        events.add(r.text("start_event_id"));
        Instant last = r.instant("last_sign_of_life");
        StringBuilder what = new StringBuilder();
        what.append(String.format(Locale.UK, "%s left their %s session%s %s: logged on %s UTC", person.label(), system,
                host != null ? " on " + host : "", exposed ? "unlocked" : "open", WHEN.format(start)));
        if (exposed) {
            Instant at = r.instant("first_exposure_at");
            String visitorStaff = r.text("exposure_staff_id");
            // Pupil account names are built from pupils' names: never print them.
            String visitor = visitorStaff != null ? "another member of staff, " + people.label(visitorStaff)
                    : "an account not on the staff roster (a pupil or unknown account)";
            what.append(String.format(Locale.UK, "; at %s UTC, while it was open and not locked, %s logged on to "
                    + "the same computer", HM.format(at), visitor));
            events.add(r.text("first_exposure_event_id"));
            last = max(last, at);
        }
        if (neverEnded) {
            String ended = r.text("ended");
            Instant endedAt = r.instant("ended_at");
            what.append("; ").append(switch (ended) {
                case "next_logon" -> "never logged off: the same account next logged on there at "
                        + WHEN.format(endedAt) + " UTC";
                case "other_user_logon" -> "never logged off before the next logon there at "
                        + WHEN.format(endedAt) + " UTC";
                default -> "still not logged off when the data ends ("
                        + WHEN.format(r.instant("data_end")) + " UTC)";
            });
            if (endedAt != null) {
                events.add(r.text("end_event_id"));
                last = max(last, endedAt);
            }
        } else {
            what.append(String.format(Locale.UK, "; logged off %s UTC", HM.format(r.instant("ended_at"))));
            events.add(r.text("end_event_id"));
            last = max(last, r.instant("ended_at"));
        }
        what.append(String.format(Locale.UK, ". Sessions they left open in the %d-week window: %d; %s peers average "
                        + "%.1f%s.", context.settings().baseline().weeks(), (int) own[0], person.peerGroup(), own[1],
                repeat ? " (a repeat offender)" : ""));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("own_sessions_left_open", (int) own[0]);
        details.put("peer_mean", own[1]);
        details.put("peers", (int) own[2]);
        details.put("p_value", own[3]);
        details.put("tests", b.tests());
        details.put("repeat_offender", repeat);
        Evidence.Baseline baseline = new Evidence.Baseline(context.settings().baseline().weeks()
                + " weeks before and during the period", person.peerGroup(), "Poisson upper tail of sessions left open "
                + "per person against the role peers' mean; Benjamini-Hochberg at q=" + b.q(), own[0], b.repeatMin(),
                details);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("source", source);
        facts.put("host", host);
        facts.put("ended", r.text("ended"));
        facts.put("exposed", exposed);
        facts.put("other_logons", r.number("other_logons"));
        facts.put("unlocked_other_logons", r.number("unlocked_other_logons"));
        facts.put("last_unlock", r.instant("last_unlock") == null ? null : r.instant("last_unlock").toString());
        facts.put("mis_activity_during", r.number("activity"));
        double score = Math.min(Scores.CAP, Scores.surprise(own[3]) + (exposed ? 6 : 0));
        return new Finding(FindingIds.of(ID, r.text("session_id")), ID, staff, r.text("account"),
                where, start, last, severity, score, exposed ? "SESS-2" : "SESS-1", what.toString(),
                new Evidence(events, baseline, facts));
    }

    private static Instant max(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
