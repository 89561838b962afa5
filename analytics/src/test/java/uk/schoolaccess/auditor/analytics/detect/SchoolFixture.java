package uk.schoolaccess.auditor.analytics.detect;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.explain.Explanations;
import uk.schoolaccess.auditor.ingest.store.Store;

/** A tiny school written straight into a store, for detector fixture tests. */
final class SchoolFixture implements AutoCloseable {

    final Store store;
    private int events;

    SchoolFixture(Path dir) {
        store = Store.open(dir.resolve("fixture.duckdb"));
    }

    SchoolFixture sql(String... statements) {
        try (Statement s = store.connection().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    SchoolFixture staff(String id, String roles, String familyKey) {
        return sql("INSERT INTO staff (staff_id, display_name, roles, family_key) VALUES ('" + id + "', 'Staff " + id
                + "', " + roles + ", " + (familyKey == null ? "NULL" : "'" + familyKey + "'") + ")");
    }

    SchoolFixture pupil(String id, int year, String form, boolean sen, String familyKey) {
        return sql("INSERT INTO pupils (pupil_id, year_group, form, sen, family_key) VALUES ('" + id + "', " + year
                + ", '" + form + "', " + sen + ", " + (familyKey == null ? "NULL" : "'" + familyKey + "'") + ")");
    }

    /** One record access by a member of staff (account = staff id) at a UTC time. */
    SchoolFixture access(String staff, String ts, String action, String area, String pupil, String incident,
                         String source) {
        events++;
        return sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id, "
                + "incident_id) VALUES ('e" + events + "', '" + source + "', TIMESTAMP '" + ts + "', '" + staff + "', '"
                + staff + "', '" + action + "', '" + area + "', " + (pupil == null ? "NULL" : "'" + pupil + "'") + ", "
                + (incident == null ? "NULL" : "'" + incident + "'") + ")");
    }

    List<Finding> run(Detector detector, String from, String to) {
        return run(detector, from, to, AuditSettings.defaults());
    }

    List<Finding> run(Detector detector, String from, String to, AuditSettings settings) {
        AuditContext context = new AuditContext(new DuckDbEngine(store.connection()),
                new AuditPeriod(Instant.parse(from), Instant.parse(to)), settings,
                ZoneId.of("Europe/London"));
        Explanations.build(context);
        return detector.detect(context);
    }

    /** The first column of each row of a query, as text. */
    List<String> rows(String query) {
        try (Statement s = store.connection().createStatement(); var rs = s.executeQuery(query)) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
