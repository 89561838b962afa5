package uk.schoolaccess.auditor.dashboard.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/** The retention section: the defaults docs/retention.md gives, overrides, periods and the schedule. */
class RetentionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void the_defaults_are_those_docs_retention_md_gives() {
        RetentionSettings r = RetentionSettings.from(ConfigFile.defaults());
        assertEquals(Map.of("record_access", "24 months", "logon_events", "13 months", "signins", "13 months"),
                r.events());
        assertEquals(Map.of("open", "never", "confirmed", "6 years", "dismissed", "12 months", "withdrawn",
                "12 months"), r.findings());
        assertEquals("90 days", r.quarantine());
        assertEquals("24 months", r.ingestBatches());
        assertEquals("24 months", r.accessLog());
        assertEquals("12 months", r.digests());
        assertTrue(r.scheduled().isEmpty(), "serve does not purge unless a schedule is set");
    }

    @Test
    void a_school_overrides_some_periods_and_sets_a_weekly_schedule() throws Exception {
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, """
                retention:
                  events: {signins: 6 months}
                  findings: {dismissed: 2y, under_investigation: never}
                  access_log: 3 years
                  schedule: {day: sunday, time: "02:30"}
                """);
        RetentionSettings r = RetentionSettings.from(ConfigFile.load(yaml));
        assertEquals("6 months", r.events().get("signins"));
        assertEquals("24 months", r.events().get("record_access"), "the others keep their defaults");
        assertEquals("2y", r.findings().get("dismissed"));
        assertEquals(Optional.of(Period.ofYears(2)), RetentionSettings.period("k", "2y"));
        assertEquals(Optional.empty(), RetentionSettings.period("k", "never"));
        ZoneId london = ZoneId.of("Europe/London");
        Instant saturday = LocalDate.parse("2026-10-24").atTime(12, 0).atZone(london).toInstant();
        assertEquals(LocalDate.parse("2026-10-25").atTime(2, 30).atZone(london).toInstant(),
                r.schedule().next(saturday, london), "the next Sunday 02:30, in the school's zone");
    }

    @Test
    void an_interval_schedule_and_bad_values_are_explained() throws Exception {
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, "retention:\n  schedule: {every: 1d}\n");
        assertEquals(Duration.ofDays(1), RetentionSettings.from(ConfigFile.load(yaml)).schedule().interval());

        Files.writeString(yaml, "retention:\n  quarantine: a while\n");
        ConfigException e = assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("retention.quarantine: 'a while' is not a period"), e.getMessage());
        Files.writeString(yaml, "retention:\n  events: {emails: 1y}\n");
        e = assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("not an event table"), e.getMessage());
        Files.writeString(yaml, "retention:\n  schedule: {every: 1d, day: monday}\n");
        assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)));
        // A finding nobody has decided is never deleted by age (a tester's "open: 1 days" would
        // have deleted 78 findings raised minutes before).
        Files.writeString(yaml, "retention:\n  findings: {open: 1 days}\n");
        e = assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("retention.findings.open: '1 days' would delete findings nobody has decided"),
                e.getMessage());
        Files.writeString(yaml, "retention:\n  findings: {under_investigation: 2y}\n");
        assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)));
        Files.writeString(yaml, "retention:\n  keep_forever: true\n");
        assertThrows(ConfigException.class, () -> RetentionSettings.from(ConfigFile.load(yaml)), "a typo is an error");
    }
}
