package uk.schoolaccess.auditor.dashboard.web.pages;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import uk.schoolaccess.auditor.dashboard.triage.Exceptions;
import uk.schoolaccess.auditor.dashboard.triage.Triage;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.PlainWords;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * Findings: a filtered, sorted list; one finding with its promise, evidence timeline, the
 * baseline it was judged against, and its triage (confirm or dismiss, a note required, every
 * decision kept). Statuses live in findings and survive re-audits; a finding an audit no longer
 * produces is withdrawn, and its page says by which audit, when and why.
 */
public final class FindingPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_NOTE = Triage.MAX_NOTE;

    private final WebServer.Web web;

    public FindingPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/findings", this::list);
        app.get("/findings/{id}", this::detail);
        app.post("/findings/{id}/decision", this::decide);
        app.post("/findings/{id}/assign", this::assign);
    }

    private void list(Context ctx) {
        Role role = web.user(ctx).role();
        java.time.LocalDateTime last = FindingList.visit(web.db(), web.user(ctx).name());
        FindingList l;
        try {
            l = FindingList.of(web, ctx, last);
        } catch (IllegalArgumentException e) {
            // the filter form comes back with what was typed, and why it was refused
            Map<String, Object> typed = new LinkedHashMap<>();
            ctx.queryParamMap().forEach((k, v) -> typed.put(k, v.isEmpty() ? "" : v.get(0)));
            ctx.status(HttpStatus.BAD_REQUEST);
            web.page(ctx, "findings", listModel(ctx, role, new FindingList(), typed, e.getMessage()));
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        FindingList.withEvidence(web.db(), l.pageRows());
        for (Map<String, Object> r0 : l.pageRows()) {
            Map<String, Object> r = new LinkedHashMap<>(r0);
            readable(r, role);
            rows.add(r);
        }
        if (role.seesPupilData()) {
            // summaries name pupils and incidents: the list is pupil-level data
            String q = ctx.queryString();
            web.accessLog().record(ctx, web.user(ctx), "findings",
                    q == null || q.isBlank() ? "all" : q.length() > 500 ? q.substring(0, 500) : q);
        }
        Map<String, Object> m = listModel(ctx, role, l, l.filters, null);
        m.put("findings", rows);
        web.page(ctx, "findings", m);
    }

    /**
     * A listed finding as a role may read it: a title in words, the summary in school time; for
     * a role without pupil-level data (head, IT) the summary with pupil and incident ids taken out.
     */
    void readable(Map<String, Object> r, Role role) {
        describe(r);
        String summary = web.templates().time().localise((String) r.get("summary"));
        if (!role.seesPupilData()) {
            try {
                JsonNode evidence = JSON.readTree(String.valueOf(r.get("evidence")));
                List<String> ids = new ArrayList<>();
                evidence.path("events").forEach(e -> ids.add(e.asText()));
                summary = Redaction.forFinding(web.db(), evidence, ids).apply(summary);
            } catch (java.io.IOException | RuntimeException e) {
                summary = null; // cannot tell what it names: the title says what was found
            }
            r.remove("note");
        }
        r.put("summary", summary);
        r.remove("evidence");
    }

    private Map<String, Object> listModel(Context ctx, Role role, FindingList l, Map<String, Object> filters,
                                          String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Findings");
        m.put("findings", List.of());
        m.put("filters", filters);
        m.put("sort", l.sort);
        m.put("total", l.rows.size());
        m.put("page", Math.min(l.page, l.pages()));
        m.put("pages", l.pages());
        m.put("pageSize", l.per);
        String q = l.query();
        m.put("query", q);
        if (l.page > 1) {
            m.put("prevLink", "/findings?" + q + "&page=" + (Math.min(l.page, l.pages()) - 1));
        }
        if (l.page < l.pages()) {
            m.put("nextLink", "/findings?" + q + "&page=" + (l.page + 1));
        }
        m.put("back", "/findings?" + q + "&page=" + l.page);
        m.put("suppressedHidden", l.suppressedHidden);
        m.put("newCount", l.newCount);
        m.put("lastVisit", l.lastVisit);
        m.put("statuses", Triage.ALL.stream().map(s -> Map.of("id", s, "name", Triage.label(s))).toList());
        m.put("settable", Triage.SETTABLE.stream().map(s -> Map.of("id", s, "name", Triage.label(s))).toList());
        m.put("dispositions", Triage.DISPOSITIONS.entrySet().stream()
                .map(e -> Map.of("id", e.getKey(), "name", e.getValue())).toList());
        m.put("assignees", Triage.assignees(web.db()));
        m.put("canTriage", role.canTriage());
        m.put("detectors", web.db().rows("SELECT DISTINCT detector FROM findings ORDER BY detector").stream()
                .map(r -> (String) r.get("detector")).filter(role::seesDetector)
                .map(d -> Map.of("id", d, "name", PlainWords.detector(d))).toList());
        if (error != null) {
            m.put("formError", error);
        }
        return m;
    }

    private Map<String, Object> finding(Context ctx) {
        List<Map<String, Object>> rows = web.db().rows("SELECT f.*, s.display_name, array_to_string(s.roles, ', ') AS roles FROM findings f "
                + "LEFT JOIN staff s ON s.staff_id = f.staff_id WHERE finding_id = ?", ctx.pathParam("id"));
        if (rows.isEmpty()) {
            if (purged(ctx)) {
                return null;
            }
            throw new NotFoundResponse("no such finding");
        }
        Map<String, Object> f = rows.get(0);
        web.require(ctx, web.user(ctx).role().seesDetector((String) f.get("detector")));
        return f;
    }

    private void detail(Context ctx) throws Exception {
        Map<String, Object> found = finding(ctx);
        if (found == null) {
            return;
        }
        show(ctx, found, null, null, null);
    }

    /**
     * The finding page; after a refused decision, with the reason and the form as it was filled in.
     * For a role without pupil-level data, pupil and incident ids are taken out of the summary and
     * the triage notes. Every view is logged.
     */
    private void show(Context ctx, Map<String, Object> f, String error, String typedStatus, String typedNote)
            throws Exception {
        Role role = web.user(ctx).role();
        JsonNode evidence = JSON.readTree(String.valueOf(f.get("evidence")));
        List<String> ids = new ArrayList<>();
        evidence.path("events").forEach(e -> ids.add(e.asText()));
        List<Map<String, Object>> decisions = Triage.history(web.db(), (String) f.get("finding_id"));
        f = new LinkedHashMap<>(f);
        describe(f); // from the evidence's facts, before redaction removes them; a title names no pupil
        if (!role.seesPupilData()) {
            Redaction redact = Redaction.forFinding(web.db(), evidence, ids);
            f.put("summary", redact.apply((String) f.get("summary")));
            f.put("note", redact.apply((String) f.get("note")));
            f.remove("subject");
            f.remove("evidence");
            decisions.forEach(d -> d.put("note", redact.apply((String) d.get("note"))));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        f.put("summary", web.templates().time().localise((String) f.get("summary")));
        m.put("title", f.get("title"));
        m.put("f", f);
        m.put("promise", AupClauses.promise((String) f.get("aup_clause")));
        m.put("severityReason", PlainWords.severityReason((String) f.get("detector"), (String) f.get("severity"), evidence));
        m.put("baselineSentence", PlainWords.baseline((String) f.get("detector"), (String) f.get("display_name"),
                web.templates().time().day(f.get("first_seen")), evidence));
        m.put("timeline", Evidence.timeline(web.db(), ids, role.seesPupilData()));
        m.put("eventCount", ids.size());
        m.put("pupilData", role.seesPupilData());
        JsonNode baseline = evidence.path("baseline");
        if (!baseline.isMissingNode() && !baseline.isNull()) {
            m.put("baseline", Map.of("window", baseline.path("window").asText(), "peer_group",
                    baseline.path("peer_group").asText(), "statistic", baseline.path("statistic").asText(),
                    "value", baseline.path("value").asDouble(), "threshold", baseline.path("threshold").asDouble()));
            m.put("baselineChart", Evidence.baselineChart(baseline));
        }
        List<String> lookedFor = new ArrayList<>();
        evidence.path("facts").path("looked_for").forEach(x -> lookedFor.add(x.asText()));
        m.put("lookedFor", lookedFor);
        m.put("decisions", decisions);
        List<Map<String, Object>> withdrawals = web.db().rows("SELECT w.audit_id, w.withdrawn_at, w.reason, "
                + "w.reopened_at, w.reopened_by_audit, r.period_from, r.period_to FROM finding_withdrawals w "
                + "LEFT JOIN audit_runs r USING (audit_id) WHERE w.finding_id = ? ORDER BY w.withdrawn_at",
                f.get("finding_id"));
        for (Map<String, Object> w : withdrawals) {
            // Read by a person: in the school's zone (stored UTC).
            w.replaceAll((k, v) -> !(v instanceof java.time.LocalDateTime t) ? v
                    : local(k.equals("period_to") ? t.minusNanos(1) : t, !k.startsWith("period"))); // to: exclusive
        }
        m.put("withdrawals", withdrawals);
        m.put("canTriage", role.canTriage());
        triage(m, f, role, evidence);
        if (error != null) {
            m.put("formError", error);
            m.put("typedStatus", typedStatus);
            m.put("typedNote", typedNote);
        }
        web.accessLog().record(ctx, web.user(ctx), "finding", (String) f.get("finding_id"));
        web.page(ctx, "finding", m);
    }

    /**
     * The case around a finding: its assignee and status in words, the choices of the triage form,
     * the exception that suppresses it and those made from it, and, for a curiosity cluster, the
     * incidents (linked to the DSL's incident page) and the other staff who opened them.
     */
    private void triage(Map<String, Object> m, Map<String, Object> f, Role role, JsonNode evidence) {
        String id = (String) f.get("finding_id");
        m.put("statusLabel", Triage.label((String) f.get("status")));
        m.put("dispositionLabel", Triage.dispositionLabel((String) f.get("disposition")));
        m.put("assignees", Triage.assignees(web.db()));
        m.put("dispositions", Triage.DISPOSITIONS.entrySet().stream()
                .map(e -> Map.of("id", e.getKey(), "name", e.getValue())).toList());
        Exceptions exceptions = Exceptions.load(web.db(), web.zone());
        Exceptions.One by = exceptions.suppressing(f);
        if (by != null) {
            m.put("suppressedBy", by.asRow(web.zone(), PlainWords.detector(by.detector())));
        }
        m.put("madeHere", exceptions.all().stream().filter(e -> id.equals(e.fromFinding()))
                .map(e -> e.asRow(web.zone(), PlainWords.detector(e.detector()))).toList());
        m.put("canExcept", role == Role.DPO && f.get("staff_id") != null);
        List<String> incidents = new ArrayList<>();
        evidence.path("facts").path("incidents").forEach(i -> incidents.add(i.asText()));
        List<String> cluster = new ArrayList<>();
        evidence.path("facts").path("curiosity_cluster").forEach(i -> cluster.add(i.asText()));
        if (role.seesPupilData() && !incidents.isEmpty()) {
            m.put("incidents", incidents);
            m.put("incidentLinks", role.canInvestigate());
        }
        if (role.seesPupilData() && !cluster.isEmpty()) {
            // the other staff who opened the same incidents: their findings of the same kind
            List<Map<String, Object>> others = new ArrayList<>();
            for (Map<String, Object> o : web.db().rows("SELECT f.finding_id, f.staff_id, s.display_name, "
                    + "array_to_string(s.roles, ', ') AS roles, f.first_seen, f.status, f.evidence FROM findings f "
                    + "LEFT JOIN staff s ON s.staff_id = f.staff_id WHERE f.detector = ? AND f.finding_id <> ? "
                    + "ORDER BY f.first_seen, f.finding_id", f.get("detector"), id)) {
                List<String> theirs = new ArrayList<>();
                try {
                    JSON.readTree(String.valueOf(o.get("evidence"))).path("facts").path("incidents")
                            .forEach(i -> theirs.add(i.asText()));
                } catch (java.io.IOException e) {
                    continue;
                }
                theirs.retainAll(cluster);
                if (!theirs.isEmpty()) {
                    o.remove("evidence");
                    o.put("incidents", String.join(", ", theirs));
                    o.put("status_label", Triage.label((String) o.get("status")));
                    others.add(o);
                }
            }
            m.put("clusterOthers", others);
            m.put("cluster", cluster);
        }
    }

    /**
     * A finding deleted by a retention purge: links to it (old digests, notes) open a page saying so,
     * with the date and the policy, rather than "not found". Only its id was kept.
     */
    private boolean purged(Context ctx) {
        List<Map<String, Object>> gone = web.db().rows("SELECT p.status, l.purged_at, l.policy FROM purged_findings p "
                + "JOIN purge_log l ON l.purge_id = p.purge_id AND l.table_name = 'findings' "
                + "AND l.data_kind = 'findings: ' || p.status WHERE p.finding_id = ? LIMIT 1", ctx.pathParam("id"));
        if (gone.isEmpty()) {
            return false;
        }
        Map<String, Object> g = gone.get(0);
        ctx.status(io.javalin.http.HttpStatus.GONE);
        web.page(ctx, "error", Map.of("title", "Finding deleted under the retention policy", "message",
                "Finding " + ctx.pathParam("id") + " (" + g.get("status") + ") was deleted on "
                        + ((java.time.LocalDateTime) g.get("purged_at")).atZone(java.time.ZoneOffset.UTC)
                                .withZoneSameInstant(web.zone()).toLocalDate() + " under the school's retention policy ("
                        + g.get("policy") + "). The purge is recorded in the purge log."));
        return true;
    }

    private String local(java.time.LocalDateTime utc, boolean withTime) {
        java.time.ZonedDateTime z = utc.atZone(java.time.ZoneOffset.UTC).withZoneSameInstant(web.zone());
        return withTime ? z.toLocalDateTime().withSecond(0).withNano(0).toString().replace('T', ' ') + " "
                + web.zone().getId() : z.toLocalDate().toString();
    }

    /** Adds a finding's title, its detector's and clause's names in plain words (PlainWords). */
    static void describe(Map<String, Object> f) {
        JsonNode facts;
        try {
            facts = JSON.readTree(String.valueOf(f.get("evidence"))).path("facts");
        } catch (java.io.IOException | RuntimeException e) {
            facts = null;
        }
        f.put("title", PlainWords.title((String) f.get("detector"), (String) f.get("aup_clause"), facts));
        f.put("detector_name", PlainWords.detector((String) f.get("detector")));
        f.put("clause_name", PlainWords.clause((String) f.get("aup_clause")));
    }

    private void decide(Context ctx) throws Exception {
        Map<String, Object> f = finding(ctx);
        if (f == null) {
            return;
        }
        web.require(ctx, web.user(ctx).role().canTriage());
        String[] choice = choice(ctx.formParam("status"), ctx.formParam("disposition"));
        String typed = ctx.formParam("note") == null ? "" : ctx.formParam("note");
        String note = typed.strip();
        String refused = Triage.refusal(choice[0], choice[1], note);
        if (refused != null) {
            // the page comes back with the reason and the note as typed, so nothing typed is lost
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, f, refused, ctx.formParam("status"), typed.length() > MAX_NOTE ? typed.substring(0, MAX_NOTE) : typed);
            return;
        }
        Triage.setStatus(web.db(), (String) f.get("finding_id"), choice[0], choice[1], note, web.user(ctx).name(),
                Db.nowUtc());
        web.accessLog().record(ctx, web.user(ctx), "decision", (String) f.get("finding_id"));
        ctx.redirect("/findings/" + f.get("finding_id"));
    }

    /**
     * A status and reason code from a form: "dismissed:wrong_rule" (the finding page's choices) or
     * a status with a separate disposition (the bulk form). Confirming is always a breach.
     */
    static String[] choice(String status, String disposition) {
        String s = status == null ? null : status.strip();
        String d = disposition == null || disposition.isBlank() ? null : disposition.strip();
        if (s != null && s.contains(":")) {
            d = s.substring(s.indexOf(':') + 1);
            s = s.substring(0, s.indexOf(':'));
        }
        if (Triage.CONFIRMED.equals(s) && d == null) {
            d = "breach";
        }
        return new String[] {s, d};
    }

    /** Assigns one finding (to no one when the assignee is empty). */
    private void assign(Context ctx) throws Exception {
        Map<String, Object> f = finding(ctx);
        if (f == null) {
            return;
        }
        web.require(ctx, web.user(ctx).role().canTriage());
        String to = assignee(ctx.formParam("assignee"));
        Triage.assign(web.db(), (String) f.get("finding_id"), to, web.user(ctx).name(), Db.nowUtc());
        web.accessLog().record(ctx, web.user(ctx), "assign", (String) f.get("finding_id"));
        ctx.redirect("/findings/" + f.get("finding_id"));
    }

    /** A dashboard user who may triage, or null for "no one"; anything else is refused (400). */
    String assignee(String asked) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        if (!Triage.assignees(web.db()).contains(asked.strip())) {
            throw new IllegalArgumentException("assignee: not a dashboard user who may triage");
        }
        return asked.strip();
    }
}
