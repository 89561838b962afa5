package uk.schoolaccess.auditor.dashboard.web.pages;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.http.Context;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Severity;
import uk.schoolaccess.auditor.dashboard.triage.Exceptions;
import uk.schoolaccess.auditor.dashboard.triage.Triage;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * The findings a filter asks for, as the list page, the bulk actions and the CSV/XLSX export all
 * read them: the same filters (kind, severity, status, person by name, staff id or any login in
 * any case, week, assignee, new since the last visit, suppressed by an exception) and the same
 * sort, then cut into pages of {@link #PAGE} (or {@code per}). Exceptions are applied here, when findings are
 * shown, never by changing a finding.
 */
final class FindingList {

    static final int PAGE = 50;
    /** Enough for any school's findings; the list is paged and the export says if it was cut. */
    static final int MAX = 10_000;
    static final Map<String, String> SORTS = Map.of(
            "newest", "f.first_seen DESC, f.finding_id",
            "oldest", "f.first_seen, f.finding_id",
            "score", "f.score DESC, f.first_seen DESC, f.finding_id",
            "severity", "CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.first_seen DESC, f.finding_id");

    final Map<String, Object> filters = new LinkedHashMap<>();
    final List<Map<String, Object>> rows = new ArrayList<>();
    String sort = "newest";
    int page = 1;
    int per = PAGE;
    int suppressedHidden;
    int newCount;
    LocalDateTime lastVisit;
    boolean cut;

    /**
     * The values a filter may take: every severity and status, and every detector the audit has
     * or a stored finding names (one from a detector since retired can still be listed).
     */
    static List<String> allowed(Db db, String filter) {
        return switch (filter) {
            case "severity" -> java.util.Arrays.stream(Severity.values()).map(Severity::label).toList();
            case "status" -> Triage.ALL;
            default -> {
                java.util.TreeSet<String> all = new java.util.TreeSet<>();
                Detectors.all().forEach(d -> all.add(d.info().id()));
                db.rows("SELECT DISTINCT detector FROM findings").forEach(r -> all.add((String) r.get("detector")));
                yield List.copyOf(all);
            }
        };
    }

    /** The filters from the request; a bad one is an IllegalArgumentException naming it (a 400). */
    static FindingList of(WebServer.Web web, Context ctx, LocalDateTime lastVisit) {
        FindingList l = new FindingList();
        l.lastVisit = lastVisit;
        Role role = web.user(ctx).role();
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        for (String f : List.of("detector", "severity", "status")) {
            String v = ctx.queryParam(f);
            if (v != null && !v.isBlank()) {
                List<String> allowed = allowed(web.db(), f);
                if (!allowed.contains(v.strip())) {
                    // "0 findings" would read like an answer; the value is not repeated (it could be anything typed)
                    throw new IllegalArgumentException(f + ": one of " + String.join(", ", allowed));
                }
                where.append(" AND f.").append(f).append(" = ?");
                params.add(v.strip());
                l.filters.put(f, v.strip());
            }
        }
        String person = ctx.queryParam("person");
        if (person != null && !person.isBlank()) {
            String p = person.strip().toLowerCase(Locale.ROOT);
            where.append(" AND (lower(f.staff_id) = ? OR lower(f.account) = ? OR lower(s.display_name) LIKE ? ESCAPE '\\' "
                    + "OR EXISTS (SELECT 1 FROM staff_accounts a WHERE a.staff_id = f.staff_id AND lower(a.account) = ?))");
            params.add(p);
            params.add(p);
            // % and _ typed are themselves, not "any name"
            params.add("%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.add(p);
            l.filters.put("person", person);
        }
        String assignee = ctx.queryParam("assignee");
        if (assignee != null && !assignee.isBlank()) {
            if (assignee.equals("none")) {
                where.append(" AND f.assignee IS NULL");
            } else {
                where.append(" AND f.assignee = ?");
                params.add(assignee.equals("me") ? web.user(ctx).name() : assignee.strip());
            }
            l.filters.put("assignee", assignee);
        }
        String asked = ctx.queryParam("sort");
        l.sort = asked != null && SORTS.containsKey(asked) ? asked : "newest";
        String week = ctx.queryParam("week");
        if (week != null && !week.isBlank()) {
            l.filters.put("week", week);
            LocalDate monday = Range.day("week", week).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            where.append(" AND f.first_seen >= ? AND f.first_seen < ?");
            params.add(monday.atStartOfDay());
            params.add(monday.plusDays(7).atStartOfDay());
            l.filters.put("week", monday.toString());
        }
        String suppressed = ctx.queryParam("suppressed");
        if (suppressed != null && List.of("show", "only").contains(suppressed)) {
            l.filters.put("suppressed", suppressed);
        } else if (suppressed != null && !suppressed.isBlank()) {
            throw new IllegalArgumentException("suppressed: 'show' or 'only'");
        }
        boolean onlyNew = "1".equals(ctx.queryParam("new"));
        if (onlyNew) {
            l.filters.put("new", "1");
        }
        String per = ctx.queryParam("per");
        if (per != null && !per.isBlank()) {
            try {
                l.per = Math.max(5, Math.min(500, Integer.parseInt(per.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("per: findings per page, a number");
            }
            if (l.per != PAGE) {
                l.filters.put("per", String.valueOf(l.per));
            }
        }
        String p = ctx.queryParam("page");
        if (p != null && !p.isBlank()) {
            try {
                l.page = Math.max(1, Integer.parseInt(p.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("page: a number");
            }
        }
        List<Map<String, Object>> found = web.db().rows("SELECT f.finding_id, f.detector, f.staff_id, s.display_name, "
                + "array_to_string(s.roles, ', ') AS roles, f.account, f.first_seen, f.last_seen, f.severity, f.score, "
                + "f.aup_clause, f.summary, f.status, f.disposition, f.assignee, f.found_at, f.note, f.reviewed_by, "
                + "f.reviewed_at FROM findings f LEFT JOIN staff s ON s.staff_id = f.staff_id " + where
                + " ORDER BY " + SORTS.get(l.sort) + " LIMIT " + (MAX + 1), params.toArray());
        l.cut = found.size() > MAX;
        Exceptions exceptions = Exceptions.load(web.db(), web.zone());
        for (Map<String, Object> r : found) {
            if (l.cut && l.rows.size() >= MAX) {
                break;
            }
            if (!role.seesDetector((String) r.get("detector"))) {
                continue;
            }
            Exceptions.One by = exceptions.suppressing(r);
            r.put("suppressed_by", by == null ? null : by.id());
            boolean fresh = lastVisit != null && r.get("found_at") instanceof LocalDateTime at && at.isAfter(lastVisit);
            r.put("is_new", fresh);
            if (by != null && !l.filters.containsKey("suppressed")) {
                l.suppressedHidden++;
                continue;
            }
            if (by == null && "only".equals(l.filters.get("suppressed"))) {
                continue;
            }
            if (fresh) {
                l.newCount++;
            }
            if (onlyNew && !fresh) {
                continue;
            }
            r.put("status_label", Triage.label((String) r.get("status")));
            r.put("disposition_label", Triage.dispositionLabel((String) r.get("disposition")));
            l.rows.add(r);
        }
        return l;
    }

    /**
     * Adds each row's evidence (left out of the list's query: it can hold thousands of event ids
     * per finding, and only the rows shown or exported need it for their titles and redaction).
     */
    static void withEvidence(Db db, List<Map<String, Object>> rows) {
        for (int from = 0; from < rows.size(); from += 500) {
            List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
            String in = String.join(", ", chunk.stream().map(r -> "?").toList());
            Map<Object, Object> evidence = new java.util.HashMap<>();
            db.rows("SELECT finding_id, evidence FROM findings WHERE finding_id IN (" + in + ")",
                    chunk.stream().map(r -> r.get("finding_id")).toArray())
                    .forEach(r -> evidence.put(r.get("finding_id"), r.get("evidence")));
            chunk.forEach(r -> r.put("evidence", evidence.get(r.get("finding_id"))));
        }
    }

    int pages() {
        return Math.max(1, (rows.size() + per - 1) / per);
    }

    /** This page's rows. */
    List<Map<String, Object>> pageRows() {
        int from = Math.min(rows.size(), (Math.min(page, pages()) - 1) * per);
        return rows.subList(from, Math.min(rows.size(), from + per));
    }

    /** The query string of these filters and sort (no page), for paging links, the export and "back". */
    String query() {
        StringBuilder q = new StringBuilder();
        filters.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(enc(String.valueOf(v))));
        q.append(q.length() == 0 ? "" : "&").append("sort=").append(sort);
        return q.toString();
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The previous visit of this user to the findings list; starts a new visit after 30 minutes away. */
    static LocalDateTime visit(Db db, String user) {
        LocalDateTime now = Db.nowUtc();
        List<Map<String, Object>> v = db.rows("SELECT previous_visit, this_visit FROM dashboard_visits WHERE username = ?",
                user);
        if (v.isEmpty()) {
            db.update("INSERT INTO dashboard_visits (username, previous_visit, this_visit) VALUES (?, NULL, ?)", user, now);
            return null;
        }
        LocalDateTime previous = (LocalDateTime) v.get(0).get("previous_visit");
        LocalDateTime last = (LocalDateTime) v.get(0).get("this_visit");
        if (last.plusMinutes(30).isBefore(now)) {
            previous = last; // a new visit: what was found since the last one is new
        }
        db.update("UPDATE dashboard_visits SET previous_visit = ?, this_visit = ? WHERE username = ?", previous, now, user);
        return previous;
    }

    /** The previous visit without counting this request as one (the export). */
    static LocalDateTime lastVisit(Db db, String user) {
        return (LocalDateTime) db.scalar("SELECT previous_visit FROM dashboard_visits WHERE username = ?", user);
    }
}
