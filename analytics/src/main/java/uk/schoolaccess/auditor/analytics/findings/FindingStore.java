package uk.schoolaccess.auditor.analytics.findings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * Saves findings so that a re-audit finds the same finding again: a finding already stored
 * (same id) gets its facts refreshed, but its triage status, note, reviewer and review time are
 * never touched; a person's decision survives every re-run. Findings are never deleted by an
 * audit: an untriaged open finding of the audited detectors, lying wholly inside the audited
 * period, that the audit no longer produces is withdrawn ({@link Withdrawals}: kept with its
 * page, evidence and links, with the audit, the time and the reason); produced again, it is
 * re-opened under its id. A finding a retention purge deleted (its id is in purged_findings) is
 * not raised again from events that are still kept. Each save is recorded in audit_runs.
 */
public final class FindingStore {

    /**
     * What saving did: the audit's id in audit_runs, how many findings were new, re-opened,
     * withdrawn, and the ids of the findings found but not saved because a purge deleted them:
     * what the audit reports must leave those out, as the store does.
     */
    public record Saved(long auditId, int fresh, int reopened, int withdrawn, java.util.Set<String> purged) {

        /** Nothing left out. */
        public Saved(long auditId, int fresh, int reopened, int withdrawn) {
            this(auditId, fresh, reopened, withdrawn, java.util.Set.of());
        }
    }

    private static final String PURGED = "purged";

    private FindingStore() {
    }

    /** @return how many of the findings were new (the settings unknown: see {@link #save(Connection, List, AuditScope)}) */
    public static int save(Connection c, List<Finding> findings, List<String> detectors, java.time.Instant from,
                           java.time.Instant to) throws SQLException {
        return save(c, findings, new AuditScope("spark", detectors, from, to, null, null)).fresh();
    }

    public static Saved save(Connection c, List<Finding> findings, AuditScope scope) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int fresh = 0;
        int reopened = 0;
        java.util.Set<String> purged = new java.util.HashSet<>();
        int notSaved = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO findings (finding_id, detector, staff_id, "
                     + "account, subject, first_seen, last_seen, severity, score, aup_clause, summary, evidence, school_id, "
                     + "last_audit_id, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)");
             PreparedStatement update = c.prepareStatement("UPDATE findings SET detector = ?, staff_id = ?, account = ?, "
                     + "subject = ?, first_seen = ?, last_seen = ?, severity = ?, score = ?, aup_clause = ?, summary = ?, "
                     + "evidence = ?, school_id = ?, last_audit_id = ? WHERE finding_id = ?")) {
            long audit = AuditRuns.start(c, scope);
            Map<String, String> stored = statuses(c);
            for (Finding f : findings) {
                String status = stored.get(f.findingId());
                if (PURGED.equals(status)) {
                    purged.add(f.findingId());
                    notSaved++;
                    continue; // deleted under the retention policy after its decision: not raised again
                }
                boolean known = status != null;
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
                p.setLong(i++, audit);
                if (known) {
                    p.setString(i, f.findingId());
                } else {
                    p.setObject(i, LocalDateTime.now(ZoneOffset.UTC)); // found_at: "new since your last visit"
                    fresh++;
                }
                p.executeUpdate();
                if (Withdrawals.WITHDRAWN.equals(status)) {
                    Withdrawals.reopen(c, f.findingId(), audit);
                    reopened++;
                }
                if (!known || Withdrawals.WITHDRAWN.equals(status)) {
                    stored.put(f.findingId(), "open"); // as stored now: a second finding of the same id updates it
                }
            }
            int withdrawn = Withdrawals.withdrawMissing(c, findings, scope, audit);
            AuditRuns.finish(c, audit, findings.size() - notSaved, fresh, reopened, withdrawn);
            c.commit();
            return new Saved(audit, fresh, reopened, withdrawn, java.util.Set.copyOf(purged));
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Every stored finding's status, and 'purged' for each id a retention purge deleted: read in two
     * statements rather than one look-up per finding saved.
     */
    private static Map<String, String> statuses(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT finding_id FROM purged_findings")) {
                while (rs.next()) {
                    out.put(rs.getString(1), PURGED);
                }
            }
            // a finding still stored answers for its id, as the single look-up's first branch did
            try (ResultSet rs = s.executeQuery("SELECT finding_id, status FROM findings")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Keeps each day's explanation coverage for the dashboard; a re-audit replaces its days. One
     * statement (so one commit): a statement per day cost a whole year's audit (195 days) about a
     * quarter of a second.
     */
    public static void saveCoverage(Connection c, List<uk.schoolaccess.auditor.analytics.engine.Row> days)
            throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO coverage_daily (day, accesses, explained, "
                + "from_activity) VALUES " + String.join(", ", java.util.Collections.nCopies(days.size(), "(?, ?, ?, ?)")))) {
            int i = 1;
            for (var d : days) {
                p.setObject(i++, d.date("day"));
                p.setLong(i++, d.number("accesses"));
                p.setLong(i++, d.number("explained"));
                p.setLong(i++, d.get("from_activity") == null ? 0 : d.number("from_activity"));
            }
            p.executeUpdate();
        }
    }
}
