package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * The staff directory ({@code /people}): everyone in the roster with their id, roles and logins,
 * so two people with the same name can be told apart, and how many findings the viewer's role
 * may see about each (open ones apart). Staff data only: no pupil appears, so it is not logged.
 */
public final class StaffDirectoryPage {

    private final WebServer.Web web;

    public StaffDirectoryPage(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/people", this::show);
    }

    private void show(Context ctx) {
        Role role = web.user(ctx).role();
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        String like = "%" + q.toLowerCase(Locale.ROOT) + "%";
        List<Map<String, Object>> staff = web.db().rows("SELECT s.staff_id, s.display_name, "
                + "array_to_string(s.roles, ', ') AS roles, s.leave_date, "
                + "(SELECT string_agg(a.system || ': ' || a.account, '; ' ORDER BY a.system, a.account) "
                + "FROM staff_accounts a WHERE a.staff_id = s.staff_id) AS logins FROM staff s "
                + "WHERE ? = '' OR lower(s.staff_id) LIKE ? OR lower(coalesce(s.display_name, '')) LIKE ? "
                + "OR EXISTS (SELECT 1 FROM staff_accounts a WHERE a.staff_id = s.staff_id AND lower(a.account) LIKE ?) "
                + "ORDER BY s.display_name, s.staff_id", q, like, like, like);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Map<String, Object> f : web.db().rows("SELECT staff_id, detector, count(*) AS n, "
                + "count(*) FILTER (WHERE status = 'open') AS open FROM findings WHERE staff_id IS NOT NULL "
                + "GROUP BY staff_id, detector")) {
            if (role.seesDetector((String) f.get("detector"))) {
                long[] c = counts.computeIfAbsent((String) f.get("staff_id"), k -> new long[2]);
                c[0] += ((Number) f.get("n")).longValue();
                c[1] += ((Number) f.get("open")).longValue();
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> s : staff) {
            long[] c = counts.getOrDefault((String) s.get("staff_id"), new long[2]);
            Map<String, Object> r = new LinkedHashMap<>(s);
            r.put("findings", c[0]);
            r.put("open", c[1]);
            rows.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "People");
        m.put("q", q);
        m.put("people", rows);
        web.page(ctx, "people", m);
    }
}
