package uk.schoolaccess.auditor.analytics.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;
import uk.schoolaccess.auditor.analytics.engine.SqlResource;

/**
 * Who was logged on where, and how each session ended: the temporary table {@code sessions},
 * built once per audit for [history_from, to) by detectors/sessions.sql and read by
 * missing_logout and shared_credentials. One row per session:
 * <ul>
 * <li>{@code session_id} the starting event's id ({@code entra:<Session ID>} for Entra);
 * {@code source} windows, sims, cpoms (or another MIS), google, entra;</li>
 * <li>{@code staff_id}, {@code account}; {@code host} the computer as a lower-case short name
 * (Windows, SIMS), null where the source names none; {@code ip} of the start;</li>
 * <li>{@code started_at}, {@code ended_at} (UTC; null when open at the end of the data);
 * {@code ended}: 'logoff' or 'timeout' (its own end event: Windows 4634/4647 paired by computer
 * and logon id with the latest earlier logon of that id; an MIS logout of the same account, on
 * the same workstation for SIMS), 'other_user_logon' (never ended; the next user's logon on the
 * same computer, or in CPOMS the account's next login), 'next_logon' (never ended; the same
 * account's next logon there, e.g. after a reboot), 'open_at_end' (never ended; nothing
 * followed), 'last_sign_in' (Entra, which logs no sign-out: first to last sign-in of a Session ID);
 * {@code start_event_id}, {@code end_event_id}, {@code ended_by_account} (who logged on next,
 * for sessions never ended);</li>
 * <li>{@code activity}, {@code first_activity}, {@code last_activity}: MIS and safeguarding
 * record accesses by the same person on that host (CPOMS: in CPOMS) during the session;
 * {@code last_unlock}; {@code last_sign_of_life} the latest of start, last activity, last unlock;</li>
 * <li>Windows only: {@code other_logons} other users' interactive logons on that computer while
 * the session was open (including the one that ended a session never logged off),
 * {@code unlocked_other_logons} those that found it unlocked, {@code locked_when_other_logged_on}
 * (null when nobody else logged on), and the first exposure's time, account and event id
 * ({@code first_exposure_at}, {@code first_exposure_account}, {@code first_exposure_event_id});</li>
 * <li>{@code sign_ins} (Entra, Google), {@code offsite_sign_ins} of them from outside
 * networks.school (null when no school network is configured), {@code mis_sign_ins} to the MIS or
 * safeguarding apps (Entra).</li>
 * </ul>
 * A week's or a month's audit on DuckDB reuses the sessions kept by earlier audits and pairs only
 * the last days' events ({@link KeptSessions}); the table is the same.
 */
public final class Sessions {

    private Sessions() {
    }

    public static void build(AuditContext context) {
        schoolAddresses(context);
        Map<String, String> params = new HashMap<>(context.standardParams());
        params.put("school_known", context.settings().networks().school().isEmpty() ? "false" : "true");
        if (!KeptSessions.applies(context)) {
            SqlResource.statements(SqlResource.fill(SqlResource.load("sessions"), KeptSessions.fullParams(params)))
                    .forEach(context.engine()::execute);
            return;
        }
        KeptSessions kept = KeptSessions.prepare(context, params);
        SqlResource.statements(SqlResource.fill(SqlResource.load("sessions"), params)).forEach(context.engine()::execute);
        kept.finish();
    }

    /**
     * The addresses seen that are on the school network. CIDR matching is done here, in Java,
     * because neither engine's SQL matches IPv6 ranges; the list is of distinct addresses only.
     */
    private static void schoolAddresses(AuditContext context) {
        Map<String, String> p = context.standardParams();
        List<Row> ips = context.engine().query("SELECT DISTINCT ip FROM (SELECT ip FROM signins WHERE ts >= "
                + p.get("history_from") + " AND ts < " + p.get("to") + " UNION ALL SELECT ip FROM logon_events WHERE ts >= "
                + p.get("history_from") + " AND ts < " + p.get("to") + ") WHERE ip IS NOT NULL");
        StringBuilder values = new StringBuilder();
        for (Row r : ips) {
            String ip = r.text("ip");
            if (context.atSchool(ip)) {
                values.append(values.length() == 0 ? "" : ", ").append('(').append(Sql.text(ip)).append(')');
            }
        }
        String select = values.length() == 0 ? "SELECT CAST(NULL AS STRING) AS ip WHERE 1 = 0"
                : "SELECT * FROM (VALUES " + values + ") AS t(ip)";
        context.engine().execute("CREATE OR REPLACE TEMP TABLE school_addresses AS " + select);
    }
}
