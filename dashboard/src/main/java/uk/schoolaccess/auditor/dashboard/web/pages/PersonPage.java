package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * One member of staff: their roles and logins, activity by week, recent logons, how often they
 * use a second factor for the MIS and safeguarding system, and the findings about them that the
 * viewer's role may see. Counts only: no pupil appears on this page. Each view is logged.
 */
public final class PersonPage {

    static final int WEEKS_CHARTED = 16;
    static final int RECENT_LOGONS = 50;
    private final WebServer.Web web;

    public PersonPage(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/people/{staffId}", this::show);
    }

    private void show(Context ctx) {
        Role role = web.user(ctx).role();
        String id = ctx.pathParam("staffId");
        List<Map<String, Object>> staff = web.db().rows("SELECT staff_id, display_name, email, "
                + "array_to_string(roles, ', ') AS roles, start_date, leave_date FROM staff WHERE staff_id = ?", id);
        List<Map<String, Object>> findings = new ArrayList<>(web.db().rows("SELECT finding_id, detector, first_seen, "
                + "severity, score, aup_clause, summary, status, assignee, evidence FROM findings WHERE staff_id = ? "
                + "ORDER BY first_seen DESC, finding_id", id));
        if (staff.isEmpty() && findings.isEmpty()) {
            throw new NotFoundResponse("no such member of staff");
        }
        findings.removeIf(f -> !role.seesDetector((String) f.get("detector")));
        for (Map<String, Object> f : findings) {
            FindingPages.describe(f);
            f.put("status_label", uk.schoolaccess.auditor.dashboard.triage.Triage.label((String) f.get("status")));
            f.put("summary", web.templates().time().localise((String) f.get("summary")));
            f.remove("evidence");
            if (!role.seesPupilData()) {
                f.put("summary", null); // it can name pupils; the title says what was found
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> person = staff.isEmpty() ? Map.of("staff_id", id) : staff.get(0);
        m.put("title", person.get("display_name") == null ? id : String.valueOf(person.get("display_name")));
        m.put("person", person);
        m.put("staffId", id);
        m.put("accounts", web.db().rows("SELECT system, account FROM staff_accounts WHERE staff_id = ? "
                + "ORDER BY system, account", id));
        List<Map<String, Object>> weeks = weeks(id);
        m.put("weeks", weeks);
        m.put("chart", chart(weeks));
        m.put("logons", web.db().rows("SELECT ts, source, kind, workstation, ip, mfa, session_id FROM logon_events "
                + "WHERE staff_id = ? ORDER BY ts DESC, event_id LIMIT " + RECENT_LOGONS, id));
        m.put("recentLogons", RECENT_LOGONS);
        m.put("mfa", mfa(id));
        m.put("findings", findings);
        m.put("pupilData", role.seesPupilData());
        m.put("canSarLink", role.canSubjectAccess());
        web.accessLog().record(ctx, web.user(ctx), "person", id);
        web.page(ctx, "person", m);
    }

    /** Record accesses, logons and sign-ins per week (Monday, UTC), newest first. */
    private List<Map<String, Object>> weeks(String id) {
        return web.db().rows("SELECT strftime(week, '%Y-%m-%d') AS week, "
                + "count(*) FILTER (WHERE what = 'access') AS accesses, "
                + "count(*) FILTER (WHERE what = 'logon') AS logons, "
                + "count(*) FILTER (WHERE what = 'signin') AS signins FROM ("
                + "SELECT date_trunc('week', ts) AS week, 'access' AS what FROM record_access WHERE staff_id = ? "
                + "UNION ALL SELECT date_trunc('week', ts), 'logon' FROM logon_events WHERE staff_id = ? AND kind = 'logon' "
                + "UNION ALL SELECT date_trunc('week', ts), 'signin' FROM signins WHERE staff_id = ?) "
                + "GROUP BY week ORDER BY week DESC", id, id, id);
    }

    private static String chart(List<Map<String, Object>> weeks) {
        if (weeks.isEmpty()) {
            return null;
        }
        List<Svg.Bar> bars = new ArrayList<>();
        List<Map<String, Object>> shown = new ArrayList<>(weeks.subList(0, Math.min(WEEKS_CHARTED, weeks.size())));
        java.util.Collections.reverse(shown);
        for (Map<String, Object> w : shown) {
            bars.add(new Svg.Bar(String.valueOf(w.get("week")).substring(5), List.of(
                    ((Number) w.get("accesses")).doubleValue(), ((Number) w.get("logons")).doubleValue(),
                    ((Number) w.get("signins")).doubleValue())));
        }
        return Svg.stackedBars(bars, List.of("record accesses", "logons", "sign-ins"), "Activity per week");
    }

    /** Share of successful MIS and safeguarding sign-ins (and MIS/CPOMS logins) that used a second factor. */
    private List<Map<String, Object>> mfa(String id) {
        List<String> apps = new ArrayList<>(web.settings().apps().mis());
        apps.addAll(web.settings().apps().safeguarding());
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!apps.isEmpty()) {
            String in = String.join(", ", apps.stream().map(a -> "?").toList());
            List<Object> params = new ArrayList<>(List.of(id));
            apps.forEach(a -> params.add(a.toLowerCase(Locale.ROOT)));
            rows.addAll(web.db().rows("SELECT app, count(*) FILTER (WHERE auth_requirement = 'multi_factor') AS mfa, "
                    + "count(*) AS total FROM signins WHERE success AND staff_id = ? AND lower(app) IN (" + in + ") "
                    + "GROUP BY app ORDER BY app", params.toArray()));
        }
        rows.addAll(web.db().rows("SELECT " + uk.schoolaccess.auditor.dashboard.web.PlainWords.OWN_LOGINS_LABEL + " AS app, "
                + "count(*) FILTER (WHERE mfa) AS mfa, "
                + "count(*) AS total FROM logon_events WHERE staff_id = ? AND kind = 'logon' AND mfa IS NOT NULL "
                + "GROUP BY source ORDER BY source", id));
        for (Map<String, Object> r : rows) {
            long mfa = ((Number) r.get("mfa")).longValue();
            long total = ((Number) r.get("total")).longValue();
            r.put("share", total == 0 ? "n/a" : String.format(Locale.UK, "%.1f%%", 100.0 * mfa / total));
        }
        return rows;
    }
}
