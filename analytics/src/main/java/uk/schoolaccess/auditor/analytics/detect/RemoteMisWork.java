package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-1, the remote-MIS rule of {@link SharedCredentialsDetector}: MIS or safeguarding work
 * from a workstation that never appears in the school's own Windows logs, at a time when the
 * same person is logged on at a school computer (shared_credentials_remote_mis.sql). Whether a
 * computer is the school's is learnt from the Windows logs, never from its name. The MIS sign-in
 * from outside the school network that started the remote work, when the sign-in logs have one,
 * is added as further evidence (address, place, distance from school, device).
 */
final class RemoteMisWork {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    /** How long before the first remote action its sign-in may have been. */
    private static final long SIGN_IN_LEAD_SECONDS = 3600;
    private static final int MAX_EVENTS = 60;

    private RemoteMisWork() {
    }

    static List<Finding> findings(AuditContext context, People people, DetectorInfo info, double[] school) {
        long slack = (long) (context.threshold(info, "activity_slack_minutes") * 60);
        Map<String, Row> byWork = new LinkedHashMap<>();
        for (Row r : context.query(SharedCredentialsDetector.ID + "_remote_mis", Map.of("slack_seconds", Long.toString(slack)))) {
            byWork.putIfAbsent(r.text("staff_id") + "|" + r.text("host") + "|" + r.text("source") + "|" + r.text("day"), r);
        }
        List<Finding> out = new ArrayList<>();
        for (Row r : byWork.values()) {
            out.add(finding(context, people, r, school, slack));
        }
        return out;
    }

    private static Finding finding(AuditContext context, People people, Row r, double[] school, long slack) {
        String staff = r.text("staff_id");
        Instant first = r.instant("first_ts");
        Instant last = r.instant("last_ts");
        Instant deskStart = r.instant("desk_start");
        Instant deskLife = r.instant("desk_last_life");
        List<String> events = new ArrayList<>();
        List<Row> remote = context.engine().query("SELECT event_id FROM record_access WHERE staff_id = " + Sql.text(staff)
                + " AND source = " + Sql.text(r.text("source")) + " AND lower(split_part(workstation, '.', 1)) = "
                + Sql.text(r.text("host")) + " AND ts >= " + AuditPeriod.sql(first) + " AND ts <= " + AuditPeriod.sql(last)
                + " ORDER BY ts, event_id LIMIT " + MAX_EVENTS);
        remote.forEach(e -> events.add(e.text("event_id")));
        events.add(r.text("desk_event_id"));
        List<Row> desk = context.engine().query("SELECT event_id, ts FROM record_access WHERE staff_id = " + Sql.text(staff)
                + " AND lower(split_part(workstation, '.', 1)) = " + Sql.text(r.text("desk_host")) + " AND ts >= "
                + AuditPeriod.sql(first.minusSeconds(slack)) + " AND ts <= " + AuditPeriod.sql(last.plusSeconds(slack))
                + " ORDER BY ts, event_id LIMIT " + MAX_EVENTS);
        desk.forEach(e -> events.add(e.text("event_id")));
        Row signIn = offSiteSignIn(context, staff, first, last, school);
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format(Locale.UK, "%d %s action(s) from workstation %s, which never appears in the school's "
                + "Windows logs", r.number("actions"), r.text("source"), r.text("workstation")));
        evidence.add(String.format(Locale.UK, "at the same time %s was logged on at school computer %s (logged on %s UTC, "
                        + "at it until %s UTC%s)", people.label(staff), host(r.text("desk_host")), HM.format(deskStart),
                HM.format(deskLife), desk.isEmpty() ? "" : ", " + desk.size() + " MIS record(s) opened there around then"));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rule", "MIS work from a workstation unknown to the school's Windows logs while at a school computer");
        facts.put("remote_workstation", r.text("workstation"));
        facts.put("remote_actions", r.number("actions"));
        facts.put("school_computer", r.text("desk_host"));
        facts.put("remote_began_first", first.isBefore(deskStart));
        if (signIn != null) {
            events.add(signIn.text("event_id"));
            String place = SharedCredentialsDetector.place(signIn.text("city"), signIn.text("country"));
            double km = signIn.decimal("km_from_school");
            evidence.add(String.format(Locale.UK, "the %s sign-in at %s UTC came from %s%s%s, outside the school network, "
                            + "on a device %s", signIn.text("app"), HM.format(signIn.instant("ts")), signIn.text("ip"),
                    place.isEmpty() ? "" : " (" + place + ")", Double.isNaN(km) ? "" : String.format(Locale.UK,
                            ", %.0f km from school", km), signIn.flag("device_managed") ? "the school manages"
                            : "the school does not manage"));
            facts.put("sign_in_ip", signIn.text("ip"));
            facts.put("sign_in_place", place);
            facts.put("km_from_school", Double.isNaN(km) ? null : km);
        }
        if (signIn == null) {
            evidence.add("no matching MIS sign-in from outside the school network was found");
        }
        if (first.isBefore(deskStart)) {
            evidence.add("the remote work began before the owner logged on at school and went on after");
        }
        facts.put("evidence", evidence);
        String summary = String.format(Locale.UK, "%s's %s login was used from %s between %s and %s UTC while they were at "
                        + "school: one person cannot work in the MIS in two places at once. Evidence: %s.",
                people.label(staff), r.text("source"), r.text("workstation"), WHEN.format(first), HM.format(last),
                String.join("; ", evidence));
        return new Finding(FindingIds.of(SharedCredentialsDetector.ID, "remote_mis", staff, r.text("host"), r.text("source"),
                r.text("day")), SharedCredentialsDetector.ID, staff, r.text("account"), "workstation " + r.text("workstation"),
                signIn != null && signIn.instant("ts").isBefore(first) ? signIn.instant("ts") : first, last,
                signIn != null ? Severity.HIGH : Severity.MEDIUM,
                signIn != null ? 9 : 8, "CRED-1", summary, new Evidence(events, null, facts));
    }

    /** The person's latest successful MIS or safeguarding sign-in from off the school network before or during the work. */
    private static Row offSiteSignIn(AuditContext context, String staff, Instant first, Instant last, double[] school) {
        if (context.settings().networks().school().isEmpty()) {
            return null;
        }
        Map<String, String> p = context.standardParams();
        String km = school == null ? "CAST(NULL AS DOUBLE)" : "2 * 6371 * asin(sqrt(power(sin(radians(coalesce(s.lat, c.lat, "
                + "k.lat) - " + school[0] + ") / 2), 2) + cos(radians(" + school[0] + ")) * cos(radians(coalesce(s.lat, c.lat, "
                + "k.lat))) * power(sin(radians(coalesce(s.lon, c.lon, k.lon) - " + school[1] + ") / 2), 2)))";
        List<Row> rows = context.engine().query("SELECT s.event_id, s.ts, s.app, s.ip, s.city, s.country, "
                + "coalesce(s.device_managed, false) AS device_managed, " + km + " AS km_from_school FROM signins s "
                + "LEFT JOIN school_addresses a ON a.ip = s.ip "
                + "LEFT JOIN places c ON c.country = upper(s.country) AND c.city = lower(s.city) "
                + "LEFT JOIN places k ON k.country = upper(s.country) AND k.city = '' "
                + "WHERE s.success AND s.staff_id = " + Sql.text(staff) + " AND a.ip IS NULL AND s.ip IS NOT NULL "
                + "AND (s.app IN " + p.get("mis_apps") + " OR s.app IN " + p.get("safeguarding_apps") + ") AND s.ts >= "
                + AuditPeriod.sql(first.minusSeconds(SIGN_IN_LEAD_SECONDS)) + " AND s.ts <= " + AuditPeriod.sql(last)
                + " ORDER BY s.ts DESC, s.event_id LIMIT 1");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static String host(String h) {
        return h == null ? "?" : h.toUpperCase(Locale.ROOT);
    }
}
