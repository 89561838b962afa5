package uk.schoolaccess.auditor.analytics.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.OutOfRoleAccessDetector;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A finding an audit no longer produces is withdrawn with a reason, never deleted; a triaged one
 * keeps its decision; produced again, it is re-opened under its id.
 */
class FindingWithdrawalsTest {

    private static final String WEEK_FROM = "2026-09-14T00:00:00Z";
    private static final String WEEK_TO = "2026-09-19T00:00:00Z";

    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void school() {
        store = Store.open(dir.resolve("withdrawals.duckdb"));
        sql("INSERT INTO staff (staff_id, display_name, roles) VALUES ('T1', 'Staff T1', ['teacher']), "
                + "('T2', 'Staff T2', ['teacher']), ('T3', 'Staff T3', ['teacher'])");
        for (int i = 1; i <= 40; i++) {
            sql(String.format("INSERT INTO pupils (pupil_id, year_group, form, sen) VALUES ('P%02d', %d, '%s', false)",
                    i, 7 + i % 3, i <= 10 ? "7A" : "8B"));
        }
        for (int i = 1; i <= 10; i++) {
            sql(String.format("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES "
                    + "('r%d', 'T1', 'teaches', 'P%02d', '7MA1')", i, i));
        }
        // T2 opens twenty pupils' records they have no relationship with: one out_of_role_access finding.
        for (int i = 11; i <= 30; i++) {
            sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id) VALUES "
                    + "('e" + i + "', 'sims', TIMESTAMP '2026-09-15 12:" + (10 + i) + ":00', 'T2', 'T2', 'view', '"
                    + (i % 3 == 0 ? "medical" : "student_details") + "', 'P" + i + "')");
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_roster_change_withdraws_the_finding_with_its_reason_and_keeps_it() throws Exception {
        AuditResult first = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals(1, first.findings().size(), first.findings().toString());
        String id = first.findings().get(0).findingId();
        teachT2();

        AuditResult again = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals(0, again.findings().size());
        assertEquals(1, again.withdrawn(), "the audit counts what it withdrew");
        assertEquals("withdrawn", one("SELECT status FROM findings WHERE finding_id = '" + id + "'"));
        assertNotNull(one("SELECT evidence FROM findings WHERE finding_id = '" + id + "'"), "evidence kept");
        assertEquals(Withdrawals.ROSTER, one("SELECT reason FROM finding_withdrawals WHERE finding_id = '" + id + "'"));
        assertEquals(one("SELECT max(audit_id) FROM audit_runs"),
                one("SELECT audit_id FROM finding_withdrawals WHERE finding_id = '" + id + "'"), "the withdrawing audit");
        assertEquals(1L, one("SELECT withdrawn FROM audit_runs ORDER BY audit_id DESC LIMIT 1"));

        AuditResult third = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals(0, third.withdrawn(), "withdrawn once, not again");
    }

    @Test
    void a_triaged_finding_keeps_its_status_whatever_the_audit_finds() throws Exception {
        String id = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO).findings().get(0).findingId();
        sql("UPDATE findings SET status = 'dismissed', note = 'covering a class', reviewed_by = 'dpo', "
                + "reviewed_at = TIMESTAMP '2026-09-20 10:00' WHERE finding_id = '" + id + "'");
        teachT2();
        AuditResult again = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals(0, again.withdrawn());
        assertEquals("dismissed", one("SELECT status FROM findings WHERE finding_id = '" + id + "'"));

        sql("UPDATE findings SET status = 'open', note = 'looking again', reviewed_by = 'dsl' WHERE finding_id = '"
                + id + "'");
        audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals("open", one("SELECT status FROM findings WHERE finding_id = '" + id + "'"),
                "re-opened by a person is a decision too: the audit leaves it open");
    }

    @Test
    void a_withdrawn_finding_found_again_is_reopened_under_its_id() throws Exception {
        String id = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO).findings().get(0).findingId();
        teachT2();
        audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        sql("DELETE FROM relationships WHERE staff_id = 'T2'");
        AuditResult back = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        assertEquals(1, back.reopened());
        assertEquals(0, back.newFindings(), "the same finding, not a new one");
        assertEquals(id, back.findings().get(0).findingId());
        assertEquals("open", one("SELECT status FROM findings WHERE finding_id = '" + id + "'"));
        assertNotNull(one("SELECT reopened_at FROM finding_withdrawals WHERE finding_id = '" + id + "'"));
    }

    @Test
    void an_audit_of_another_period_withdraws_nothing_outside_it() throws Exception {
        String id = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO).findings().get(0).findingId();
        teachT2();
        AuditResult later = audit(AuditSettings.defaults(), "2026-09-21T00:00:00Z", "2026-09-26T00:00:00Z");
        assertEquals(0, later.withdrawn());
        assertEquals("open", one("SELECT status FROM findings WHERE finding_id = '" + id + "'"));
    }

    @Test
    void raised_thresholds_are_the_reason_when_the_roster_did_not_change() throws Exception {
        String id = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO).findings().get(0).findingId();
        AuditSettings stricter = new AuditSettings(null, null, null, null, null, null, null,
                Map.of("out_of_role_access", Map.of("min_unexplained", 200.0)));
        AuditResult again = audit(stricter, WEEK_FROM, WEEK_TO);
        assertEquals(1, again.withdrawn());
        assertEquals(Withdrawals.THRESHOLDS, one("SELECT reason FROM finding_withdrawals WHERE finding_id = '" + id
                + "'"));
    }

    @Test
    void with_nothing_else_changed_the_reason_names_the_audited_period() throws Exception {
        String id = audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO).findings().get(0).findingId();
        sql("DELETE FROM record_access WHERE event_id IN ('e11', 'e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18', "
                + "'e19', 'e20', 'e21', 'e22', 'e23', 'e24', 'e25')");
        audit(AuditSettings.defaults(), WEEK_FROM, WEEK_TO);
        String reason = (String) one("SELECT reason FROM finding_withdrawals WHERE finding_id = '" + id + "'");
        assertEquals("the audit of 2026-09-14 to 2026-09-19 no longer finds it", reason);
        assertNull(one("SELECT reopened_at FROM finding_withdrawals WHERE finding_id = '" + id + "'"));
    }

    private void teachT2() {
        for (int i = 11; i <= 30; i++) {
            sql("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES ('t" + i
                    + "', 'T2', 'teaches', 'P" + i + "', '8SC1')");
        }
    }

    private AuditResult audit(AuditSettings settings, String from, String to) throws SQLException {
        AuditContext context = new AuditContext(new DuckDbEngine(store.connection()),
                new AuditPeriod(Instant.parse(from), Instant.parse(to)), settings, ZoneId.of("Europe/London"));
        return Audit.run(context, List.of(new OutOfRoleAccessDetector()), store.connection());
    }

    private void sql(String statement) {
        try (Statement s = store.connection().createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private Object one(String query) throws SQLException {
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(query)) {
            assertTrue(rs.next(), query);
            Object v = rs.getObject(1);
            return v instanceof Number n && !(v instanceof Long) ? n.longValue() : v;
        }
    }
}
