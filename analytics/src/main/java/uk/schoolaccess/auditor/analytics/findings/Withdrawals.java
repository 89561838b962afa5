package uk.schoolaccess.auditor.analytics.findings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * Withdrawing a finding an audit no longer produces, instead of letting it vanish. Only an
 * untriaged open finding (no decision recorded, no one assigned) of the audited detectors, lying wholly inside the
 * audited period, is withdrawn: a person's decision is never changed by an audit, and an audit of
 * one week says nothing about a finding of another. The reason is worked out from what changed
 * since the audit that last produced it: events purged under the retention policy, the roster,
 * the thresholds, other settings; otherwise the data itself.
 */
public final class Withdrawals {

    public static final String WITHDRAWN = "withdrawn";
    public static final String PURGED = "its events were purged";
    public static final String ROSTER = "the roster now explains it";
    public static final String THRESHOLDS = "thresholds changed";
    public static final String SETTINGS = "the audit settings changed";

    private Withdrawals() {
    }

    private record Candidate(String id, String reason) {
    }

    static int withdrawMissing(Connection c, List<Finding> produced, AuditScope scope, long audit) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE _kept_findings (finding_id VARCHAR)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO _kept_findings VALUES (?)")) {
            for (Finding f : produced) {
                p.setString(1, f.findingId());
                p.addBatch();
            }
            p.executeBatch();
        }
        if (scope.detectors().isEmpty()) {
            return 0;
        }
        int historyDays = 7 * (scope.settings() == null ? 8 : scope.settings().baseline().weeks());
        String in = String.join(", ", scope.detectors().stream().map(d -> "?").toList());
        List<Candidate> gone = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT f.finding_id, r.roster_hash, r.thresholds_hash, "
                + "r.settings_hash, now_run.roster_hash AS roster_now, now_run.thresholds_hash AS thresholds_now, "
                + "now_run.settings_hash AS settings_now, "
                + "(SELECT max(p.purged_at) FROM purge_log p WHERE p.table_name IN ('record_access', 'logon_events', "
                + "'signins') AND p.rows_deleted > 0 AND p.cutoff > f.first_seen - to_days(CAST(? AS INTEGER)) "
                + "AND (r.started_at IS NULL OR p.purged_at > r.started_at)) AS purged_on "
                + "FROM findings f LEFT JOIN audit_runs r ON r.audit_id = f.last_audit_id "
                + "CROSS JOIN (SELECT * FROM audit_runs WHERE audit_id = ?) now_run "
                + "WHERE f.status = 'open' AND f.reviewed_by IS NULL AND f.assignee IS NULL AND f.detector IN (" + in + ") "
                + "AND f.first_seen >= ? AND f.last_seen < ? "
                + "AND f.finding_id NOT IN (SELECT finding_id FROM _kept_findings) ORDER BY f.finding_id")) {
            int i = 1;
            p.setInt(i++, historyDays);
            p.setLong(i++, audit);
            for (String d : scope.detectors()) {
                p.setString(i++, d);
            }
            p.setObject(i++, AuditRuns.utc(scope.from()));
            p.setObject(i, AuditRuns.utc(scope.to()));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    gone.add(new Candidate(rs.getString("finding_id"), reason(rs, scope)));
                }
            }
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement status = c.prepareStatement("UPDATE findings SET status = '" + WITHDRAWN + "', "
                + "last_audit_id = ? WHERE finding_id = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO finding_withdrawals (finding_id, audit_id, "
                     + "withdrawn_at, reason) VALUES (?, ?, ?, ?)")) {
            for (Candidate g : gone) {
                status.setLong(1, audit);
                status.setString(2, g.id());
                status.executeUpdate();
                log.setString(1, g.id());
                log.setLong(2, audit);
                log.setObject(3, now);
                log.setString(4, g.reason());
                log.executeUpdate();
            }
        }
        return gone.size();
    }

    /** Why: every change that applies, in plain words; the audited period when nothing else changed. */
    private static String reason(ResultSet rs, AuditScope scope) throws SQLException {
        List<String> why = new ArrayList<>();
        Object purged = rs.getObject("purged_on");
        if (purged != null) {
            why.add(PURGED + " (retention purge of " + String.valueOf(purged).substring(0, 10) + ")");
        }
        if (changed(rs.getString("roster_hash"), rs.getString("roster_now"))) {
            why.add(ROSTER);
        }
        if (changed(rs.getString("thresholds_hash"), rs.getString("thresholds_now"))) {
            why.add(THRESHOLDS);
        } else if (changed(rs.getString("settings_hash"), rs.getString("settings_now"))) {
            why.add(SETTINGS);
        }
        if (why.isEmpty()) {
            why.add("the audit of " + scope.from().atZone(scope.zone()).toLocalDate() + " to "
                    + scope.to().minusNanos(1).atZone(scope.zone()).toLocalDate() + " no longer finds it");
        }
        return String.join("; ", why);
    }

    /** Only a known fingerprint that differs counts: a finding saved before V009 has none. */
    private static boolean changed(String then, String now) {
        return then != null && now != null && !Objects.equals(then, now);
    }

    static void reopen(Connection c, String findingId, long audit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE findings SET status = 'open' WHERE finding_id = ?");
             PreparedStatement log = c.prepareStatement("UPDATE finding_withdrawals SET reopened_at = ?, "
                     + "reopened_by_audit = ? WHERE finding_id = ? AND reopened_at IS NULL")) {
            p.setString(1, findingId);
            p.executeUpdate();
            log.setObject(1, LocalDateTime.now(ZoneOffset.UTC));
            log.setLong(2, audit);
            log.setString(3, findingId);
            log.executeUpdate();
        }
    }
}
