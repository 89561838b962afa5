package uk.schoolaccess.auditor.dashboard.web.pages;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import uk.schoolaccess.auditor.analytics.explain.AccessExplanation;
import uk.schoolaccess.auditor.dashboard.web.WebServer;

/**
 * The DSL's browsing investigations: curiosity clusters (safeguarding incidents opened by several
 * staff with no part in them), who browsed which pupils' records with nothing to explain it, and
 * one incident's opens. Pupils appear by id only; every view is logged.
 */
public final class InvestigationPages {

    static final int DEFAULT_DAYS = 28;
    static final int MAX_PAIRS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every record access with its verdict: the one meaning of "unexplained" (AccessExplanation). */
    private static final String JUDGED = AccessExplanation.judgedAccesses();
    private static final String UNEXPLAINED = "'" + AccessExplanation.UNEXPLAINED + "'";
    /** The incident's export: the page's table, with each time in UTC and school time. */
    static final List<SubjectAccessPages.Column> INCIDENT_COLUMNS = List.of(
            new SubjectAccessPages.Column("ts", "when_utc"), new SubjectAccessPages.Column("ts_local", "when_local"),
            new SubjectAccessPages.Column("staff_id", "staff_id"), new SubjectAccessPages.Column("display_name", "staff_name"),
            new SubjectAccessPages.Column("account", "account"), new SubjectAccessPages.Column("action", "action"),
            new SubjectAccessPages.Column("involved", "involvement"), new SubjectAccessPages.Column("verdict", "verdict"),
            new SubjectAccessPages.Column("explanation", "explained_by"), new SubjectAccessPages.Column("conflict", "conflict"),
            new SubjectAccessPages.Column("event_id", "event_id"));

    private final WebServer.Web web;

    public InvestigationPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/dsl", this::overview);
        app.get("/dsl/incidents/{incidentId}", this::incident);
        app.get("/dsl/incidents/{incidentId}/export.csv", this::incidentCsv);
    }

    private void overview(Context ctx) throws Exception {
        web.require(ctx, web.user(ctx).role().canInvestigate());
        Range asked;
        try {
            asked = Range.of(ctx);
        } catch (IllegalArgumentException e) {
            // the form comes back with what was typed and why it was refused
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("title", "Browsing investigations");
            typed.put("from", ctx.queryParam("from"));
            typed.put("to", ctx.queryParam("to"));
            typed.put("rangeLabel", "none (see above)");
            typed.put("minOpeners", clusterSize());
            typed.put("maxPairs", MAX_PAIRS);
            typed.put("clusters", List.of());
            typed.put("pairs", List.of());
            typed.put("formError", e.getMessage());
            ctx.status(io.javalin.http.HttpStatus.BAD_REQUEST);
            web.page(ctx, "dsl", typed);
            return;
        }
        LocalDate latest = latestAccess();
        Range range = asked.from() == null && asked.to() == null
                ? new Range(latest.minusDays(DEFAULT_DAYS - 1L), latest) : asked;
        int minOpeners = clusterSize();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Browsing investigations");
        m.put("from", range.from());
        m.put("to", range.to());
        m.put("rangeLabel", range.label());
        m.put("minOpeners", minOpeners);
        m.put("clusters", clusters(range, minOpeners));
        m.put("pairs", web.db().rows("SELECT r.staff_id, s.display_name, r.pupil_id, "
                + "count(*) AS accesses, string_agg(DISTINCT r.area, ', ' ORDER BY r.area) AS areas, min(r.ts) AS first_ts, max(r.ts) AS last_ts "
                + "FROM " + JUDGED + " r LEFT JOIN staff s ON s.staff_id = r.staff_id WHERE r.verdict = " + UNEXPLAINED
                + " AND r.pupil_id IS NOT NULL "
                + "AND r.ts >= ? AND r.ts < ? GROUP BY ALL ORDER BY accesses DESC, r.staff_id, r.pupil_id LIMIT " + MAX_PAIRS,
                range.start(web.zone()), range.end(web.zone())));
        m.put("maxPairs", MAX_PAIRS);
        m.put("canSarLink", web.user(ctx).role().canSubjectAccess());
        web.accessLog().record(ctx, web.user(ctx), "investigation", range.label());
        web.page(ctx, "dsl", m);
    }

    /**
     * Incidents opened, with nothing to explain it, by at least minOpeners different staff in the
     * range; plus every incident an out_of_role_access finding in the range named as a cluster.
     */
    private List<Map<String, Object>> clusters(Range range, int minOpeners) throws Exception {
        Map<String, List<Map<String, Object>>> findingsByIncident = new TreeMap<>();
        for (Map<String, Object> f : web.db().rows("SELECT f.finding_id, f.evidence, f.staff_id, s.display_name, "
                + "f.first_seen FROM findings f LEFT JOIN staff s ON s.staff_id = f.staff_id WHERE f.detector = "
                + "'out_of_role_access' AND f.first_seen >= ? AND f.first_seen < ? ORDER BY f.first_seen, f.finding_id",
                range.start(web.zone()), range.end(web.zone()))) {
            JsonNode cluster = JSON.readTree(String.valueOf(f.get("evidence"))).path("facts").path("curiosity_cluster");
            // A readable link, not the finding's hex id: whose finding, and which day.
            Object who = f.get("display_name") != null ? f.get("display_name") : f.get("staff_id");
            Map<String, Object> link = Map.of("id", f.get("finding_id"), "label",
                    (who == null ? "unknown account" : who) + ", " + web.templates().time().day(f.get("first_seen")));
            cluster.forEach(i -> findingsByIncident.computeIfAbsent(i.asText(), k -> new ArrayList<>()).add(link));
        }
        List<Map<String, Object>> rows = web.db().rows("SELECT r.incident_id, any_value(i.pupil_id) AS pupil_id, "
                + "any_value(i.category) AS category, count(DISTINCT r.staff_id) AS openers, "
                + "string_agg(DISTINCT r.staff_id, ', ' ORDER BY r.staff_id) AS staff, min(r.ts) AS first_ts, "
                + "max(r.ts) AS last_ts FROM " + JUDGED + " r"
                + " LEFT JOIN incidents i ON i.incident_id = r.incident_id "
                + "WHERE r.incident_id IS NOT NULL AND r.verdict = " + UNEXPLAINED + " "
                + "AND r.ts >= ? AND r.ts < ? GROUP BY r.incident_id ORDER BY openers DESC, r.incident_id",
                range.start(web.zone()), range.end(web.zone()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            List<Map<String, Object>> findings = findingsByIncident.remove((String) r.get("incident_id"));
            if (((Number) r.get("openers")).intValue() >= minOpeners || findings != null) {
                r.put("findings", findings == null ? List.of() : findings);
                r.put("staffIds", r.get("staff") == null ? List.of() : List.of(String.valueOf(r.get("staff")).split(", ")));
                out.add(r);
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> left : findingsByIncident.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("incident_id", left.getKey());
            r.put("pupil_id", web.db().scalar("SELECT pupil_id FROM incidents WHERE incident_id = ?", left.getKey()));
            r.put("openers", "see the incident");
            r.put("staffIds", List.of());
            r.put("findings", left.getValue());
            out.add(r);
        }
        return out;
    }

    private void incident(Context ctx) {
        web.require(ctx, web.user(ctx).role().canInvestigate());
        String id = ctx.pathParam("incidentId");
        List<Map<String, Object>> incident = web.db().rows("SELECT i.incident_id, i.pupil_id, i.category, i.created_at, "
                + "i.author_staff_id, s.display_name AS author_name FROM incidents i "
                + "LEFT JOIN staff s ON s.staff_id = i.author_staff_id WHERE incident_id = ?", id);
        List<Map<String, Object>> opens = opens(id);
        if (incident.isEmpty() && opens.isEmpty()) {
            throw new NotFoundResponse("no such incident");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Incident " + id);
        m.put("incidentId", id);
        m.put("incident", incident.isEmpty() ? Map.of() : incident.get(0));
        m.put("opens", opens);
        m.putAll(counts(opens));
        m.put("canSarLink", web.user(ctx).role().canSubjectAccess());
        web.accessLog().record(ctx, web.user(ctx), "incident", id);
        web.page(ctx, "incident", m);
    }

    /** The incident's opens as CSV: what the page shows, times in UTC and in school time. */
    private void incidentCsv(Context ctx) throws java.io.IOException {
        web.require(ctx, web.user(ctx).role().canInvestigate());
        String id = ctx.pathParam("incidentId");
        List<Map<String, Object>> opens = opens(id);
        if (opens.isEmpty() && web.db().scalar("SELECT incident_id FROM incidents WHERE incident_id = ?", id) == null) {
            throw new NotFoundResponse("no such incident");
        }
        uk.schoolaccess.auditor.dashboard.web.SchoolTime time = web.templates().time();
        for (Map<String, Object> o : opens) {
            o.put("ts_local", time.iso(o.get("ts")));
            o.put("ts", uk.schoolaccess.auditor.dashboard.web.SchoolTime.isoUtc(o.get("ts")));
        }
        web.accessLog().record(ctx, web.user(ctx), "incident", id);
        ctx.header("Content-Disposition", "attachment; filename=\"incident-" + id.replaceAll("[^A-Za-z0-9_-]", "_")
                + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(SubjectAccessPages.toCsv(INCIDENT_COLUMNS, opens));
    }

    /** Each open of the incident with who opened it, their part in it and its verdict. */
    private List<Map<String, Object>> opens(String id) {
        List<Map<String, Object>> opens = web.db().rows("SELECT r.ts, r.staff_id, s.display_name, r.account, r.source, "
                + "r.action, r.event_id, r.explained_by, r.conflict, r.verdict, "
                + "(SELECT string_agg(DISTINCT v.kind, ', ' ORDER BY v.kind) FROM incident_involvement v "
                + "WHERE v.incident_id = r.incident_id AND (v.staff_id = r.staff_id OR lower(v.account) = lower(r.account))"
                + ") AS involvement, "
                + "CASE WHEN list_contains(s.roles, 'dsl') THEN 'DSL' WHEN list_contains(s.roles, 'deputy_dsl') "
                + "THEN 'deputy DSL' END AS dsl_role, r.staff_id = i.author_staff_id AS author "
                + "FROM " + JUDGED + " r LEFT JOIN staff s ON s.staff_id = r.staff_id "
                + "LEFT JOIN incidents i ON i.incident_id = r.incident_id "
                + "WHERE r.incident_id = ? ORDER BY r.ts, r.event_id", id);
        for (Map<String, Object> o : opens) {
            java.util.Set<String> parts = new java.util.LinkedHashSet<>();
            if (Boolean.TRUE.equals(o.get("author"))) {
                parts.add("author");
            }
            if (o.get("involvement") != null) {
                parts.addAll(List.of(String.valueOf(o.get("involvement")).split(", ")));
            }
            if (o.get("dsl_role") != null) {
                parts.add(o.get("dsl_role") + " role");
            }
            o.put("involved", parts.isEmpty() ? "none" : String.join("; ", parts));
            o.put("unexplained", AccessExplanation.UNEXPLAINED.equals(o.get("verdict")));
            o.put("explanation", AccessExplanation.words((String) o.get("verdict"), (String) o.get("explained_by")));
        }
        return opens;
    }

    /** Opens and staff, and how many of each nothing explains or no audit has looked at yet. */
    static Map<String, Object> counts(List<Map<String, Object>> opens) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("openers", opens.stream().map(o -> o.get("staff_id")).filter(s -> s != null).distinct().count());
        m.put("unexplained", opens.stream().filter(o -> Boolean.TRUE.equals(o.get("unexplained"))).count());
        m.put("unexplainedStaff", opens.stream().filter(o -> Boolean.TRUE.equals(o.get("unexplained")))
                .map(o -> o.get("staff_id")).distinct().count());
        m.put("notAudited", opens.stream().filter(o -> AccessExplanation.NOT_AUDITED.equals(o.get("verdict"))).count());
        return m;
    }

    private LocalDate latestAccess() {
        Object last = web.db().scalar("SELECT max(ts) FROM record_access");
        return last instanceof LocalDateTime t ? t.toLocalDate()
                : last instanceof java.sql.Timestamp t ? t.toLocalDateTime().toLocalDate() : LocalDate.now();
    }

    private int clusterSize() {
        Map<String, Double> t = web.settings().detectors() == null ? null
                : web.settings().detectors().get("out_of_role_access");
        Double v = t == null ? null : t.get("cluster_size");
        return v == null ? 3 : v.intValue();
    }
}
