package uk.schoolaccess.auditor.analytics.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;

/**
 * Fingerprints an audit keeps in audit_runs, so a later audit can tell what changed since a
 * finding was last produced: the roster (staff, pupils, accounts, relationships, incidents), the
 * detector thresholds and baseline, and the rest of the audit settings. Hashes only; no content.
 */
final class Fingerprints {

    /** The roster tables whose change can explain an access a finding flagged. */
    static final List<String> ROSTER = List.of("staff", "staff_accounts", "pupils", "pupil_accounts", "relationships",
            "incidents", "incident_involvement");

    // Java time only: findAndRegisterModules would also load Spark's Scala module on every command.
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Fingerprints() {
    }

    static String roster(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT md5(string_agg(h, ',' ORDER BY h)) FROM (");
        for (int i = 0; i < ROSTER.size(); i++) {
            String t = ROSTER.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT '").append(t).append(":' || count(*) || ':' || ")
                    .append("coalesce(bit_xor(hash(t))::VARCHAR, '') AS h FROM ").append(t).append(" t");
        }
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql.append(")").toString())) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The detector thresholds and the baseline window: what "thresholds changed" means. */
    static String thresholds(AuditSettings settings) {
        return settings == null ? null : sha(List.of(settings.detectors(), settings.baseline()));
    }

    static String settings(AuditSettings settings) {
        return settings == null ? null : sha(settings);
    }

    private static String sha(Object o) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(o)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
