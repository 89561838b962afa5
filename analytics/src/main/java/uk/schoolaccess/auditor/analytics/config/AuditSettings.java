package uk.schoolaccess.auditor.analytics.config;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The configuration the audit uses (docs/configuration.md): the school's networks, which
 * applications are the MIS and the safeguarding system, the school day, terms, privileged roles,
 * the baseline window, and per-detector threshold overrides. Defaults suit a school in England;
 * the school's own networks cannot be guessed and default to none.
 */
public record AuditSettings(Networks networks, Apps apps, SchoolDay schoolDay, List<Term> terms,
                            List<String> privilegedRoles, Baseline baseline, RoleRemits roleRemits,
                            Map<String, Map<String, Double>> detectors) {

    public static final List<String> DEFAULT_PRIVILEGED = List.of("slt", "office", "welfare", "dsl", "deputy_dsl", "it");

    public AuditSettings {
        networks = networks == null ? Networks.DEFAULTS : networks;
        apps = apps == null ? Apps.DEFAULTS : apps;
        schoolDay = schoolDay == null ? SchoolDay.DEFAULTS : schoolDay;
        terms = terms == null ? List.of() : List.copyOf(terms);
        privilegedRoles = privilegedRoles == null ? DEFAULT_PRIVILEGED : List.copyOf(privilegedRoles);
        baseline = baseline == null ? Baseline.DEFAULTS : baseline;
        roleRemits = roleRemits == null ? RoleRemits.DEFAULTS : roleRemits;
        TreeMap<String, Map<String, Double>> d = new TreeMap<>();
        if (detectors != null) {
            detectors.forEach((k, v) -> d.put(k, v == null ? Map.of() : Map.copyOf(v)));
        }
        detectors = d;
    }

    public static AuditSettings defaults() {
        return new AuditSettings(null, null, null, null, null, null, null, null);
    }

    public static AuditSettings from(ConfigFile config) {
        return new AuditSettings(
                config.section("networks", Networks.class, Networks.DEFAULTS),
                config.section("apps", Apps.class, Apps.DEFAULTS),
                config.section("school_day", SchoolDay.class, SchoolDay.DEFAULTS),
                config.listSection("terms", Term.class),
                config.listSection("privileged_roles", String.class).isEmpty() ? null
                        : config.listSection("privileged_roles", String.class),
                config.section("baseline", Baseline.class, Baseline.DEFAULTS),
                config.section("role_remits", RoleRemits.class, RoleRemits.DEFAULTS),
                config.mapSection("detectors"));
    }

    /**
     * The school's own address ranges (CIDR) and approved remote-access ranges (VPN, remote
     * desktop gateway). With none given, "at school" is judged from school computers' logons.
     */
    public record Networks(List<String> school, List<String> approvedRemote) {
        public static final Networks DEFAULTS = new Networks(List.of(), List.of());

        public Networks {
            school = school == null ? List.of() : List.copyOf(school);
            approvedRemote = approvedRemote == null ? List.of() : List.copyOf(approvedRemote);
            for (String c : school) {
                Cidr.parse(c, "networks.school");
            }
            for (String c : approvedRemote) {
                Cidr.parse(c, "networks.approved_remote");
            }
        }
    }

    /** Application names (as sign-in logs show them) of the MIS and the safeguarding system. */
    public record Apps(List<String> mis, List<String> safeguarding) {
        public static final Apps DEFAULTS = new Apps(
                List.of("SIMS ID", "SIMS", "Arbor Education", "Arbor", "ScholarPack", "Bromcom"),
                List.of("CPOMS StaffSafe", "CPOMS", "MyConcern", "Provision Map"));

        public Apps {
            mis = mis == null ? DEFAULTS.mis : List.copyOf(mis);
            safeguarding = safeguarding == null ? DEFAULTS.safeguarding : List.copyOf(safeguarding);
        }
    }

    /** When staff are expected at work, in the school's zone. */
    public record SchoolDay(String start, String end) {
        public static final SchoolDay DEFAULTS = new SchoolDay("07:00", "18:30");

        public SchoolDay {
            start = start == null ? DEFAULTS.start : start;
            end = end == null ? DEFAULTS.end : end;
            try {
                LocalTime.parse(start);
                LocalTime.parse(end);
            } catch (RuntimeException e) {
                throw new ConfigException("school_day: start and end are times such as 07:00");
            }
        }
    }

    /** A term, for rules such as "passwords changed at least once a term". */
    public record Term(String name, LocalDate start, LocalDate end) {
    }

    /**
     * Record areas a role may open for any pupil: the office works on attendance and contacts,
     * welfare staff on medical records, senior leaders across behaviour and attendance. Areas
     * are the canonical record_access.area values. Relationships (teaching, tutoring, caseloads,
     * incident involvement) explain the rest pupil by pupil.
     */
    public record RoleRemits(Map<String, List<String>> areas) {
        public static final RoleRemits DEFAULTS = new RoleRemits(Map.of(
                "office", List.of("attendance", "contacts", "student_details", "admissions"),
                "welfare", List.of("medical", "contacts", "student_details"),
                "slt", List.of("behaviour", "attendance", "student_details", "assessment")));

        public RoleRemits {
            areas = areas == null ? DEFAULTS.areas : new TreeMap<>(areas);
        }
    }

    /** How much history a person's own baseline uses. */
    public record Baseline(Integer weeks) {
        public static final Baseline DEFAULTS = new Baseline(8);

        public Baseline {
            weeks = weeks == null ? 8 : weeks;
            if (weeks < 1) {
                throw new ConfigException("baseline.weeks: at least 1");
            }
        }
    }
}
