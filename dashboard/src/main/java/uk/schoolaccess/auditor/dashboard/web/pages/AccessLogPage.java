package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import uk.schoolaccess.auditor.dashboard.web.WebServer;

/** The dashboard's own access log for the DPO: who looked at what, newest first, filterable by user and kind. */
public final class AccessLogPage {

    static final int LIMIT = 1000;
    private final WebServer.Web web;

    public AccessLogPage(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/access-log", this::show);
    }

    private void show(Context ctx) {
        web.require(ctx, web.user(ctx).role().seesAccessLog());
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        Map<String, Object> filters = new LinkedHashMap<>();
        for (String f : List.of("user", "kind")) {
            String v = ctx.queryParam(f);
            if (v != null && !v.isBlank()) {
                where.append(f.equals("user") ? " AND username = ?" : " AND kind = ?");
                params.add(v.strip());
                filters.put(f, v.strip());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Access log");
        m.put("filters", filters);
        m.put("limit", LIMIT);
        m.put("entries", web.db().rows("SELECT ts, username, role, method, path, kind, subject FROM access_log "
                + where + " ORDER BY ts DESC LIMIT " + LIMIT, params.toArray()));
        m.put("users", web.db().rows("SELECT DISTINCT username FROM access_log ORDER BY username").stream()
                .map(r -> r.get("username")).toList());
        m.put("kinds", web.db().rows("SELECT DISTINCT kind FROM access_log ORDER BY kind").stream()
                .map(r -> r.get("kind")).toList());
        web.page(ctx, "access-log", m);
    }
}
