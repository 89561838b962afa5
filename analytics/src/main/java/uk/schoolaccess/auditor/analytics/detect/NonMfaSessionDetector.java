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
 * MFA-1 and MFA-2: the MIS or the safeguarding system entered with a password alone. Three
 * sources say so: an Entra sign-in to a configured MIS / safeguarding app whose requirement was
 * single-factor, an Arbor login-history row signed in with Arbor's own password and no 2FA, and a
 * CPOMS (or other MIS) login row with its Two Factor flag at No. A factor checked elsewhere (SAML,
 * Arbor via Google or Microsoft) is unknown here and never judged; "MFA requirement satisfied by
 * claim in the token" is multi-factor. One finding per person, day (UTC) and clause.
 */
public final class NonMfaSessionDetector implements Detector {

    public static final String ID = "non_mfa_session";

    /** logon_events sources that are an MIS (their login rows carry an mfa flag when the system records one). */
    static final List<String> MIS_SYSTEMS = List.of("sims", "scholarpack", "arbor", "bromcom");
    /** logon_events sources that are a safeguarding system (MFA-2). */
    static final List<String> SAFEGUARDING_SYSTEMS = List.of("cpoms", "myconcern");

    static final double SCORE_HIGH = 6;
    static final double SCORE_MEDIUM = 4;

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final Map<String, String> SYSTEM_NAMES = Map.of("sims", "SIMS", "scholarpack", "ScholarPack",
            "arbor", "Arbor", "bromcom", "Bromcom", "cpoms", "CPOMS", "myconcern", "MyConcern");

    private static final DetectorInfo INFO = new DetectorInfo(ID, "MIS or safeguarding system entered without MFA",
            List.of("MFA-1", "MFA-2"),
            "high when the person holds a privileged role (settings privileged_roles: by default slt, office, welfare, "
                    + "dsl, deputy_dsl, it); otherwise medium. Score " + SCORE_HIGH + " (high) or " + SCORE_MEDIUM
                    + " (medium): a rule broken, not a statistic",
            List.of(),
            List.of("Google login_type saml (the factor was checked by Entra: unknown here, not single-factor)",
                    "Entra multiFactorAuthentication satisfied by claim in the token",
                    "Arbor sign-in through Google or Microsoft (the identity provider checked the factor)",
                    "failed or interrupted sign-ins (attempts, not sessions)",
                    "single-factor sign-ins to other apps (Teams, Exchange, OfficeHome)"));

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        People people = People.of(context);
        List<Row> rows = context.query(ID, Map.of(
                "mis_apps_lower", lowered(context.settings().apps().mis()),
                "safeguarding_apps_lower", lowered(context.settings().apps().safeguarding()),
                "mis_systems", AuditContext.quotedList(MIS_SYSTEMS),
                "safeguarding_systems", AuditContext.quotedList(SAFEGUARDING_SYSTEMS)));
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.text("person") + "|" + r.date("day") + "|" + r.text("clause"),
                    k -> new ArrayList<>()).add(r);
        }
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
        String clause = f.text("clause");
        LocalDate day = f.date("day");
        boolean privileged = staff != null && people.get(staff).hasAny(context.settings().privilegedRoles());
        Severity severity = privileged ? Severity.HIGH : Severity.MEDIUM;
        TreeSet<String> systems = evs.stream().map(NonMfaSessionDetector::systemName)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> ips = evs.stream().map(e -> e.text("ip")).filter(i -> i != null)
                .collect(Collectors.toCollection(TreeSet::new));
        String times = evs.stream().map(e -> HM.format(e.instant("ts"))).distinct().collect(Collectors.joining(", "));
        long personAll = f.number("person_signins");
        long personSingle = f.number("person_single");
        double schoolShare = 100.0 * f.number("school_single") / Math.max(1, f.number("school_signins"));
        String summary = String.format(Locale.UK, "%s signed in to %s without a second factor (password only) %d time(s) "
                        + "on %s at %s UTC%s. %d of their %d sign-ins to the MIS and safeguarding systems this period "
                        + "were single-factor (school-wide %.1f%%); the AUP asks for multi-factor authentication (%s)%s.",
                people.label(staff), String.join(", ", systems), evs.size(), day, times,
                ips.isEmpty() ? "" : " from " + String.join(", ", ips), personSingle, personAll, schoolShare, clause,
                privileged ? "; they hold a privileged role" : "");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("systems", List.copyOf(systems));
        facts.put("sources", evs.stream().map(e -> e.text("source")).distinct().sorted().toList());
        facts.put("ips", List.copyOf(ips));
        facts.put("person_single_factor", personSingle);
        facts.put("person_signins", personAll);
        facts.put("school_single_factor", f.number("school_single"));
        facts.put("school_signins", f.number("school_signins"));
        facts.put("privileged", privileged);
        facts.put("rule", "successful sign-in with auth_requirement single_factor, or a login row with mfa = false");
        return new Finding(FindingIds.of(ID, f.text("person"), day, clause), ID, staff, f.text("account"),
                String.join(", ", systems), f.instant("ts"), l.instant("ts"), severity,
                privileged ? SCORE_HIGH : SCORE_MEDIUM, clause, summary,
                new Evidence(evs.stream().map(e -> e.text("event_id")).toList(), null, facts));
    }

    private static String systemName(Row r) {
        return systemName(r.text("system"));
    }

    /** A log source as people say it ("cpoms" is CPOMS); app display names pass unchanged. */
    static String systemName(String system) {
        return system == null ? null : SYSTEM_NAMES.getOrDefault(system, system);
    }

    static String lowered(List<String> names) {
        return AuditContext.quotedList(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
}
