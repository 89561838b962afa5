package uk.schoolaccess.auditor.dashboard.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Browser;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Page;

/**
 * A subject access answer the DPO can send (issue 17, item 3), over HTTP on the route tests' small
 * school, one server for the class: the filters (nothing explains it, one system, one member of
 * staff) on the page, the printout and the CSV alike; the per-staff summary; staff redacted as role
 * and letter, the same on the page and in the CSV; the cover sheet; the search by name that offers
 * ids without logging the name. The id checks are RoutePagesTest's.
 */
class SubjectAccessAnswerTest {

    @TempDir
    static Path dir;
    static RoutePagesSchool school;
    static Javalin app;
    static Browser dpo;

    /** Every staff name of the school: none may appear in a redacted answer. */
    static final List<String> STAFF_NAMES = List.of("Alice Archer", "Bob Baker", "Carol Carter", "Dan Dyer",
            "Eve Evans", "Fay Fisher", "ddyer", "aarcher");

    @BeforeAll
    static void serve() throws Exception {
        school = new RoutePagesSchool(dir);
        app = school.app().start("127.0.0.1", 0);
        dpo = new Browser(new HttpClient(app, new OkHttpClient()), "dpo1");
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static List<String> events(Page page) {
        return page.table("sar-results").stream().map(r -> r.get(r.size() - 1)).toList();
    }

    private static List<String> csvEvents(String query) throws Exception {
        Page csv = dpo.get("/sar.csv?" + query);
        assertEquals(200, csv.status(), csv.body());
        return OneMeaningOfUnexplainedTest.csv(csv.body()).stream().map(r -> r.get("event_id")).toList();
    }

    @Test
    void each_filter_narrows_the_page_the_printout_and_the_csv_alike() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "pupil=P00012", List.of("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E9"),
                "pupil=P00012&only=unexplained", List.of("E2", "E4", "E5", "E6"),
                "pupil=P00012&system=sims", List.of("E1", "E2", "E9"),
                "pupil=P00012&member=s0004", List.of("E2", "E4", "E9"),
                "pupil=P00012&only=unexplained&system=cpoms", List.of("E4", "E5", "E6"),
                "staff=S0004&only=unexplained", List.of("E2", "E4"),
                "staff=S0004&system=entra", List.of("SI1", "SI2"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            Page page = dpo.get("/sar?" + e.getKey());
            assertEquals(200, page.status(), e.getKey() + ": " + page.body());
            assertEquals(e.getValue(), events(page), e.getKey());
            assertEquals(e.getValue(), events(dpo.get("/sar/print?" + e.getKey())), "printout of " + e.getKey());
            assertEquals(e.getValue(), csvEvents(e.getKey()), "CSV of " + e.getKey());
        }
        Page only = dpo.get("/sar?pupil=P00012&only=unexplained");
        assertTrue(only.body().contains("4 row(s) for pupil P00012, everything recorded (only accesses nothing "
                + "explains; 8 in all); 4 that nothing explains."), only.body());
        assertTrue(only.body().contains("href=\"/sar.csv?pupil=P00012&amp;only=unexplained\""), "the CSV keeps the filter");
        assertTrue(only.body().contains("id=\"sar-only-unexplained\" checked"));
        Page member = dpo.get("/sar?pupil=P00012&member=s0004");
        assertTrue(member.body().contains("<option value=\"S0004\" selected>Dan Dyer</option>"), member.body());
        assertTrue(member.body().contains("(member of staff Dan Dyer; 8 in all)"), member.body());

        for (String bad : List.of("pupil=P00012&only=everything", "pupil=P00012&system=a%20b",
                "pupil=P00012&member=S9999")) {
            assertEquals(400, dpo.get("/sar?" + bad).status(), bad);
            assertEquals(400, dpo.get("/sar.csv?" + bad).status(), bad);
        }
    }

    @Test
    void the_per_staff_summary_says_who_opened_the_records_how_often_and_how_many_nothing_explains() throws Exception {
        Page page = dpo.get("/sar?pupil=P00012");
        // Member of staff, name, role, accesses, nothing explains, not audited yet, systems, first, last
        List<List<String>> summary = page.table("sar-staff-summary");
        assertEquals(List.of("S0004", "Dan Dyer", "Teacher", "3", "2", "1", "cpoms, sims"),
                summary.get(0).subList(0, 7), summary.toString());
        assertEquals(List.of("S0005", "S0006", "S0001", "S0003"), summary.subList(1, 5).stream().map(r -> r.get(0)).toList(),
                "most unexplained first, then most accesses");
        assertEquals(List.of("Safeguarding lead", "1", "0"), summary.get(4).subList(2, 5));
        assertEquals(8, summary.stream().mapToInt(r -> Integer.parseInt(r.get(3))).sum());
        assertEquals(4, summary.stream().mapToInt(r -> Integer.parseInt(r.get(4))).sum());
    }

    @Test
    void redaction_shows_each_member_of_staff_as_role_and_letter_the_same_on_the_page_and_in_the_csv()
            throws Exception {
        Page page = dpo.get("/sar?pupil=P00012&redact=1");
        assertEquals(200, page.status(), page.body());
        List<List<String>> rows = page.table("sar-results");
        List<String> staff = rows.stream().map(r -> r.get(1)).toList();
        assertEquals(List.of("Teacher A", "Teacher B", "Safeguarding lead A", "Teacher B", "Teacher C", "Teacher D",
                "Teacher A", "Teacher B"), staff, "in order of first access, one label per person");
        assertEquals(staff, rows.stream().map(r -> r.get(2)).toList(), "the name column says the same");
        rows.forEach(r -> assertEquals("", r.get(3), "no login"));
        String tables = page.body().substring(page.body().indexOf("id=\"sar-summary\""));
        for (String name : STAFF_NAMES) {
            assertFalse(tables.contains(name), name + " in the redacted answer");
        }
        assertFalse(tables.matches("(?s).*\\bS000\\d\\b.*"), "no staff id in the redacted answer");
        assertEquals(List.of("Teacher B", "Teacher C", "Teacher D", "Teacher A", "Safeguarding lead A"),
                page.table("sar-staff-summary").stream().map(r -> r.get(0)).toList());

        Page csv = dpo.get("/sar.csv?pupil=P00012&redact=1");
        for (String name : STAFF_NAMES) {
            assertFalse(csv.body().contains(name), name + " in the redacted CSV");
        }
        assertFalse(csv.body().matches("(?s).*\\bS000\\d\\b.*"), "no staff id in the redacted CSV");
        assertEquals(staff, OneMeaningOfUnexplainedTest.csv(csv.body()).stream().map(r -> r.get("staff_id")).toList());
        assertTrue(csv.disposition().contains("pupil-redacted"), csv.disposition());

        // A filter keeps each person's label: it is given over the whole look-up.
        Page filtered = dpo.get("/sar?pupil=P00012&redact=1&only=unexplained");
        assertEquals(List.of("Teacher B", "Teacher B", "Teacher C", "Teacher D"),
                filtered.table("sar-results").stream().map(r -> r.get(1)).toList());
        Page print = dpo.get("/sar/print?pupil=P00012&redact=1");
        for (String name : STAFF_NAMES) {
            assertFalse(print.body().contains(name), name + " on the redacted printout");
        }
        assertTrue(print.body().contains("redacted: each member of staff is shown as their role and a letter"));
    }

    @Test
    void the_printout_has_a_cover_sheet_with_the_reference_range_pupil_and_who_produced_it_when() throws Exception {
        SchoolTime time = new SchoolTime(ZoneId.of("Europe/London"));
        String before = time.day(Db.nowUtc());
        Page print = dpo.get("/sar/print?pupil=p00012&from=2026-09-08&to=2026-09-09&ref=SAR-2026-014");
        String after = time.day(Db.nowUtc());
        assertEquals(200, print.status(), print.body());
        String cover = print.body().substring(print.body().indexOf("id=\"sar-cover\""), print.body().indexOf("</section>"));
        assertTrue(cover.contains("id=\"sar-cover-ref\">SAR-2026-014<"), cover);
        assertTrue(cover.contains("id=\"sar-cover-subject\">pupil P00012<"), cover);
        assertTrue(cover.contains("id=\"sar-cover-period\">2026-09-08 to 2026-09-09<"), cover);
        assertTrue(cover.contains("id=\"sar-cover-by\">dpo1<"), cover);
        Matcher produced = Pattern.compile("id=\"sar-cover-produced\">([^<]*)<").matcher(cover);
        assertTrue(produced.find(), cover);
        assertTrue(produced.group(1).startsWith(before) || produced.group(1).startsWith(after),
                "produced on, in school time: " + produced.group(1));
        assertTrue(print.body().contains("id=\"time-note\""), "the zone said once on the page");
        assertTrue(dpo.get("/sar?pupil=P00012&ref=SAR-2026-014").body()
                .contains("href=\"/sar/print?pupil=P00012&amp;ref=SAR-2026-014\""), "the page's print link keeps it");
        assertTrue(dpo.get("/sar.csv?pupil=P00012&ref=SAR-2026-014").disposition().contains("SAR-2026-014"));

        Page named = dpo.get("/sar?pupil=P00012&ref=Zebulah%20Quillfeather");
        assertEquals(400, named.status());
        assertTrue(named.body().contains("never a name"), named.body());
        assertFalse(named.body().contains("Zebulah"), "the name is not typed back");
    }

    @Test
    void a_search_by_name_offers_the_matching_pupils_by_id_and_logs_no_name() throws Exception {
        Page form = dpo.get("/sar");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(csrf.find(), form.body());
        long logged = count("SELECT count(*) FROM access_log");
        Page found = post("/sar/find", "name", "zebulah", "csrf", csrf.group(1));
        assertEquals(200, found.status(), found.body());
        assertEquals(List.of(List.of("P00012", "9", "9A", "look up")), found.table("sar-found"));
        assertTrue(found.body().contains("href=\"/sar?pupil=P00012\""));
        Page both = post("/sar/find", "name", "QUILLFEATHER zeb", "csrf", csrf.group(1));
        assertEquals("P00012", both.table("sar-found").get(0).get(0), "every word, in any case");
        assertTrue(post("/sar/find", "name", "Nobody Here", "csrf", csrf.group(1)).body().contains("id=\"sar-found-none\""));
        for (String name : RoutePagesSchool.PUPIL_NAMES) {
            assertFalse(found.body().contains(name) || both.body().contains(name), "the page never shows " + name);
            assertEquals(0L, count("SELECT count(*) FROM access_log WHERE lower(subject) LIKE '%' || lower(?) || '%' "
                    + "OR lower(path) LIKE '%' || lower(?) || '%'", name, name), name + " logged");
        }
        assertEquals(logged + 3, count("SELECT count(*) FROM access_log"));
        assertTrue(count("SELECT count(*) FROM access_log WHERE kind = 'sar-find' AND subject = 'offered P00012' "
                + "AND path = '/sar/find'") >= 1, "the ids offered are logged");
        assertEquals(403, post("/sar/find", "name", "zebulah").status(), "no form token, no search");
        assertEquals(400, post("/sar/find", "name", "z", "csrf", csrf.group(1)).status());
    }

    @Test
    void a_name_typed_into_a_look_up_the_role_may_not_make_is_refused_without_logging_the_name() throws Exception {
        Browser dsl = new Browser(new HttpClient(app, new OkHttpClient()), "dsl1");
        assertEquals(403, dsl.get("/sar?pupil=Zebulah%20Quillfeather&ref=Zebulah").status());
        assertEquals(403, dsl.get("/sar.csv?staff=Quillfeather&pupil=P00012").status());
        for (String name : RoutePagesSchool.PUPIL_NAMES) {
            assertEquals(0L, count("SELECT count(*) FROM access_log WHERE subject ILIKE '%' || ? || '%'", name),
                    name + " in " + school.db.rows("SELECT kind, path, subject FROM access_log WHERE subject ILIKE '%' || ? || '%'", name));
        }
        assertTrue(count("SELECT count(*) FROM access_log WHERE kind = 'refused' AND subject = "
                + "'pupil=(not an id)&ref=(not an id)'") >= 1, "refused, and logged without the name");
        assertTrue(count("SELECT count(*) FROM access_log WHERE kind = 'refused' AND subject = "
                + "'staff=(not an id)&pupil=P00012'") >= 1, "an id is still logged as asked");
    }

    private static long count(String sql, Object... params) {
        return ((Number) school.db.scalar(sql, params)).longValue();
    }

    private static Page post(String path, String... fields) throws Exception {
        FormBody.Builder form = new FormBody.Builder();
        for (int i = 0; i < fields.length; i += 2) {
            form.add(fields[i], fields[i + 1]);
        }
        try (Response r = dpo.http.newCall(new Request.Builder().url(dpo.origin + path).header("Cookie", dpo.cookie)
                .post(form.build()).build()).execute()) {
            return new Page(r.code(), r.body() == null ? "" : r.body().string(), r.header("Content-Type"),
                    r.header("Content-Disposition"));
        }
    }
}
