package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * DATA-1: the MIS or the safeguarding system reached from a device the school does not manage,
 * from outside its network and its approved remote access. Both must hold: a member of staff's
 * own phone on the school wifi, and the school-issued (managed, compliant) laptop at home, are
 * approved paths. A sign-in whose source says nothing about the device, or that has no IP, cannot
 * be judged and is left alone. One finding per person and day (UTC).
 */
public final class UnapprovedAccessPathDetector implements Detector {

    public static final String ID = "unapproved_access_path";
    static final double SCORE_HIGH = 6;
    static final double SCORE_MEDIUM = 4;

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final DetectorInfo INFO = new DetectorInfo(ID, "MIS or safeguarding data reached by an unapproved path",
            List.of("DATA-1"),
            "high for the safeguarding system, or when the person holds a privileged role (settings privileged_roles); "
                    + "otherwise medium. Score " + SCORE_HIGH + " (high) or " + SCORE_MEDIUM + " (medium): a rule broken",
            List.of(),
            List.of("the school-issued laptop (managed, compliant, with a device id) used at home",
                    "a personal phone or unmanaged device on the school network (networks.school)",
                    "any device through approved remote access (networks.approved_remote)",
                    "sign-ins to other apps (mail, Teams) from home computers",
                    "failed sign-ins"));

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        List<Row> rows = context.query(ID, Map.of(
                "mis_apps_lower", NonMfaSessionDetector.lowered(context.settings().apps().mis()),
                "safeguarding_apps_lower", NonMfaSessionDetector.lowered(context.settings().apps().safeguarding())));
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            String ip = r.text("ip");
            if (ip == null || ip.isBlank() || context.atSchool(ip) || context.approvedRemote(ip)) {
                continue;
            }
            groups.computeIfAbsent(r.text("person") + "|" + r.date("day"), k -> new ArrayList<>()).add(r);
        }
        People people = People.of(context);
        List<Finding> out = new ArrayList<>();
        for (List<Row> evs : groups.values()) {
            out.add(finding(context, people, evs));
        }
        return out;
    }

    private Finding finding(AuditContext context, People people, List<Row> evs) {
        Row f = evs.get(0);
        Row l = evs.get(evs.size() - 1);
        String staff = f.text("staff_id");
        LocalDate day = f.date("day");
        boolean safeguarding = evs.stream().anyMatch(e -> e.number("safeguarding") == 1);
        boolean privileged = staff != null && people.get(staff).hasAny(context.settings().privilegedRoles());
        Severity severity = safeguarding || privileged ? Severity.HIGH : Severity.MEDIUM;
        TreeSet<String> apps = evs.stream().map(e -> e.text("app")).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> devices = evs.stream().map(UnapprovedAccessPathDetector::device)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> places = evs.stream().map(e -> e.text("ip") + place(e))
                .collect(Collectors.toCollection(TreeSet::new));
        String summary = String.format(Locale.UK, "%s signed in to %s from %s at %s, outside the school network and "
                        + "approved remote access, on %s at %s UTC. %d of their %d sign-ins to the MIS and safeguarding "
                        + "systems this period came from devices the school does not manage (DATA-1)%s.",
                people.label(staff), String.join(", ", apps), String.join("; ", devices), String.join(", ", places), day,
                evs.stream().map(e -> HM.format(e.instant("ts"))).distinct().collect(Collectors.joining(", ")),
                f.number("person_unvouched"), f.number("person_signins"),
                privileged ? "; they hold a privileged role" : "");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("apps", List.copyOf(apps));
        facts.put("devices", List.copyOf(devices));
        facts.put("ips", evs.stream().map(e -> e.text("ip")).distinct().sorted().toList());
        facts.put("school_networks", context.settings().networks().school());
        facts.put("approved_remote", context.settings().networks().approvedRemote());
        facts.put("person_signins", f.number("person_signins"));
        facts.put("person_unmanaged_signins", f.number("person_unvouched"));
        facts.put("rule", "device not managed, not compliant or without a device id, and the IP outside "
                + "networks.school and networks.approved_remote");
        return new Finding(FindingIds.of(ID, f.text("person"), day), ID, staff, f.text("account"), String.join(", ", apps),
                f.instant("ts"), l.instant("ts"), severity, severity == Severity.HIGH ? SCORE_HIGH : SCORE_MEDIUM,
                "DATA-1", summary, new Evidence(evs.stream().map(e -> e.text("event_id")).toList(), null, facts));
    }

    private static String device(Row r) {
        List<String> why = new ArrayList<>();
        if (!r.flag("device_managed")) {
            why.add("not managed");
        }
        if (!r.flag("device_compliant")) {
            why.add("not compliant");
        }
        String id = r.text("device_id");
        if (id == null || id.isBlank()) {
            why.add("no device id");
        }
        String name = r.text("device_name");
        return (name == null || name.isBlank() ? "a device" : name) + " (" + String.join(", ", why) + ")";
    }

    private static String place(Row r) {
        String city = r.text("city");
        String country = r.text("country");
        if (city == null && country == null) {
            return "";
        }
        return " (" + (city == null ? country : country == null ? city : city + ", " + country) + ")";
    }
}
