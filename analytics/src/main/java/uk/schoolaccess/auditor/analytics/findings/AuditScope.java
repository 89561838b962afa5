package uk.schoolaccess.auditor.analytics.findings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;

/**
 * What an audit saving its findings covered: the engine, the detectors run, the period [from, to)
 * and the settings it ran with (null when unknown). Only findings of these detectors lying wholly
 * inside the period can be withdrawn by it; the settings and zone let a withdrawal say why, in
 * the school's own dates.
 */
public record AuditScope(String engine, List<String> detectors, Instant from, Instant to, AuditSettings settings,
                         ZoneId zone) {

    public AuditScope {
        detectors = List.copyOf(detectors);
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }
}
