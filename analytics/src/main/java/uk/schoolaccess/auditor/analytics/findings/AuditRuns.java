package uk.schoolaccess.auditor.analytics.findings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The audit_runs table: one row per audit that saved findings, with what it covered and found. */
final class AuditRuns {

    private AuditRuns() {
    }

    static long start(Connection c, AuditScope scope) throws SQLException {
        long id;
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT nextval('audit_run_ids')")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_runs (audit_id, engine, period_from, period_to, "
                + "started_at, detectors, roster_hash, thresholds_hash, settings_hash) VALUES (?, ?, ?, ?, ?, "
                + "string_split(?, ','), ?, ?, ?)")) {
            p.setLong(1, id);
            p.setString(2, scope.engine());
            p.setObject(3, utc(scope.from()));
            p.setObject(4, utc(scope.to()));
            p.setObject(5, utc(Instant.now()));
            p.setString(6, String.join(",", scope.detectors()));
            p.setString(7, Fingerprints.roster(c));
            p.setString(8, Fingerprints.thresholds(scope.settings()));
            p.setString(9, Fingerprints.settings(scope.settings()));
            p.executeUpdate();
        }
        return id;
    }

    static void finish(Connection c, long audit, int findings, int fresh, int reopened, int withdrawn)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE audit_runs SET findings = ?, new_findings = ?, "
                + "reopened = ?, withdrawn = ? WHERE audit_id = ?")) {
            p.setLong(1, findings);
            p.setLong(2, fresh);
            p.setLong(3, reopened);
            p.setLong(4, withdrawn);
            p.setLong(5, audit);
            p.executeUpdate();
        }
    }

    static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
