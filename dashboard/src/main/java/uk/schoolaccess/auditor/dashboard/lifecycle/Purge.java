package uk.schoolaccess.auditor.dashboard.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes what is past its retention period (docs/retention.md), in one transaction: findings by
 * status, then raw events (keeping every event a finding still open, under investigation or
 * confirmed cites as evidence, so a case never loses its evidence), the explanations derived from
 * them, quarantined rows, ingest-batch records no event refers to any more, the dashboard's
 * access log and digest records. Each real purge is recorded in purge_log, which no purge
 * deletes. A dry run does the same work and rolls it back, so its counts are exactly what a real
 * purge would remove. Disk space comes back when the store is compacted ({@link Compaction}).
 *
 * <p>{@code before}: also delete raw events, quarantined rows and batch records from before that
 * date, even if their period has not passed (the school's decision, e.g. shortening retention
 * for the past). Findings, the access log and digests always follow their periods.
 */
public final class Purge {

    /** Statuses whose findings' evidence is never purged: all but these two. */
    static final List<String> EVIDENCE_RELEASED = List.of("dismissed", "withdrawn");
    static final List<String> EVENT_TABLES = List.of("record_access", "logon_events", "signins");

    /** Tables audits keep between runs (V020-V022), each state table before its rows. */
    private static final List<String> KEPT_FOR_AUDITS = List.of("kept_teaching_state", "kept_sessions_state",
            "kept_explain_state", "kept_teaching", "kept_teaching_at_work", "kept_teaching_days", "kept_sessions",
            "kept_explain_counts", "kept_explain_accesses", "kept_explain_days");
    /** A file's (and its quarantined rows') age: its newest event, or when it was loaded if it had none. */
    static final String BATCH_AGE = "coalesce(last_event, started_at)";

    private final RetentionSettings settings;
    private final ZoneId zone;
    private final Clock clock;

    public Purge(RetentionSettings settings, ZoneId zone, Clock clock) {
        this.settings = settings;
        this.zone = zone;
        this.clock = clock;
    }

    /** One kind of data: what the policy said, where it cut, what went, what was kept as evidence. */
    public record Step(String kind, String table, String policy, LocalDateTime cutoff, long deleted,
                       long keptAsEvidence) {
    }

    /** A purge: its id in purge_log (0 for a dry run), who ran it, when, and each step. */
    public record Result(long purgeId, boolean dryRun, String who, Instant at, List<Step> steps) {
        public long deleted() {
            return steps.stream().mapToLong(Step::deleted).sum();
        }
    }

    /**
     * Runs the purge on the store's connection; {@code who} is the OS user, the dashboard user, or
     * "scheduled". Nothing else may use the connection meanwhile.
     */
    public Result run(Connection c, String who, LocalDate before, boolean dryRun) throws SQLException {
        Instant at = clock.instant();
        LocalDate today = LocalDate.ofInstant(at, zone);
        List<Step> steps = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (Map.Entry<String, String> e : settings.findings().entrySet()) {
                Optional<LocalDateTime> cut = cutoff("retention.findings." + e.getKey(), e.getValue(), today, null);
                steps.add(cut.isEmpty() ? new Step("findings: " + e.getKey(), "findings", e.getValue(), null, 0, 0)
                        : findings(c, e.getKey(), e.getValue(), cut.get()));
            }
            protectEvidence(c);
            for (String table : EVENT_TABLES) {
                String policy = settings.events().get(table);
                Optional<LocalDateTime> cut = cutoff("retention.events." + table, policy, today, before);
                steps.add(events(c, table, policy(policy, before), cut.orElse(null)));
            }
            steps.add(new Step("explanations of purged accesses", "access_explanations", "with record_access", null,
                    update(c, "DELETE FROM access_explanations WHERE event_id NOT IN (SELECT event_id FROM record_access)"),
                    0));
            // Rows kept for audits (teaching activity V020, sessions V021, the history's days V022) are
            // derived from events, some copy accesses: all go with their state, so no copy of a purged
            // event outlives the purge (the compaction below would carry it over) and the next audit
            // derives them again. State rows first, as the audits themselves do.
            for (String kept : KEPT_FOR_AUDITS) {
                update(c, "DELETE FROM " + kept);
            }
            Optional<LocalDateTime> quarantine = cutoff("retention.quarantine", settings.quarantine(), today, before);
            steps.add(new Step("quarantined rows", "quarantine", policy(settings.quarantine(), before),
                    quarantine.orElse(null), quarantine.isEmpty() ? 0 : update(c, "DELETE FROM quarantine WHERE batch_id "
                    + "IN (SELECT batch_id FROM ingest_batches WHERE " + BATCH_AGE + " < ?)", quarantine.get()), 0));
            Optional<LocalDateTime> batches = cutoff("retention.ingest_batches", settings.ingestBatches(), today, before);
            steps.add(batches(c, policy(settings.ingestBatches(), before), batches.orElse(null)));
            Optional<LocalDateTime> log = cutoff("retention.access_log", settings.accessLog(), today, null);
            steps.add(new Step("dashboard access log", "access_log", settings.accessLog(), log.orElse(null),
                    log.isEmpty() ? 0 : update(c, "DELETE FROM access_log WHERE ts < ?", log.get()), 0));
            Optional<LocalDateTime> digests = cutoff("retention.digests", settings.digests(), today, null);
            steps.add(digests(c, digests.orElse(null)));
            long id = dryRun ? 0 : log(c, who, at, steps);
            if (dryRun) {
                c.rollback();
            } else {
                c.commit();
            }
            return new Result(id, dryRun, who, at, steps);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The first instant kept (UTC): the start of the day the period reaches back to, or --before if later. */
    private Optional<LocalDateTime> cutoff(String key, String policy, LocalDate today, LocalDate before) {
        Optional<LocalDate> keep = RetentionSettings.keepFrom(key, policy, today);
        if (before != null && (keep.isEmpty() || before.isAfter(keep.get()))) {
            keep = Optional.of(before);
        }
        return keep.map(d -> LocalDateTime.ofInstant(d.atStartOfDay(zone).toInstant(), ZoneOffset.UTC));
    }

    private static String policy(String period, LocalDate before) {
        return before == null ? period : period + ", and everything before " + before + " (--before)";
    }

    /**
     * Findings of one status whose last action is older than the cutoff: the decision for triaged
     * ones, the withdrawal for withdrawn ones, else the last event. Their decisions and withdrawal
     * history go with them; their ids stay in purged_findings so old links say what happened.
     */
    private static Step findings(Connection c, String status, String policy, LocalDateTime cutoff) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE _purged_findings (finding_id VARCHAR)");
        }
        update(c, "INSERT INTO _purged_findings SELECT f.finding_id FROM findings f WHERE f.status = ? AND "
                + "coalesce(f.reviewed_at, (SELECT max(w.withdrawn_at) FROM finding_withdrawals w WHERE w.finding_id = "
                + "f.finding_id), f.last_seen) < ?", status, cutoff);
        update(c, "INSERT OR REPLACE INTO purged_findings SELECT finding_id, ?, 0 FROM _purged_findings", status);
        update(c, "DELETE FROM finding_decisions WHERE finding_id IN (SELECT finding_id FROM _purged_findings)");
        update(c, "DELETE FROM finding_history WHERE finding_id IN (SELECT finding_id FROM _purged_findings)");
        update(c, "DELETE FROM finding_withdrawals WHERE finding_id IN (SELECT finding_id FROM _purged_findings)");
        long n = update(c, "DELETE FROM findings WHERE finding_id IN (SELECT finding_id FROM _purged_findings)");
        return new Step("findings: " + status, "findings", policy, cutoff, n, 0);
    }

    /** Every event a finding that is not dismissed or withdrawn cites as evidence. */
    private static void protectEvidence(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE _evidence AS SELECT DISTINCT unnest(json_extract_string(evidence, "
                    + "'$.events[*]')) AS event_id FROM findings WHERE status NOT IN ('"
                    + String.join("', '", EVIDENCE_RELEASED) + "') AND evidence IS NOT NULL");
        }
    }

    private static Step events(Connection c, String table, String policy, LocalDateTime cutoff) throws SQLException {
        if (cutoff == null) {
            return new Step("events: " + table, table, policy, null, 0, 0);
        }
        long kept = count(c, "SELECT count(*) FROM " + table + " WHERE ts < ? AND event_id IN (SELECT event_id FROM "
                + "_evidence)", cutoff);
        long n = update(c, "DELETE FROM " + table + " WHERE ts < ? AND event_id NOT IN (SELECT event_id FROM _evidence)",
                cutoff);
        if (n > 0) {
            try (java.sql.Statement s = c.createStatement()) {
                uk.schoolaccess.auditor.ingest.store.EventTotals.rebuild(s, table); // status's per-source totals
            }
        }
        return new Step("events: " + table, table, policy, cutoff, n, kept);
    }

    /** Batch records past their period that no event or quarantined row refers to any more (file:line needs them). */
    private static Step batches(Connection c, String policy, LocalDateTime cutoff) throws SQLException {
        if (cutoff == null) {
            return new Step("ingest batch records", "ingest_batches", policy, null, 0, 0);
        }
        String referenced = "SELECT batch_id FROM record_access WHERE batch_id IS NOT NULL UNION SELECT batch_id FROM "
                + "logon_events WHERE batch_id IS NOT NULL UNION SELECT batch_id FROM signins WHERE batch_id IS NOT NULL "
                + "UNION SELECT batch_id FROM quarantine";
        long kept = count(c, "SELECT count(*) FROM ingest_batches WHERE " + BATCH_AGE + " < ? AND batch_id IN ("
                + referenced + ")", cutoff);
        long n = update(c, "DELETE FROM ingest_batches WHERE " + BATCH_AGE + " < ? AND batch_id NOT IN (" + referenced
                + ")", cutoff);
        return new Step("ingest batch records", "ingest_batches", policy, cutoff, n, kept);
    }

    /** Digest records (which digest was sent when, which findings it named): no message content is kept anyway. */
    private Step digests(Connection c, LocalDateTime cutoff) throws SQLException {
        if (cutoff == null) {
            return new Step("digest records", "sent_digests", settings.digests(), null, 0, 0);
        }
        update(c, "DELETE FROM digest_findings WHERE (kind, period) IN (SELECT kind, period FROM sent_digests "
                + "WHERE coalesce(sent_at, last_attempt_at) < ?)", cutoff);
        long n = update(c, "DELETE FROM sent_digests WHERE coalesce(sent_at, last_attempt_at) < ?", cutoff);
        return new Step("digest records", "sent_digests", settings.digests(), cutoff, n, 0);
    }

    private static long log(Connection c, String who, Instant at, List<Step> steps) throws SQLException {
        long id = count(c, "SELECT nextval('purge_ids')");
        update(c, "UPDATE purged_findings SET purge_id = ? WHERE purge_id = 0", id);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO purge_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Step s : steps) {
                p.setLong(1, id);
                p.setObject(2, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
                p.setString(3, who);
                p.setString(4, s.kind());
                p.setString(5, s.table());
                p.setString(6, s.policy());
                p.setObject(7, s.cutoff());
                p.setLong(8, s.deleted());
                p.setLong(9, s.keptAsEvidence());
                p.executeUpdate();
            }
        }
        return id;
    }

    private static long update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            return p.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            try (var rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
