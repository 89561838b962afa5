package uk.schoolaccess.auditor.analytics.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.config.Cidr;
import uk.schoolaccess.auditor.analytics.detect.DetectorInfo;
import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.SqlResource;

/**
 * What a detector may use: the engine, the period, the settings, the school's zone, and the
 * store's purge cut-off ({@link PurgeCutoff}; null when nothing was purged), before which no
 * event is read, not even for the baseline history.
 */
public record AuditContext(Engine engine, AuditPeriod period, AuditSettings settings, ZoneId zone,
                           Instant purgeCutoff) {

    /** A store no purge has cut. */
    public AuditContext(Engine engine, AuditPeriod period, AuditSettings settings, ZoneId zone) {
        this(engine, period, settings, zone, null);
    }

    /** A threshold: the config's override, else the detector's documented default. */
    public double threshold(DetectorInfo info, String name) {
        Map<String, Double> own = settings.detectors().get(info.id());
        Double v = own == null ? null : own.get(name);
        return v != null ? v : info.defaultOf(name);
    }

    /** Runs a detector's SQL resource with the period, the school's zone and the given parameters. */
    public List<Row> query(String resource, Map<String, String> params) {
        Map<String, String> all = new HashMap<>(standardParams());
        all.putAll(params);
        return engine.query(SqlResource.fill(SqlResource.load(resource), all));
    }

    public Map<String, String> standardParams() {
        return Map.of("from", AuditPeriod.sql(period.from()), "to", AuditPeriod.sql(period.to()),
                "history_from", AuditPeriod.sql(historyFrom()),
                "kept_from", AuditPeriod.sql(purgeCutoff == null ? Instant.EPOCH : purgeCutoff),
                "zone", "'" + zone.getId() + "'",
                "mis_apps", quotedList(settings.apps().mis()),
                "safeguarding_apps", quotedList(settings.apps().safeguarding()),
                "privileged_roles", quotedList(settings.privilegedRoles()));
    }

    /** The start of the baseline history: the configured number of weeks before the period, not before the cut-off. */
    public Instant historyFrom() {
        Instant weeksBefore = period.from().minus(java.time.Duration.ofDays(7L * settings.baseline().weeks()));
        return purgeCutoff != null && purgeCutoff.isAfter(weeksBefore) ? purgeCutoff : weeksBefore;
    }

    public boolean atSchool(String ip) {
        return settings.networks().school().stream().anyMatch(c -> Cidr.parse(c, "networks.school").contains(ip));
    }

    public boolean approvedRemote(String ip) {
        return settings.networks().approvedRemote().stream()
                .anyMatch(c -> Cidr.parse(c, "networks.approved_remote").contains(ip));
    }

    /** A SQL list literal such as ('a', 'b'), quotes doubled. */
    public static String quotedList(List<String> items) {
        if (items.isEmpty()) {
            return "(NULL)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('\'').append(items.get(i).replace("'", "''")).append('\'');
        }
        return b.append(')').toString();
    }
}
