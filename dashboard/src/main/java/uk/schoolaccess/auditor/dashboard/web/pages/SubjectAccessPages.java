package uk.schoolaccess.auditor.dashboard.web.pages;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.javalin.Javalin;
import io.javalin.http.Context;
import uk.schoolaccess.auditor.analytics.explain.AccessExplanation;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.dashboard.web.WebServer;

/**
 * Subject access look-ups for the DPO (UK GDPR Art. 15): every access to one pupil's records,
 * with who made it and what explained it, or everything recorded about one member of staff's
 * activity; as a page, a CSV download and a printable page. Pupils appear by id only. Every
 * look-up is logged (kind "sar"). Where a retention purge deleted part of the range, the page says
 * so, with the date and the policy, rather than showing fewer rows without a word.
 */
public final class SubjectAccessPages {

    /** One column of the results, the same in the page, the print and the CSV. */
    public record Column(String key, String header) {
    }

    /** The CSV and table columns of a look-up by pupil. */
    public static final List<Column> PUPIL_COLUMNS = List.of(
            new Column("ts", "when_utc"), new Column("ts_local", "when_local"), new Column("staff_id", "staff_id"), new Column("staff_name", "staff_name"),
            new Column("account", "account"), new Column("system", "system"), new Column("action", "action"),
            new Column("area", "area"), new Column("incident_id", "incident_id"),
            new Column("explanation", "explained_by"), new Column("conflict", "conflict"),
            new Column("event_id", "event_id"));

    /** The CSV and table columns of a look-up by member of staff. */
    public static final List<Column> STAFF_COLUMNS = List.of(
            new Column("ts", "when_utc"), new Column("ts_local", "when_local"), new Column("what", "record"), new Column("system", "system"),
            new Column("account", "account"), new Column("action", "action"), new Column("area", "area_or_app"),
            new Column("pupil_id", "pupil_id"), new Column("incident_id", "incident_id"),
            new Column("place", "where"), new Column("explanation", "explained_by"),
            new Column("event_id", "event_id"));

    /** The page's and the print's columns: the CSV's, with one "When" in school time for its two time columns. */
    static List<Column> pageColumns(List<Column> csv) {
        List<Column> out = new ArrayList<>(List.of(new Column("when", "when")));
        csv.stream().filter(c -> !c.key().startsWith("ts")).forEach(out::add);
        return out;
    }

    static final String NOTHING = AccessExplanation.WORDS.get(AccessExplanation.UNEXPLAINED);
    static final String REF_RULE = "The request reference is your own case number (letters, digits, spaces and "
            + ". / # _ - only, up to 40 characters, for example SAR-2026-014), never a name.";
    /** Said without repeating what was typed: a name is never echoed into a page, a log or an error. */
    static final String NAME_NOT_ID = "That looks like a name, not an id. Type the pupil's or member of staff's id "
            + "from the MIS (for example P00012 or S0003): look-ups are by id only, so no name is searched for or "
            + "written to the access log.";
    /** A staff id, a login, user@domain or a Windows login (NORTHFIELD\jsmith), as the finding pages show them. */
    static final String STAFF_LOGIN = "([A-Za-z0-9._-]{1,64}\\\\)?[A-Za-z0-9._@-]{1,64}";
    private static final CsvMapper CSV = new CsvMapper();

    private final WebServer.Web web;

    public SubjectAccessPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/sar", ctx -> show(ctx, "sar"));
        app.get("/sar/print", ctx -> show(ctx, "sar-print"));
        app.get("/sar.csv", this::csv);
        app.post("/sar/find", this::find);
    }

    /**
     * What was asked: a pupil or a member of staff, an optional range, the DPO's request reference,
     * the filters (unexplained only, one system, one member of staff) and whether staff names are
     * redacted before disclosure.
     */
    record Query(String pupil, String staff, Range range, String ref, boolean unexplainedOnly, String system,
                 String member, boolean redact) {

        static Query of(Context ctx) {
            String pupil = blankToNull(ctx.queryParam("pupil"));
            String staff = blankToNull(ctx.queryParam("staff"));
            if (pupil != null && staff != null) {
                throw new IllegalArgumentException("look up a pupil or a member of staff, not both");
            }
            for (String id : new String[] {pupil, staff, blankToNull(ctx.queryParam("member"))}) {
                if (id != null && id.contains(" ") && looksLikeName(id)) {
                    throw new IllegalArgumentException(NAME_NOT_ID);
                }
            }
            if (pupil != null && !pupil.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalArgumentException("a pupil id is letters, digits and . _ @ - only");
            }
            for (String login : new String[] {staff, blankToNull(ctx.queryParam("member"))}) {
                if (login != null && !login.matches(STAFF_LOGIN)) {
                    throw new IllegalArgumentException("a member of staff is their id or a login: letters, digits and "
                            + ". _ @ - only, with at most one DOMAIN\\ in front (NORTHFIELD\\jsmith)");
                }
            }
            String ref = blankToNull(ctx.queryParam("ref"));
            if (ref != null && (!ref.matches("[A-Za-z0-9 ./#_-]{1,40}") || looksLikeName(ref))) {
                throw new IllegalArgumentException(REF_RULE);
            }
            String system = blankToNull(ctx.queryParam("system"));
            if (system != null && !system.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new IllegalArgumentException("a system is letters, digits and . _ - only, as the look-up lists them");
            }
            String only = blankToNull(ctx.queryParam("only"));
            if (only != null && !only.equals(AccessExplanation.UNEXPLAINED)) {
                throw new IllegalArgumentException("only=unexplained is the one filter of that kind");
            }
            String member = blankToNull(ctx.queryParam("member"));
            boolean redact = "1".equals(ctx.queryParam("redact")) || "on".equals(ctx.queryParam("redact"));
            return new Query(pupil, staff, Range.of(ctx), ref, only != null, system, pupil == null ? null : member,
                    redact && pupil != null);
        }

        /**
         * Whether a typed value may be shown back: one with no digit could be a name (or a login
         * made from one), so no error and no refilled form field repeats it.
         */
        static boolean mayEcho(String typed) {
            return typed != null && typed.chars().anyMatch(Character::isDigit);
        }

        /** A name typed where an id belongs: letters, spaces, hyphens, apostrophes, and no digit. */
        static boolean looksLikeName(String typed) {
            return typed.matches("[\\p{L}][\\p{L} .'-]*") && typed.chars().noneMatch(Character::isDigit)
                    && (typed.contains(" ") || typed.length() > 1);
        }

        Query with(String pupilId, String staffId) {
            return new Query(pupilId, staffId, range, ref, unexplainedOnly, system, member, redact);
        }

        boolean asked() {
            return pupil != null || staff != null;
        }

        boolean filtered() {
            return unexplainedOnly || system != null || member != null;
        }

        String subject() {
            return pupil != null ? "pupil:" + pupil : "staff:" + staff;
        }

        String queryString() {
            StringBuilder q = new StringBuilder(pupil != null ? "pupil=" + enc(pupil) : "staff=" + enc(staff));
            if (range.from() != null) {
                q.append("&from=").append(range.from());
            }
            if (range.to() != null) {
                q.append("&to=").append(range.to());
            }
            if (ref != null) {
                q.append("&ref=").append(enc(ref));
            }
            if (unexplainedOnly) {
                q.append("&only=").append(AccessExplanation.UNEXPLAINED);
            }
            if (system != null) {
                q.append("&system=").append(enc(system));
            }
            if (member != null) {
                q.append("&member=").append(enc(member));
            }
            if (redact) {
                q.append("&redact=1");
            }
            return q.toString();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /**
     * The look-up with its id as the roster spells it (p00069 is P00069), or an error that says the
     * roster has no such pupil or member of staff: "0 rows" for a typo would read like an answer.
     */
    Query resolve(Query q) {
        if (q.pupil() != null) {
            Object id = web.db().scalar("SELECT pupil_id FROM pupils WHERE lower(pupil_id) = lower(?)", q.pupil());
            if (id == null && Query.looksLikeName(q.pupil())) {
                throw new IllegalArgumentException(NAME_NOT_ID);
            }
            if (id == null) {
                throw new IllegalArgumentException("There is no pupil with that id in the roster. Check the id in the "
                        + "MIS (ids are matched in any case); nothing was looked up.");
            }
            Query resolved = q.with((String) id, null);
            if (q.member() != null) {
                Object member = staffId(q.member());
                if (member == null && Query.looksLikeName(q.member())) {
                    throw new IllegalArgumentException(NAME_NOT_ID);
                }
                if (member == null) {
                    throw new IllegalArgumentException("There is no member of staff with that id or login in the "
                            + "roster (the filter by member of staff); nothing was looked up.");
                }
                resolved = new Query(resolved.pupil(), null, q.range(), q.ref(), q.unexplainedOnly(), q.system(),
                        (String) member, q.redact());
            }
            return resolved;
        }
        if (q.staff() != null) {
            Object id = staffId(q.staff());
            if (id == null && Query.looksLikeName(q.staff())) {
                throw new IllegalArgumentException(NAME_NOT_ID);
            }
            if (id == null) {
                throw new IllegalArgumentException("There is no member of staff with that id or login in the roster. "
                        + "Check it (ids and logins are matched in any case); nothing was looked up.");
            }
            return q.with(null, (String) id);
        }
        return q;
    }

    /**
     * The staff id a typed id or login belongs to, or null: the id itself, a login as stored, or a
     * login in another form of the same account (NORTHFIELD\fashworth, fashworth@school.example
     * and fashworth are one account, as the audit matches them).
     */
    private Object staffId(String typed) {
        return web.db().scalar("SELECT staff_id FROM (SELECT staff_id, 0 AS k FROM staff WHERE lower(staff_id) = lower(?) "
                + "UNION ALL SELECT staff_id, 1 FROM staff_accounts WHERE lower(account) = lower(?) "
                + "UNION ALL SELECT staff_id, 2 FROM account_directory WHERE account_key = account_key(?)) "
                + "ORDER BY k, staff_id LIMIT 1", typed, typed, typed);
    }

    private void show(Context ctx, String template) {
        web.require(ctx, web.user(ctx).role().canSubjectAccess());
        Query q;
        try {
            q = resolve(Query.of(ctx));
        } catch (IllegalArgumentException e) {
            // the form comes back with what was typed and why it was refused; nothing is looked up or
            // logged; what could be a name is not typed back (the error never repeats a value)
            boolean name = NAME_NOT_ID.equals(e.getMessage()) || REF_RULE.equals(e.getMessage());
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("title", "Subject access");
            for (String k : List.of("pupil", "staff", "from", "to", "ref")) {
                String v = ctx.queryParam(k);
                boolean id = !k.equals("from") && !k.equals("to");
                typed.put(k, (name && id) || !Query.mayEcho(v) ? null : v);
            }
            typed.put("formError", e.getMessage());
            ctx.status(io.javalin.http.HttpStatus.BAD_REQUEST);
            web.page(ctx, "sar", typed);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Subject access");
        m.put("pupil", q.pupil());
        m.put("staff", q.staff());
        m.put("from", q.range().from());
        m.put("to", q.range().to());
        m.put("ref", q.ref());
        m.put("onlyUnexplained", q.unexplainedOnly());
        m.put("system", q.system());
        m.put("member", q.member());
        m.put("redact", q.redact());
        if (q.asked()) {
            Answer a = answer(q);
            m.put("asked", true);
            m.put("rows", a.rows());
            m.put("columns", pageColumns(q.pupil() != null ? PUPIL_COLUMNS : STAFF_COLUMNS));
            m.put("query", q.queryString());
            m.put("rangeLabel", q.range().label());
            m.put("subjectLabel", q.pupil() != null ? "pupil " + q.pupil() : "member of staff " + q.staff()
                    + staffName(q.staff()));
            m.put("ranBy", web.user(ctx).name());
            m.put("ranAt", Db.nowUtc());
            m.put("purged", purged(q));
            m.put("systems", a.systems());
            m.put("members", a.members());
            m.put("filtersLabel", filtersLabel(q, a));
            m.put("total", a.total());
            if (q.pupil() != null) {
                m.put("unexplained", a.rows().stream().filter(r -> AccessExplanation.UNEXPLAINED.equals(r.get("verdict"))).count());
                m.put("notAudited", a.rows().stream().filter(r -> AccessExplanation.NOT_AUDITED.equals(r.get("verdict"))).count());
                m.put("perStaff", perStaff(a.rows()));
            }
            web.accessLog().record(ctx, web.user(ctx), "sar", q.subject());
        }
        web.page(ctx, template, m);
    }

    /** The filters in words, for the summary line and the cover sheet ("" when none). */
    private static String filtersLabel(Query q, Answer a) {
        List<String> f = new ArrayList<>();
        if (q.unexplainedOnly()) {
            f.add("only accesses nothing explains");
        }
        if (q.system() != null) {
            f.add("system " + q.system());
        }
        if (q.member() != null) {
            f.add("member of staff " + a.memberLabel());
        }
        return String.join("; ", f);
    }

    /**
     * Who opened the pupil's records: per member of staff (or account nobody owns), how many
     * accesses, how many nothing explains, how many no audit has looked at yet, and when.
     */
    static List<Map<String, Object>> perStaff(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> by = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            String key = r.get("staff_id") != null ? String.valueOf(r.get("staff_id")) : "account " + r.get("account");
            Map<String, Object> s = by.computeIfAbsent(key, k -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("staff_id", r.get("staff_id") != null ? r.get("staff_id") : r.get("account"));
                n.put("staff_name", r.get("staff_name"));
                n.put("role", r.get("role"));
                n.put("accesses", 0L);
                n.put("unexplained", 0L);
                n.put("not_audited", 0L);
                n.put("first", r.get("when"));
                n.put("systems", new java.util.TreeSet<String>());
                return n;
            });
            s.merge("accesses", 1L, (x, y) -> (Long) x + (Long) y);
            if (AccessExplanation.UNEXPLAINED.equals(r.get("verdict"))) {
                s.merge("unexplained", 1L, (x, y) -> (Long) x + (Long) y);
            }
            if (AccessExplanation.NOT_AUDITED.equals(r.get("verdict"))) {
                s.merge("not_audited", 1L, (x, y) -> (Long) x + (Long) y);
            }
            s.put("last", r.get("when"));
            if (r.get("system") != null) {
                @SuppressWarnings("unchecked")
                java.util.Set<String> systems = (java.util.Set<String>) s.get("systems");
                systems.add(String.valueOf(r.get("system")));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(by.values());
        out.forEach(s -> s.put("systems", String.join(", ", ((java.util.Set<?>) s.get("systems")).stream()
                .map(String::valueOf).toList())));
        out.sort(java.util.Comparator.comparing((Map<String, Object> s) -> -(Long) s.get("unexplained"))
                .thenComparing(s -> -(Long) s.get("accesses")).thenComparing(s -> String.valueOf(s.get("staff_id"))));
        return out;
    }

    /**
     * Pupils whose name matches what the DPO typed (every word, in any case, in the forename or
     * surname), offered by id, year and form. Sent by POST, so the name is in no address, history
     * or log; the access log keeps only the ids offered.
     */
    private void find(Context ctx) {
        web.require(ctx, web.user(ctx).role().canSubjectAccess());
        String typed = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Subject access");
        if (typed.length() < 2 || typed.length() > 80) {
            m.put("formError", "Type at least two letters of the pupil's forename or surname (up to 80 characters).");
            ctx.status(io.javalin.http.HttpStatus.BAD_REQUEST);
            web.page(ctx, "sar", m);
            return;
        }
        List<String> words = List.of(typed.toLowerCase(java.util.Locale.ROOT).split("[\\s,]+"));
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        for (String w : words) {
            where.append(" AND (strip_accents(lower(coalesce(forename, ''))) LIKE ? ESCAPE '\\' OR strip_accents(lower(surname)) LIKE ? ESCAPE '\\')");
            String like = "%" + java.text.Normalizer.normalize(w, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
        }
        List<Map<String, Object>> found = web.db().rows("SELECT pupil_id, year_group, form FROM pupils WHERE " + where
                + " ORDER BY pupil_id LIMIT 50", params.toArray());
        m.put("found", found);
        m.put("searched", true);
        web.accessLog().record(ctx, web.user(ctx), "sar-find", found.isEmpty() ? "no match"
                : "offered " + String.join(", ", found.stream().map(r -> String.valueOf(r.get("pupil_id"))).toList()));
        web.page(ctx, "sar", m);
    }

    private void csv(Context ctx) throws IOException {
        web.require(ctx, web.user(ctx).role().canSubjectAccess());
        Query q = resolve(Query.of(ctx));
        if (!q.asked()) {
            throw new IllegalArgumentException("say which pupil or member of staff (pupil=... or staff=...)");
        }
        List<Column> columns = q.pupil() != null ? PUPIL_COLUMNS : STAFF_COLUMNS;
        List<Map<String, Object>> rows = answer(q).rows();
        web.accessLog().record(ctx, web.user(ctx), "sar", q.subject());
        String name = "subject-access-" + (q.ref() == null ? "" : q.ref() + "-")
                + (q.redact() ? "pupil-redacted" : q.subject().replace(':', '-'));
        name = name.replaceAll("[^A-Za-z0-9_-]", "_") + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(toCsv(columns, rows));
    }

    /** The rows as CSV with a header line; text that a spreadsheet would run as a formula is prefixed with '. */
    static String toCsv(List<Column> columns, List<Map<String, Object>> rows) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(c -> schema.addColumn(c.header()));
        StringWriter out = new StringWriter();
        try (SequenceWriter w = CSV.writer(schema.build()).writeValues(out)) {
            for (Map<String, Object> r : rows) {
                List<String> line = new ArrayList<>();
                for (Column c : columns) {
                    line.add(cell(r.get(c.key())));
                }
                w.write(line);
            }
        }
        return out.toString();
    }

    static String cell(Object v) {
        String s = v == null ? "" : String.valueOf(v);
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    /**
     * What a retention purge deleted from the range looked up, so an empty or short answer says
     * why: per event table, the latest purge that deleted rows from before a date inside the range.
     */
    private List<String> purged(Query q) {
        List<String> tables = q.pupil() != null ? List.of("record_access")
                : List.of("record_access", "logon_events", "signins");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : web.db().rows("SELECT table_name, max(cutoff) AS cutoff, max(purged_at) AS "
                + "purged_at, arg_max(policy, purged_at) AS policy FROM purge_log WHERE rows_deleted > 0 AND "
                + "table_name IN (" + String.join(", ", tables.stream().map(t -> "?").toList()) + ") AND cutoff > ? "
                + "GROUP BY table_name ORDER BY table_name", params(tables, q.range().start(web.zone())))) {
            out.add(LABELS.getOrDefault((String) r.get("table_name"), (String) r.get("table_name")) + " from before "
                    + local((java.time.LocalDateTime) r.get("cutoff")) + " were deleted on "
                    + local((java.time.LocalDateTime) r.get("purged_at")) + " under the school's retention policy ("
                    + r.get("policy") + "), so this look-up cannot show them");
        }
        return out;
    }

    private static final Map<String, String> LABELS = Map.of("record_access", "Record accesses",
            "logon_events", "Logons", "signins", "Sign-ins");

    private static Object[] params(List<String> tables, Object last) {
        List<Object> p = new ArrayList<>(tables);
        p.add(last);
        return p.toArray();
    }

    private java.time.LocalDate local(java.time.LocalDateTime utc) {
        return utc.atZone(java.time.ZoneOffset.UTC).withZoneSameInstant(web.zone()).toLocalDate();
    }

    private String staffName(String staffId) {
        Object n = web.db().scalar("SELECT display_name FROM staff WHERE staff_id = ?", staffId);
        return n == null ? "" : " (" + n + ")";
    }

    /** The rows shown (after the filters), the systems and staff the whole look-up holds, and its size. */
    record Answer(List<Map<String, Object>> rows, List<String> systems, List<Map<String, Object>> members, long total,
                  String memberLabel) {
    }

    /**
     * The look-up: every row of the subject and range, each time as ISO-8601 UTC and school-local
     * for the CSV and as the school reads it for the page; staff redacted (labelled over the whole
     * look-up, so a label is the same person whatever the filters); then the filters.
     */
    Answer answer(Query q) {
        List<Map<String, Object>> rows = q.pupil() != null ? byPupil(q.pupil(), q.range()) : byStaff(q.staff(), q.range());
        SchoolTime time = new SchoolTime(web.zone());
        for (Map<String, Object> r : rows) {
            Object ts = r.get("ts");
            r.put("when", time.formatSeconds(ts));
            r.put("ts_local", time.iso(ts));
            r.put("ts", SchoolTime.isoUtc(ts));
        }
        if (q.redact()) {
            StaffLabels.redact(rows);
        }
        List<String> systems = rows.stream().map(r -> r.get("system")).filter(x -> x != null).map(String::valueOf)
                .distinct().sorted().toList();
        Map<String, Map<String, Object>> members = new java.util.TreeMap<>();
        for (Map<String, Object> r : rows) {
            if (r.get("staff_key") != null) {
                members.putIfAbsent(String.valueOf(r.get("staff_key")), Map.of("id", r.get("staff_key"), "label",
                        r.get("staff_name") == null ? r.get("staff_key") : r.get("staff_name")));
            }
        }
        Map<String, Object> chosen = q.member() == null ? null : members.get(q.member());
        String memberLabel = chosen == null ? String.valueOf(q.member()) : String.valueOf(chosen.get("label"));
        List<Map<String, Object>> shown = rows.stream()
                .filter(r -> !q.unexplainedOnly() || AccessExplanation.UNEXPLAINED.equals(r.get("verdict")))
                .filter(r -> q.system() == null || q.system().equalsIgnoreCase(String.valueOf(r.get("system"))))
                .filter(r -> q.member() == null || q.member().equals(r.get("staff_key")))
                .toList();
        return new Answer(shown, systems, List.copyOf(members.values()), rows.size(), memberLabel);
    }

    /** The rows of a look-up as the page and the CSV show them. */
    List<Map<String, Object>> results(Query q) {
        return answer(q).rows();
    }

    /** Every access to the pupil's records: rows naming the pupil, and opens of incidents about the pupil. */
    private List<Map<String, Object>> byPupil(String pupil, Range range) {
        List<Map<String, Object>> rows = web.db().rows("SELECT r.ts, r.staff_id, s.display_name AS staff_name, r.account, "
                + "r.source AS system, r.action, r.area, r.incident_id, r.explained_by, r.conflict, r.verdict, r.event_id, "
                + "r.staff_id AS staff_key, array_to_string(s.roles, ',') AS roles "
                + "FROM " + AccessExplanation.judgedAccesses() + " r LEFT JOIN staff s ON s.staff_id = r.staff_id "
                + "WHERE (r.record_pupil_id = ? OR r.incident_id IN (SELECT incident_id FROM incidents WHERE pupil_id = ?)) "
                + "AND r.ts >= ? AND r.ts < ? ORDER BY r.ts, r.event_id",
                pupil, pupil, range.start(web.zone()), range.end(web.zone()));
        rows.forEach(r -> {
            r.put("role", StaffLabels.role((String) r.remove("roles")));
            explain(r);
        });
        return rows;
    }

    /** Everything recorded about one member of staff's activity: record accesses, logons and sign-ins. */
    private List<Map<String, Object>> byStaff(String staff, Range range) {
        var from = range.start(web.zone());
        var to = range.end(web.zone());
        List<Map<String, Object>> rows = web.db().rows("SELECT * FROM ("
                + "SELECT r.ts, 'record access' AS what, r.source AS system, r.account, r.action, r.area, r.pupil_id, "
                + "r.incident_id, coalesce(r.workstation, r.ip) AS place, r.explained_by, r.conflict, r.verdict, r.event_id "
                + "FROM " + AccessExplanation.judgedAccesses() + " r "
                + "WHERE r.staff_id = ? AND r.ts >= ? AND r.ts < ? "
                + "UNION ALL SELECT ts, 'logon', source, account, kind, NULL, NULL, NULL, coalesce(workstation, ip), "
                + "NULL, NULL, NULL, event_id FROM logon_events WHERE staff_id = ? AND ts >= ? AND ts < ? "
                + "UNION ALL SELECT ts, 'sign-in', source, account, CASE WHEN success THEN 'success' ELSE "
                + "'failure ' || coalesce(error_code, '') END || coalesce(' (' || auth_requirement || ')', ''), app, "
                + "NULL, NULL, concat_ws(' ', ip, city, country), NULL, NULL, NULL, event_id FROM signins "
                + "WHERE staff_id = ? AND ts >= ? AND ts < ?) ORDER BY ts, event_id",
                staff, from, to, staff, from, to, staff, from, to);
        rows.forEach(r -> {
            if ("record access".equals(r.get("what"))) {
                explain(r);
            } else {
                r.put("explanation", "");
            }
        });
        return rows;
    }

    /** What explained the access, in the words every view uses (AccessExplanation). */
    private static void explain(Map<String, Object> r) {
        Object by = r.get("explained_by");
        String verdict = (String) r.get("verdict");
        if (AccessExplanation.EXPLAINED.equals(verdict) && by != null) {
            r.put("explanation", by + " (" + AccessExplanation.words(verdict, String.valueOf(by)) + ")");
        } else {
            r.put("explanation", AccessExplanation.words(verdict, null));
        }
    }
}
