package uk.schoolaccess.auditor.analytics.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * CRED-3: staff with higher-level MIS access must change their password at least once a term.
 * The window is the configured term containing the period's last day (or the latest term that
 * ended before it); with no terms configured, the last {@code window_weeks} before the period
 * end. The window is cut to the Windows log the store holds: we cannot see changes made before
 * it. Only people with interactive Windows logons in the period are judged, and only when the log
 * shows somebody changing a password in the window (proof that the audit policy records them).
 */
public final class StalePrivilegedPasswordDetector implements Detector {

    public static final String ID = "stale_privileged_password";

    /** The roles CRED-3 names ("SLT, Office and welfare staff"); not settings.privilegedRoles(). */
    static final List<String> ROLES = List.of("slt", "office", "welfare");

    static final double SCORE_HIGH = 6;
    static final double SCORE_MEDIUM = 4;
    static final double SCORE_LOW = 2;

    private static final DetectorInfo INFO = new DetectorInfo(ID, "Privileged password not changed this term",
            List.of("CRED-3"),
            "low while the term is still running at the end of the period (the change may yet come); high when a "
                    + "change is on record but older than two window lengths; otherwise medium. Score " + SCORE_HIGH
                    + " / " + SCORE_MEDIUM + " / " + SCORE_LOW + ": a rule broken",
            List.of(new DetectorInfo.Threshold("window_weeks", 13,
                            "weeks looked back from the period end when no terms are configured (about a term)"),
                    new DetectorInfo.Threshold("min_window_days", 14,
                            "days of Windows log the window must hold before anyone is judged")),
            List.of("privileged staff who changed their password earlier in the same window",
                    "staff in other roles (teachers, IT, DSL without SLT) whom CRED-3 does not cover",
                    "privileged staff with no Windows logons in the period (cannot be judged)",
                    "a store whose Windows log shows no password changes at all (the policy does not record 4723)"));

    /** The span judged, and the term it came from (null when none is configured). */
    record Window(Instant from, Instant to, String term, boolean termRunning) {
    }

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        Window window = window(context);
        List<Row> rows = context.query(ID, Map.of("roles", AuditContext.quotedList(ROLES),
                "window_from", AuditPeriod.sql(window.from()), "window_to", AuditPeriod.sql(window.to())));
        if (rows.isEmpty() || rows.get(0).get("windows_from") == null || rows.get(0).number("changes_in_window") == 0) {
            return List.of();
        }
        Instant from = max(window.from(), rows.get(0).instant("windows_from")); // windows_from: not before a purge's cut-off
        if (Duration.between(from, window.to()).toDays() < context.threshold(INFO, "min_window_days")) {
            return List.of();
        }
        Window held = new Window(from, window.to(), window.term(), window.termRunning());
        LocalDate lastDay = window.to().minusNanos(1).atZone(context.zone()).toLocalDate();
        List<Row> judged = rows.stream().filter(r -> r.number("logons") > 0)
                .filter(r -> r.get("leave_date") == null || !r.date("leave_date").isBefore(lastDay)).toList();
        long changed = judged.stream().filter(r -> r.get("changed_in_window") != null).count();
        People people = People.of(context);
        List<Finding> out = new ArrayList<>();
        for (Row r : judged) {
            if (r.get("changed_in_window") == null) {
                out.add(finding(context, people.get(r.text("staff_id")), r, held, changed, judged.size()));
            }
        }
        return out;
    }

    private Finding finding(AuditContext context, People.Person person, Row r, Window w, long changed, int judged) {
        Instant before = r.instant("changed_before");
        Duration length = Duration.between(w.from(), w.to());
        Severity severity = w.termRunning() ? Severity.LOW
                : before != null && Duration.between(before, w.to()).compareTo(length.multipliedBy(2)) > 0
                ? Severity.HIGH : Severity.MEDIUM;
        LocalDate first = w.from().atZone(context.zone()).toLocalDate();
        LocalDate last = w.to().minusNanos(1).atZone(context.zone()).toLocalDate();
        List<String> roles = r.list("roles").stream().filter(ROLES::contains).toList();
        String summary = String.format(Locale.UK, "%s, %s, made no password change from %s to %s%s, %d days of Windows "
                        + "logs in which they logged on %d time(s) (last %s UTC); %s. %d of the %d SLT, office and "
                        + "welfare staff seen at a keyboard changed theirs in that window; CRED-3 asks for a change "
                        + "at least once a term%s.",
                person.label(), String.join("/", roles), first, last, w.term() == null ? "" : " (" + w.term() + ")",
                length.toDays(), r.number("window_logons"), r.instant("last_logon").atOffset(ZoneOffset.UTC).toLocalDateTime()
                        .toString().replace('T', ' ').substring(0, 16),
                before == null ? "no earlier change is on record" : "their last change on record was on "
                        + before.atZone(context.zone()).toLocalDate(), changed, judged,
                w.termRunning() ? " (the term has not ended yet)" : "");
        List<String> events = Stream.of(r.text("change_before_event"), r.text("first_logon_event"),
                r.text("last_logon_event")).filter(Objects::nonNull).distinct().toList();
        Instant firstSeen = Stream.of(before, r.instant("first_logon")).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElseThrow();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("window_from", w.from().toString());
        facts.put("window_to", w.to().toString());
        if (w.term() != null) {
            facts.put("term", w.term());
        }
        facts.put("roles", roles);
        facts.put("logons_in_period", r.number("logons"));
        facts.put("logons_in_window", r.number("window_logons"));
        facts.put("last_change_on_record", before == null ? "none" : before.toString());
        facts.put("peers_changed", changed);
        facts.put("peers_judged", judged);
        facts.put("events", "the last password change on record (if any), then the first and last logon in the window");
        return new Finding(FindingIds.of(ID, person.staffId(), first), ID, person.staffId(), r.text("account"),
                "password", firstSeen, r.instant("last_logon"), severity,
                severity == Severity.HIGH ? SCORE_HIGH : severity == Severity.LOW ? SCORE_LOW : SCORE_MEDIUM, "CRED-3",
                summary, new Evidence(events, null, facts));
    }

    /** The term containing the period's last day, else the latest term ended before it, else the last weeks. */
    Window window(AuditContext context) {
        Instant end = context.period().to();
        LocalDate lastDay = end.minusNanos(1).atZone(context.zone()).toLocalDate();
        AuditSettings.Term current = null;
        AuditSettings.Term previous = null;
        for (AuditSettings.Term t : context.settings().terms()) {
            if (!t.start().isAfter(lastDay) && !t.end().isBefore(lastDay)) {
                current = t;
            } else if (t.end().isBefore(lastDay) && (previous == null || t.end().isAfter(previous.end()))) {
                previous = t;
            }
        }
        if (current != null) {
            Instant termEnd = current.end().plusDays(1).atStartOfDay(context.zone()).toInstant();
            return new Window(current.start().atStartOfDay(context.zone()).toInstant(), min(end, termEnd),
                    current.name(), end.isBefore(termEnd));
        }
        if (previous != null) {
            return new Window(previous.start().atStartOfDay(context.zone()).toInstant(),
                    previous.end().plusDays(1).atStartOfDay(context.zone()).toInstant(), previous.name(), false);
        }
        long weeks = (long) context.threshold(INFO, "window_weeks");
        return new Window(end.minus(Duration.ofDays(7 * weeks)), end, null, false);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
