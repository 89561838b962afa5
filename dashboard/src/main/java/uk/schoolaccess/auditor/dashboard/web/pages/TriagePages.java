package uk.schoolaccess.auditor.dashboard.web.pages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import uk.schoolaccess.auditor.dashboard.triage.Exceptions;
import uk.schoolaccess.auditor.dashboard.triage.Triage;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.PlainWords;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * Triage beyond one finding: bulk actions on the findings ticked in the list (assign; set a
 * status with its reason code), the exceptions the DPO makes from a finding (with a preview of
 * what each would suppress before it is saved, a list of them all, ending one early), and the
 * findings export as CSV or XLSX honouring the list's filters (times in ISO-8601 UTC with a
 * school-time column beside each).
 */
public final class TriagePages {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BULK = 500;
    static final List<SubjectAccessPages.Column> COLUMNS = List.of(
            new SubjectAccessPages.Column("finding_id", "finding_id"),
            new SubjectAccessPages.Column("title", "finding"),
            new SubjectAccessPages.Column("detector_name", "kind"),
            new SubjectAccessPages.Column("clause_name", "promise"),
            new SubjectAccessPages.Column("staff_id", "staff_id"),
            new SubjectAccessPages.Column("display_name", "name"),
            new SubjectAccessPages.Column("roles", "roles"),
            new SubjectAccessPages.Column("account", "login"),
            new SubjectAccessPages.Column("severity", "severity"),
            new SubjectAccessPages.Column("score", "score"),
            new SubjectAccessPages.Column("status_label", "status"),
            new SubjectAccessPages.Column("disposition_label", "reason"),
            new SubjectAccessPages.Column("assignee", "assignee"),
            new SubjectAccessPages.Column("first_seen_utc", "first_seen_utc"),
            new SubjectAccessPages.Column("first_seen_local", "first_seen_local"),
            new SubjectAccessPages.Column("last_seen_utc", "last_seen_utc"),
            new SubjectAccessPages.Column("last_seen_local", "last_seen_local"),
            new SubjectAccessPages.Column("suppressed_by", "suppressed_by_exception"),
            new SubjectAccessPages.Column("summary", "summary"));

    private final WebServer.Web web;
    private final FindingPages findings;

    public TriagePages(WebServer.Web web) {
        this.web = web;
        this.findings = new FindingPages(web);
    }

    public void routes(Javalin app) {
        app.post("/findings/bulk", this::bulk);
        app.get("/findings.csv", ctx -> export(ctx, false));
        app.get("/findings.xlsx", ctx -> export(ctx, true));
        app.get("/findings/{id}/exception", this::exceptionForm);
        app.post("/findings/{id}/exception", this::makeException);
        app.get("/exceptions", this::exceptions);
        app.post("/exceptions/{x}/end", this::endException);
    }

    /** Assign, or set a status with its reason code, on every ticked finding; then back to the list as it was. */
    private void bulk(Context ctx) {
        Role role = web.user(ctx).role();
        web.require(ctx, role.canTriage());
        List<String> ids = ctx.formParams("id").stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("Tick at least one finding first.");
        }
        if (ids.size() > MAX_BULK) {
            throw new IllegalArgumentException("At most " + MAX_BULK + " findings at once.");
        }
        for (String id : ids) {
            Object detector = web.db().scalar("SELECT detector FROM findings WHERE finding_id = ?", id);
            if (detector == null) {
                throw new NotFoundResponse("no such finding");
            }
            web.require(ctx, role.seesDetector((String) detector));
        }
        String who = web.user(ctx).name();
        LocalDateTime now = Db.nowUtc();
        String action = ctx.formParam("action");
        if ("assign".equals(action)) {
            String to = findings.assignee(ctx.formParam("assignee"));
            ids.forEach(id -> Triage.assign(web.db(), id, to, who, now));
        } else if ("status".equals(action)) {
            String[] choice = FindingPages.choice(ctx.formParam("status"), ctx.formParam("disposition"));
            String note = ctx.formParam("note") == null ? "" : ctx.formParam("note").strip();
            String refused = Triage.refusal(choice[0], choice[1], note);
            if (refused != null) {
                throw new IllegalArgumentException(refused + " Nothing was changed; go back to keep what you ticked.");
            }
            for (String id : ids) {
                if (Triage.WITHDRAWN.equals(web.db().scalar("SELECT status FROM findings WHERE finding_id = ?", id))
                        && Triage.OPEN.equals(choice[0])) {
                    continue; // re-opening a withdrawn finding is the audit's, when it finds it again
                }
                Triage.setStatus(web.db(), id, choice[0], choice[1], note, who, now);
            }
        } else {
            throw new IllegalArgumentException("Choose what to do with the ticked findings: assign or set a status.");
        }
        web.accessLog().record(ctx, web.user(ctx), "bulk " + action, String.join(",", ids.size() > 20
                ? ids.subList(0, 20) : ids) + (ids.size() > 20 ? ",..." : ""));
        String back = ctx.formParam("back");
        ctx.redirect(back != null && back.startsWith("/findings?") && !back.contains("//") ? back : "/findings");
    }

    /** The findings the list shows (every page), as CSV or XLSX; pupil-level data as on the list. */
    private void export(Context ctx, boolean xlsx) throws IOException {
        Role role = web.user(ctx).role();
        FindingList l = FindingList.of(web, ctx, FindingList.lastVisit(web.db(), web.user(ctx).name()));
        SchoolTime time = web.templates().time();
        List<Map<String, Object>> rows = new ArrayList<>();
        FindingList.withEvidence(web.db(), l.rows);
        for (Map<String, Object> r0 : l.rows) {
            Map<String, Object> r = new LinkedHashMap<>(r0);
            findings.readable(r, role);
            r.put("summary", r.get("summary") == null ? "" : r.get("summary"));
            for (String t : List.of("first_seen", "last_seen")) {
                r.put(t + "_utc", r.get(t) == null ? "" : SchoolTime.isoUtc(r.get(t)));
                r.put(t + "_local", r.get(t) == null ? "" : time.iso(r.get(t)));
            }
            rows.add(r);
        }
        web.accessLog().record(ctx, web.user(ctx), "findings export", l.query().length() > 500
                ? l.query().substring(0, 500) : l.query());
        String name = "findings-" + LocalDate.now(web.zone());
        if (!xlsx) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8");
            ctx.result(SubjectAccessPages.toCsv(COLUMNS, rows));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "School Access Auditor", "1.0");
        Worksheet ws = wb.newWorksheet("Findings");
        for (int c = 0; c < COLUMNS.size(); c++) {
            ws.value(0, c, COLUMNS.get(c).header());
            ws.style(0, c).bold().set();
        }
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < COLUMNS.size(); c++) {
                Object v = rows.get(i).get(COLUMNS.get(c).key());
                if (v instanceof Number n) {
                    ws.value(i + 1, c, n);
                } else if (v != null) {
                    ws.value(i + 1, c, String.valueOf(v)); // a string cell: never run as a formula
                }
            }
        }
        wb.finish();
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
        ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        ctx.result(out.toByteArray());
    }

    private Map<String, Object> finding(Context ctx) {
        List<Map<String, Object>> rows = web.db().rows("SELECT f.*, s.display_name FROM findings f LEFT JOIN staff s "
                + "ON s.staff_id = f.staff_id WHERE finding_id = ?", ctx.pathParam("id"));
        if (rows.isEmpty()) {
            throw new NotFoundResponse("no such finding");
        }
        return rows.get(0);
    }

    /** What the form asked for, as an exception not yet saved; a bad value is refused naming it. */
    private Exceptions.One proposed(Context ctx, Map<String, Object> f, boolean forSaving) {
        Integer weekday = null;
        String w = ctx.queryParam("weekday") != null ? ctx.queryParam("weekday") : ctx.formParam("weekday");
        if (w != null && !w.isBlank()) {
            try {
                weekday = Integer.parseInt(w.strip());
            } catch (NumberFormatException e) {
                weekday = 0;
            }
            if (weekday < 1 || weekday > 7) {
                throw new IllegalArgumentException("weekday: 1 (Monday) to 7 (Sunday)");
            }
        }
        String system = param(ctx, "system");
        String pattern = param(ctx, "pattern");
        String reason = param(ctx, "reason");
        String e = param(ctx, "expires");
        LocalDate today = LocalDate.now(web.zone());
        LocalDate expires = e == null ? today.plusMonths(3) : Range.day("expires", e);
        if (forSaving) {
            if (expires.isBefore(today)) {
                throw new IllegalArgumentException("The expiry date is in the past: an exception must end on a day to come.");
            }
            if (expires.isAfter(today.plusYears(2))) {
                throw new IllegalArgumentException("An exception lasts at most two years: review it then.");
            }
            if (reason == null || reason.length() < 3) {
                throw new IllegalArgumentException("Say why this is routine (the reason is kept with the exception).");
            }
            if (reason.length() > Triage.MAX_NOTE || (pattern != null && pattern.length() > 200)) {
                throw new IllegalArgumentException("The reason or the words are too long.");
            }
        }
        return new Exceptions.One(0, (String) f.get("staff_id"), (String) f.get("detector"), weekday, system, pattern,
                (String) f.get("finding_id"), reason == null ? "" : reason, web.user(ctx).name(), Db.nowUtc(), expires,
                null, null);
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name) != null ? ctx.queryParam(name) : ctx.formParam(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The exception form, with its choices derived from the finding and a preview of what it would suppress. */
    private void exceptionForm(Context ctx) throws IOException {
        web.require(ctx, web.user(ctx).role() == Role.DPO);
        Map<String, Object> f = finding(ctx);
        Map<String, Object> m = exceptionModel(ctx, f, proposed(ctx, f, false), null);
        web.accessLog().record(ctx, web.user(ctx), "exception preview", (String) f.get("finding_id")); // lists summaries
        web.page(ctx, "exception", m);
    }

    private Map<String, Object> exceptionModel(Context ctx, Map<String, Object> f, Exceptions.One p, String error)
            throws IOException {
        if (f.get("staff_id") == null) {
            throw new IllegalArgumentException("This finding names no member of staff: an exception needs one.");
        }
        Exceptions preview = Exceptions.preview(web.db(), web.zone(), p);
        List<Map<String, Object>> would = new ArrayList<>();
        for (Map<String, Object> r : web.db().rows("SELECT f.finding_id, f.detector, f.staff_id, f.first_seen, "
                + "f.status, f.summary, f.evidence, f.aup_clause, f.severity FROM findings f WHERE f.staff_id = ? "
                + "AND f.detector = ? ORDER BY f.first_seen, f.finding_id", f.get("staff_id"), f.get("detector"))) {
            if (preview.suppressing(r) != null) {
                Map<String, Object> row = new LinkedHashMap<>(r);
                findings.readable(row, web.user(ctx).role());
                would.add(row);
            }
        }
        Map<String, Object> shown = new LinkedHashMap<>(f);
        FindingPages.describe(shown);
        Exceptions all = Exceptions.load(web.db(), web.zone());
        LocalDateTime seen = (LocalDateTime) f.get("first_seen");
        Set<String> areas = new TreeSet<>();
        JsonNode evidence = JSON.readTree(String.valueOf(f.get("evidence")));
        List<String> ids = new ArrayList<>();
        evidence.path("events").forEach(e -> ids.add(e.asText()));
        Evidence.timeline(web.db(), ids.size() > 200 ? ids.subList(0, 200) : ids, false).forEach(e -> {
            if (e.get("area") != null && String.valueOf(f.get("summary")).toLowerCase(Locale.ROOT)
                    .contains(String.valueOf(e.get("area")).toLowerCase(Locale.ROOT))) {
                areas.add(String.valueOf(e.get("area")));
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Make an exception");
        m.put("f", shown);
        m.put("p", p);
        m.put("scope", p.scope(PlainWords.detector(p.detector())));
        m.put("weekday", seen == null ? null : all.weekday(seen));
        m.put("weekdayName", seen == null ? null : Exceptions.weekdayName(all.weekday(seen)));
        m.put("systems", all.sourcesOf(f));
        m.put("patterns", areas);
        m.put("would", would);
        m.put("expires", p.expiresOn().toString());
        if (error != null) {
            m.put("formError", error);
        }
        return m;
    }

    private void makeException(Context ctx) throws IOException {
        web.require(ctx, web.user(ctx).role() == Role.DPO);
        Map<String, Object> f = finding(ctx);
        Exceptions.One p;
        try {
            p = proposed(ctx, f, true);
        } catch (IllegalArgumentException e) {
            // the form comes back as filled in, with the preview and the reason it was refused
            ctx.status(io.javalin.http.HttpStatus.BAD_REQUEST);
            Map<String, Object> m = exceptionModel(ctx, f, proposed(ctx, f, false), e.getMessage());
            m.put("typedReason", param(ctx, "reason"));
            web.page(ctx, "exception", m);
            return;
        }
        long id = Exceptions.save(web.db(), p);
        web.accessLog().record(ctx, web.user(ctx), "exception", String.valueOf(id));
        ctx.redirect("/exceptions#exception-" + id);
    }

    private void exceptions(Context ctx) {
        Role role = web.user(ctx).role();
        web.require(ctx, role.canTriage());
        List<Map<String, Object>> rows = Exceptions.load(web.db(), web.zone()).all().stream()
                .filter(e -> role.seesDetector(e.detector()))
                .map(e -> e.asRow(web.zone(), PlainWords.detector(e.detector()))).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Exceptions");
        m.put("exceptions", rows);
        m.put("canEnd", role == Role.DPO);
        web.page(ctx, "exceptions", m);
    }

    private void endException(Context ctx) {
        web.require(ctx, web.user(ctx).role() == Role.DPO);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("x"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("no such exception");
        }
        if (Exceptions.load(web.db(), web.zone()).byId(id) == null) {
            throw new NotFoundResponse("no such exception");
        }
        Exceptions.end(web.db(), id, web.user(ctx).name());
        web.accessLog().record(ctx, web.user(ctx), "exception ended", String.valueOf(id));
        ctx.redirect("/exceptions#exception-" + id);
    }
}
