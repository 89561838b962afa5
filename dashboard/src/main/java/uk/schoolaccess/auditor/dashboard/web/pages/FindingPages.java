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
    static final int MAX_NOTE = 4000;
    private static final Map<String, String> SORTS = Map.of(
            "newest", "first_seen DESC, finding_id",
            "oldest", "first_seen, finding_id",
            "score", "score DESC, first_seen DESC",
            "severity", "CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, first_seen DESC");

    private final WebServer.Web web;

    public FindingPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/findings", this::list);
        app.get("/findings/{id}", this::detail);
        app.post("/findings/{id}/decision", this::decide);
    }

    private void list(Context ctx) {
        Role role = web.user(ctx).role();
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        Map<String, Object> filters = new LinkedHashMap<>();
        for (String f : List.of("detector", "severity", "status")) {
            String v = ctx.queryParam(f);
            if (v != null && !v.isBlank()) {
                where.append(" AND ").append(f).append(" = ?");
                params.add(v);
                filters.put(f, v);
            }
        }
        String person = ctx.queryParam("person");
        if (person != null && !person.isBlank()) {
            where.append(" AND (lower(f.staff_id) = lower(?) OR lower(f.account) = lower(?) OR lower(s.display_name) LIKE ?)");
            params.add(person.strip());
            params.add(person.strip());
            params.add("%" + person.strip().toLowerCase(Locale.ROOT) + "%");
            filters.put("person", person);
        }
        String asked = ctx.queryParam("sort");
        String sort = asked != null && SORTS.containsKey(asked) ? asked : "newest";
        String week = ctx.queryParam("week");
        if (week != null && !week.isBlank()) {
            LocalDate day;
            try {
                day = Range.day("week", week);
            } catch (IllegalArgumentException e) {
                // the filter form comes back with what was typed, and why it was refused
                filters.put("week", week);
                ctx.status(HttpStatus.BAD_REQUEST);
                web.page(ctx, "findings", listModel(role, List.of(), filters, sort, e.getMessage()));
                return;
            }
            LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            where.append(" AND first_seen >= ? AND first_seen < ?");
            params.add(monday.atStartOfDay());
            params.add(monday.plusDays(7).atStartOfDay());
            filters.put("week", monday.toString());
        }
        List<Map<String, Object>> rows = web.db().rows("SELECT f.finding_id, f.detector, f.staff_id, s.display_name, "
                + "f.first_seen, f.severity, f.score, f.aup_clause, f.summary, f.status, f.evidence FROM findings f "
                + "LEFT JOIN staff s ON s.staff_id = f.staff_id " + where + " ORDER BY " + SORTS.get(sort)
                + " LIMIT 500", params.toArray());
        rows.removeIf(r -> !role.seesDetector((String) r.get("detector")));
        for (Map<String, Object> r : rows) {
            describe(r);
            r.put("summary", web.templates().time().localise((String) r.get("summary")));
            r.remove("evidence");
            if (!role.seesPupilData()) {
                r.put("summary", null); // it can name pupils; the title says what was found
            }
        }
        if (role.seesPupilData()) {
            // summaries name pupils and incidents: the list is pupil-level data
            String q = ctx.queryString();
            web.accessLog().record(ctx, web.user(ctx), "findings",
                    q == null || q.isBlank() ? "all" : q.length() > 500 ? q.substring(0, 500) : q);
        }
        web.page(ctx, "findings", listModel(role, rows, filters, sort, null));
    }

    private Map<String, Object> listModel(Role role, List<Map<String, Object>> rows, Map<String, Object> filters,
                                          String sort, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Findings");
        m.put("findings", rows);
        m.put("filters", filters);
        m.put("sort", sort);
        m.put("detectors", web.db().rows("SELECT DISTINCT detector FROM findings ORDER BY detector").stream()
                .map(r -> (String) r.get("detector")).filter(role::seesDetector)
                .map(d -> Map.of("id", d, "name", PlainWords.detector(d))).toList());
        if (error != null) {
            m.put("formError", error);
        }
        return m;
    }

    private Map<String, Object> finding(Context ctx) {
        List<Map<String, Object>> rows = web.db().rows("SELECT f.*, s.display_name FROM findings f "
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
        List<Map<String, Object>> decisions = web.db().rows("SELECT status, note, decided_by, decided_at "
                + "FROM finding_decisions WHERE finding_id = ? ORDER BY decided_at", f.get("finding_id"));
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
        if (error != null) {
            m.put("formError", error);
            m.put("typedStatus", typedStatus);
            m.put("typedNote", typedNote);
        }
        web.accessLog().record(ctx, web.user(ctx), "finding", (String) f.get("finding_id"));
        web.page(ctx, "finding", m);
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
        String status = ctx.formParam("status");
        String typed = ctx.formParam("note") == null ? "" : ctx.formParam("note");
        String note = typed.strip();
        String refused = status == null || !List.of("confirmed", "dismissed", "open").contains(status)
                ? "Choose confirm, dismiss or re-open: a decision is one of the three."
                : note.length() < 3 ? "A decision needs a note saying why."
                : note.length() > MAX_NOTE ? "A note is at most " + MAX_NOTE + " characters." : null;
        if (refused != null) {
            // the page comes back with the reason and the note as typed, so nothing typed is lost
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, f, refused, status, typed.length() > MAX_NOTE ? typed.substring(0, MAX_NOTE) : typed);
            return;
        }
        String who = web.user(ctx).name();
        var now = Db.nowUtc();
        web.db().transaction(db -> {
            db.update("UPDATE findings SET status = ?, note = ?, reviewed_by = ?, reviewed_at = ? WHERE finding_id = ?",
                    status, note, who, now, f.get("finding_id"));
            db.update("INSERT INTO finding_decisions VALUES (?, ?, ?, ?, ?)", f.get("finding_id"), status, note, who, now);
        });
        web.accessLog().record(ctx, web.user(ctx), "decision", (String) f.get("finding_id"));
        ctx.redirect("/findings/" + f.get("finding_id"));
    }
}
