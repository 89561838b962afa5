package uk.schoolaccess.auditor.dashboard.lifecycle;

import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The {@code retention:} section of auditor.yaml: how long each kind of data is kept before
 * {@code auditor purge} deletes it, and when {@code serve} runs the purge. The defaults and their
 * reasons are in docs/retention.md; the school decides. A period is a number and a unit (days,
 * weeks, months, years: "90 days", "13 months", "6y") or "never".
 */
public record RetentionSettings(Map<String, String> events, String quarantine, String ingestBatches,
                                Map<String, String> findings, String accessLog, String digests,
                                uk.schoolaccess.auditor.dashboard.service.Schedule schedule) {

    private static final Pattern PERIOD = Pattern.compile("(\\d+)\\s*(d|days?|w|weeks?|m|mo|months?|y|years?)");

    /** The event tables, each with its own period. */
    public static final Map<String, String> DEFAULT_EVENTS = ordered(
            "record_access", "24 months", "logon_events", "13 months", "signins", "13 months");
    /** Findings by status; a status not named here (open, or one a later version adds) is never purged. */
    public static final Map<String, String> DEFAULT_FINDINGS = ordered(
            "open", "never", "confirmed", "6 years", "dismissed", "12 months", "withdrawn", "12 months");
    /** Statuses of a finding not yet decided: never purged, whatever a config says. */
    private static final java.util.List<String> UNDECIDED = java.util.List.of("open", "under_investigation");
    public static final RetentionSettings DEFAULTS = new RetentionSettings(null, null, null, null, null, null, null);

    public RetentionSettings {
        events = merged("retention.events", DEFAULT_EVENTS, events);
        findings = merged("retention.findings", DEFAULT_FINDINGS, findings);
        quarantine = quarantine == null ? "90 days" : quarantine;
        ingestBatches = ingestBatches == null ? "24 months" : ingestBatches;
        accessLog = accessLog == null ? "24 months" : accessLog;
        digests = digests == null ? "12 months" : digests;
        events.forEach((t, p) -> period("retention.events." + t, p));
        findings.forEach((s, p) -> period("retention.findings." + s, p));
        for (String undecided : UNDECIDED) {
            String given = findings.getOrDefault(undecided, "never");
            if (period("retention.findings." + undecided, given).isPresent()) {
                throw new ConfigException("retention.findings." + undecided + ": '" + given
                        + "' would delete findings nobody has decided; only never is allowed: a finding is "
                        + "confirmed or dismissed first, then its own period applies (docs/retention.md)");
            }
        }
        period("retention.quarantine", quarantine);
        period("retention.ingest_batches", ingestBatches);
        period("retention.access_log", accessLog);
        period("retention.digests", digests);
    }

    public static RetentionSettings from(ConfigFile config) {
        return config.section("retention", RetentionSettings.class, DEFAULTS);
    }

    /** When serve runs the purge; empty: it does not (purge runs only from the command line). */
    public Optional<uk.schoolaccess.auditor.dashboard.service.Schedule> scheduled() {
        return Optional.ofNullable(schedule);
    }

    /** The period of a setting; empty for "never". */
    public static Optional<Period> period(String key, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("never") || v.equals("forever")) {
            return Optional.empty();
        }
        Matcher m = PERIOD.matcher(v);
        if (!m.matches()) {
            throw new ConfigException(key + ": '" + value + "' is not a period like 90 days, 13 months, 6 years "
                    + "or never");
        }
        int n = Integer.parseInt(m.group(1));
        String unit = m.group(2);
        return Optional.of(unit.startsWith("d") ? Period.ofDays(n) : unit.startsWith("w") ? Period.ofWeeks(n)
                : unit.startsWith("m") ? Period.ofMonths(n) : Period.ofYears(n));
    }

    /** The start of the first day kept: everything before it is past its period on {@code today}. */
    static Optional<LocalDate> keepFrom(String key, String value, LocalDate today) {
        return period(key, value).map(today::minus);
    }

    private static Map<String, String> merged(String key, Map<String, String> defaults, Map<String, String> given) {
        Map<String, String> m = new LinkedHashMap<>(defaults);
        if (given != null) {
            given.forEach((k, v) -> {
                if (key.equals("retention.events") && !defaults.containsKey(k)) {
                    throw new ConfigException(key + "." + k + ": not an event table (" + String.join(", ",
                            defaults.keySet()) + ")");
                }
                m.put(k, v == null ? "never" : v);
            });
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
