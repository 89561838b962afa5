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
import uk.schoolaccess.auditor.analytics.session.Sessions;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A small store for session fixtures: staff, Windows and MIS logon events, record accesses and
 * sign-ins written as the readers would write them, then the sessions table and one detector.
 * The school network is 198.51.100.0/28, as in generated schools.
 */
final class SessionFixture implements AutoCloseable {

    static final String SCHOOL_IP = "198.51.100.3";
    final Store store;
    private int n;

    SessionFixture(Path dir) throws SQLException {
        store = Store.open(dir.resolve("f.duckdb"));
        sql("INSERT INTO staff (staff_id, display_name, roles) VALUES ('S1', 'Alex Carter', ['teacher']), "
                + "('S2', 'Bea Moss', ['teacher']), ('S3', 'Cal Reed', ['it']), ('S4', 'Dee Shaw', ['teacher'])");
    }

    void sql(String s) throws SQLException {
        try (Statement st = store.connection().createStatement()) {
            st.execute(s);
        }
    }

    private String id() {
        return "e" + (++n);
    }

    private static String q(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    /** A Windows event; kind logon/logoff/lock/unlock; staff null for pupils and unknown accounts. */
    String windows(String ts, String staff, String account, String host, String logonId, String kind, Integer type,
                   boolean interactive) throws SQLException {
        String id = id();
        sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, logon_id, kind, logon_type, "
                + "interactive, batch_id, line_no) VALUES (" + q(id) + ", 'windows', TIMESTAMP '" + ts + "', " + q(account)
                + ", " + q(staff) + ", " + q(host) + ", " + q(logonId) + ", " + q(kind) + ", " + type + ", " + interactive
                + ", 1, " + n + ")");
        return id;
    }

    String logon(String ts, String staff, String account, String host, String logonId) throws SQLException {
        return windows(ts, staff, account, host, logonId, "logon", 2, true);
    }

    /** A user's sign-out as Windows logs it: 4647, then 4634 for the same logon id. */
    void logoff(String ts, String staff, String account, String host, String logonId) throws SQLException {
        windows(ts, staff, account, host, logonId, "logoff", null, true);
        windows(ts, staff, account, host, logonId, "logoff", 2, true);
    }

    /** A SIMS or CPOMS login / logout row (logon_events) from the MIS audit. */
    String mis(String source, String ts, String staff, String account, String workstation, String kind, String ip)
            throws SQLException {
        String id = id();
        sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, kind, ip, interactive, "
                + "batch_id, line_no) VALUES (" + q(id) + ", " + q(source) + ", TIMESTAMP '" + ts + "', " + q(account) + ", "
                + q(staff) + ", " + q(workstation) + ", " + q(kind) + ", " + q(ip) + ", true, 2, " + n + ")");
        return id;
    }

    /** SIMS record views by the person at a workstation, one a minute from {@code ts}. */
    void simsUse(String ts, String staff, String workstation, int count) throws SQLException {
        Instant t = Instant.parse(ts.replace(' ', 'T') + "Z");
        for (int i = 0; i < count; i++) {
            String at = t.plusSeconds(60L * i).toString().replace('T', ' ').replace("Z", "");
            sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id, workstation) "
                    + "VALUES (" + q(id()) + ", 'sims', TIMESTAMP '" + at + "', 'x', " + q(staff) + ", 'view', "
                    + "'student_details', 'P1', " + q(workstation) + ")");
        }
    }

    /** A successful Entra sign-in. */
    String signIn(String ts, String staff, String account, String app, String ip, String city, String country,
                  String session) throws SQLException {
        return signIn(ts, staff, account, app, ip, city, country, session, null);
    }

    /** A successful Entra sign-in from a device with this user agent. */
    String signIn(String ts, String staff, String account, String app, String ip, String city, String country,
                  String session, String userAgent) throws SQLException {
        String id = id();
        sql("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, city, country, success, session_id, "
                + "auth_requirement, user_agent) VALUES (" + q(id) + ", 'entra', TIMESTAMP '" + ts + "', " + q(account)
                + ", " + q(staff) + ", " + q(app) + ", " + q(ip) + ", " + q(city) + ", " + q(country) + ", true, "
                + q(session) + ", 'multi_factor', " + q(userAgent) + ")");
        return id;
    }

    /** A Windows screen lock (4800) or unlock (4801) of a session. */
    void lock(String ts, String staff, String account, String host, String logonId, boolean locked) throws SQLException {
        windows(ts, staff, account, host, logonId, locked ? "lock" : "unlock", null, true);
    }

    /** Builds sessions for the period and runs the detector, as an audit does. */
    List<Finding> run(Detector detector, String from, String to) {
        AuditSettings settings = new AuditSettings(new AuditSettings.Networks(List.of("198.51.100.0/28"), List.of()),
                null, null, null, null, null, null, null);
        AuditContext context = new AuditContext(new DuckDbEngine(store.connection()), new AuditPeriod(
                Instant.parse(from), Instant.parse(to)), settings, ZoneId.of("Europe/London"));
        Sessions.build(context);
        return detector.detect(context);
    }

    @Override
    public void close() {
        store.close();
    }
}
