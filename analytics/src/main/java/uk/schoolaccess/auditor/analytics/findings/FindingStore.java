package uk.schoolaccess.auditor.analytics.findings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * Saves findings so that a re-audit finds the same finding again: a finding already stored
 * (same id) gets its facts refreshed, but its triage status, note, reviewer and review time are
 * never touched; a person's decision survives every re-run. An open (untriaged) finding of the
 * audited detectors and period that the audit no longer produces is retired (deleted): the data
 * or the rules changed and it no longer stands. A triaged one is kept with its decision.
 */
public final class FindingStore {

    private FindingStore() {
    }

    /** @return how many of the findings were new */
    public static int save(Connection c, List<Finding> findings, List<String> detectors, java.time.Instant from,
                           java.time.Instant to) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int fresh = 0;
        try (PreparedStatement exists = c.prepareStatement("SELECT count(*) FROM findings WHERE finding_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO findings (finding_id, detector, staff_id, "
                     + "account, subject, first_seen, last_seen, severity, score, aup_clause, summary, evidence, school_id, status) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')");
             PreparedStatement update = c.prepareStatement("UPDATE findings SET detector = ?, staff_id = ?, account = ?, "
                     + "subject = ?, first_seen = ?, last_seen = ?, severity = ?, score = ?, aup_clause = ?, summary = ?, "
                     + "evidence = ?, school_id = ? WHERE finding_id = ?")) {
            for (Finding f : findings) {
                exists.setString(1, f.findingId());
                boolean known;
                try (var rs = exists.executeQuery()) {
                    rs.next();
                    known = rs.getLong(1) > 0;
                }
                PreparedStatement p = known ? update : insert;
                int i = known ? 1 : 2;
                if (!known) {
                    p.setString(1, f.findingId());
                }
                p.setString(i++, f.detector());
                p.setString(i++, f.staffId());
                p.setString(i++, f.account());
                p.setString(i++, f.subject());
                p.setObject(i++, LocalDateTime.ofInstant(f.firstSeen(), ZoneOffset.UTC));
                p.setObject(i++, LocalDateTime.ofInstant(f.lastSeen(), ZoneOffset.UTC));
                p.setString(i++, f.severity().label());
                p.setDouble(i++, f.score());
                p.setString(i++, f.aupClause());
                p.setString(i++, f.summary());
                p.setString(i++, EvidenceJson.write(f.evidence()));
                p.setString(i++, f.schoolId());
                if (known) {
                    p.setString(i, f.findingId());
                } else {
                    fresh++;
                }
                p.executeUpdate();
            }
            retire(c, findings, detectors, from, to);
            c.commit();
            return fresh;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Keeps each day's explanation coverage for the dashboard; a re-audit replaces its days. */
    public static void saveCoverage(Connection c, List<uk.schoolaccess.auditor.analytics.engine.Row> days)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO coverage_daily (day, accesses, explained, "
                + "from_activity) VALUES (?, ?, ?, ?)")) {
            for (var d : days) {
                p.setObject(1, d.date("day"));
                p.setLong(2, d.number("accesses"));
                p.setLong(3, d.number("explained"));
                p.setLong(4, d.get("from_activity") == null ? 0 : d.number("from_activity"));
                p.executeUpdate();
            }
        }
    }

    private static void retire(Connection c, List<Finding> kept, List<String> detectors, java.time.Instant from,
                               java.time.Instant to) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE _kept_findings (finding_id VARCHAR)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO _kept_findings VALUES (?)")) {
            for (Finding f : kept) {
                p.setString(1, f.findingId());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM findings WHERE status = 'open' AND detector = ? "
                + "AND last_seen >= ? AND first_seen < ? AND finding_id NOT IN (SELECT finding_id FROM _kept_findings)")) {
            for (String d : detectors) {
                p.setString(1, d);
                p.setObject(2, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
                p.setObject(3, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
                p.executeUpdate();
            }
        }
    }
}
