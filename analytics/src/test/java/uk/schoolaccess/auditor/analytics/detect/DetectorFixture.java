package uk.schoolaccess.auditor.analytics.detect;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A small store built row by row for one detector's fixture: staff, then events as SQL INSERTs,
 * then the detector run over a period with the settings of a school whose network is
 * 198.51.100.0/28 and whose approved remote access (VPN) is 192.0.2.0/28.
 */
final class DetectorFixture implements AutoCloseable {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final String SCHOOL_IP = "198.51.100.6";
    static final String VPN_IP = "192.0.2.5";
    static final String HOME_IP = "203.0.113.28";

    final Store store;

    DetectorFixture(Path dir) {
        store = Store.open(dir.resolve("fixture.duckdb"));
    }

    static AuditSettings school() {
        return school(List.of());
    }

    static AuditSettings school(List<AuditSettings.Term> terms) {
        return new AuditSettings(new AuditSettings.Networks(List.of("198.51.100.0/28"), List.of("192.0.2.0/28")), null,
                null, terms, null, null, null, null);
    }

    /** Whole school days, first and last included, in the school's zone. */
    static AuditPeriod days(String first, String last) {
        return AuditPeriod.ofDates(LocalDate.parse(first), LocalDate.parse(last), LONDON);
    }

    /** A member of staff; roles comma-separated, leaveDate null for current staff. */
    DetectorFixture staff(String id, String name, String roles, String leaveDate) {
        String list = Arrays.stream(roles.split(",")).map(r -> "'" + r.trim() + "'").collect(Collectors.joining(", "));
        return sql("INSERT INTO staff (staff_id, display_name, roles, leave_date) VALUES ('" + id + "', '" + name
                + "', [" + list + "], " + (leaveDate == null ? "NULL" : "DATE '" + leaveDate + "'") + ")");
    }

    DetectorFixture sql(String... statements) {
        try (Statement s = store.connection().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    List<Finding> run(Detector detector, AuditPeriod period, AuditSettings settings) {
        return run(detector, period, settings, null);
    }

    /** As in a store a retention purge cut at {@code purgeCutoff} (null: none). */
    List<Finding> run(Detector detector, AuditPeriod period, AuditSettings settings, java.time.Instant purgeCutoff) {
        return detector.detect(new AuditContext(new DuckDbEngine(store.connection()), period, settings, LONDON,
                purgeCutoff));
    }

    @Override
    public void close() {
        store.close();
    }
}
