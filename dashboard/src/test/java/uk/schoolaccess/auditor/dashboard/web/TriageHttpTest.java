package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import okhttp3.Request;
import okhttp3.Response;
import uk.schoolaccess.auditor.dashboard.triage.Exceptions;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;

/**
 * Case-style triage over HTTP on the shared generated school (issue 17 item 4): assignee,
 * statuses with reason codes and their history; bulk actions with the form token; paging that
 * keeps the filters; the person filter in any case and by login; new since the last visit; the
 * findings export as CSV and XLSX honouring the filters; exceptions (preview, save, shown on the
 * finding, hidden from the list and listed with a filter, ended early, the DPO's alone); the head
 * reading summaries without pupil ids; links from a finding to the person's other findings and
 * from the staff directory. Findings changed here are put back afterwards, as other tests share
 * the school.
 */
class TriageHttpTest {

    static TestSchool school;
    static List<String> picked;     // open findings no other test relies on (not the first or last of a kind)
    static String dslFinding;       // one of them the DSL may see

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
        picked = school.rows("SELECT finding_id FROM findings WHERE status = 'open' AND staff_id IS NOT NULL "
                + "AND finding_id NOT IN (SELECT min(finding_id) FROM findings GROUP BY detector UNION "
                + "SELECT max(finding_id) FROM findings GROUP BY detector) ORDER BY finding_id LIMIT 3")
                .stream().map(r -> (String) r.get("finding_id")).toList();
        assertEquals(3, picked.size(), "the generated school has few findings");
        dslFinding = (String) school.one("SELECT min(finding_id) FROM findings WHERE status = 'open' AND "
                + "detector IN ('out_of_role_access', 'bulk_export') AND finding_id NOT IN (SELECT min(finding_id) "
                + "FROM findings GROUP BY detector UNION SELECT max(finding_id) FROM findings GROUP BY detector)");
    }

    @AfterAll
    static void putBack() {
        List<String> ids = new ArrayList<>(picked);
        ids.add(dslFinding);
        for (String id : ids) {
            school.db.update("UPDATE findings SET status = 'open', disposition = NULL, note = NULL, reviewed_by = NULL, "
                    + "reviewed_at = NULL, assignee = NULL WHERE finding_id = ?", id);
            school.db.update("DELETE FROM finding_history WHERE finding_id = ?", id);
            school.db.update("DELETE FROM finding_decisions WHERE finding_id = ?", id);
        }
        school.db.update("DELETE FROM finding_exceptions");
    }

    private static WebServer server() {
        return school.server(Clock.systemUTC());
    }

    static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    @Test
    void a_finding_is_assigned_investigated_closed_with_a_reason_and_its_history_says_who_and_when() {
        Http.test(server(), http -> {
            String dsl = http.signIn("dsl");
            String csrf = http.csrf(dsl);
            Http.Reply a = http.post("/findings/" + dslFinding + "/assign", Map.of("assignee", "dsl", "csrf", csrf), dsl);
            assertEquals(302, a.code(), a.toString());
            Http.Reply bad = http.post("/findings/" + dslFinding + "/assign", Map.of("assignee", "head", "csrf", csrf), dsl);
            assertEquals(400, bad.code(), "the head may not triage, so cannot be assigned: " + bad);
            assertEquals(302, http.post("/findings/" + dslFinding + "/decision", Map.of("status", "under_investigation",
                    "note", "asked the head of year", "csrf", csrf), dsl).code());
            // dismissing needs a reason code that explains it
            Http.Reply noReason = http.post("/findings/" + dslFinding + "/decision", Map.of("status", "dismissed",
                    "note", "fine", "csrf", csrf), dsl);
            assertEquals(400, noReason.code(), noReason.toString());
            assertTrue(noReason.body().contains("Dismissing needs a reason"), noReason.body());
            assertTrue(noReason.body().contains(">fine</textarea>"), "the note as typed comes back");
            assertEquals(302, http.post("/findings/" + dslFinding + "/decision", Map.of("status",
                    "dismissed:wrong_rule", "note", "the cover timetable was missing", "csrf", csrf), dsl).code());
            assertEquals("dismissed", school.one("SELECT status FROM findings WHERE finding_id = ?", dslFinding));
            assertEquals("wrong_rule", school.one("SELECT disposition FROM findings WHERE finding_id = ?", dslFinding));
            assertEquals("dsl", school.one("SELECT assignee FROM findings WHERE finding_id = ?", dslFinding));

            String page = http.get("/findings/" + dslFinding, dsl).body();
            assertTrue(page.contains("dismissed (Wrong rule"), page);
            String history = page.substring(page.indexOf("id=\"history\""));
            history = history.substring(0, history.indexOf("</ul>"));
            assertTrue(history.contains("dsl: assigned to dsl"), history);
            assertTrue(history.contains("dsl: under investigation. asked the head of year"), history);
            assertTrue(history.contains("dsl: dismissed (Wrong rule"), history);
            assertFalse(history.contains("UTC"), "history times in school time: " + history);
            assertTrue(history.matches("(?s).*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}.*"), history);

            // the list says who has it and its status in words; filtered by assignee
            String mine = http.get("/findings?assignee=me&status=dismissed", dsl).body();
            assertTrue(mine.contains("/findings/" + dslFinding + "\""), mine);
            assertTrue(mine.contains("dismissed <span class=\"muted\">(Wrong rule"), mine);
            // the head reads but cannot triage
            String head = http.signIn("head");
            assertEquals(403, http.post("/findings/" + dslFinding + "/assign", Map.of("assignee", "dpo", "csrf",
                    http.csrf(head)), head).code());
        });
    }

    @Test
    void bulk_actions_need_the_form_token_and_come_back_to_the_list_as_it_was() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String back = "/findings?severity=&sort=oldest&page=1";
            // two ids: a form body may repeat a field
            String body = "id=" + picked.get(0) + "&id=" + picked.get(1) + "&action=assign&assignee=dsl&back="
                    + java.net.URLEncoder.encode(back, StandardCharsets.UTF_8);
            assertEquals(403, raw(http, "/findings/bulk", body, dpo).code(), "no form token");
            Http.Reply ok = raw(http, "/findings/bulk", body + "&csrf=" + http.csrf(dpo), dpo);
            assertEquals(302, ok.code(), ok.toString());
            assertEquals(back, ok.header("Location"));
            for (String id : picked.subList(0, 2)) {
                assertEquals("dsl", school.one("SELECT assignee FROM findings WHERE finding_id = ?", id));
            }
            String setStatus = "id=" + picked.get(0) + "&id=" + picked.get(1) + "&action=status&status=confirmed"
                    + "&disposition=breach&note=" + "both+seen+by+the+DPO" + "&csrf=" + http.csrf(dpo);
            assertEquals(302, raw(http, "/findings/bulk", setStatus, dpo).code());
            assertEquals(2L, school.one("SELECT count(*) FROM finding_history WHERE what = 'status' AND status = "
                    + "'confirmed' AND disposition = 'breach' AND finding_id IN (?, ?)", picked.get(0), picked.get(1)));
            Http.Reply refused = raw(http, "/findings/bulk", "id=" + picked.get(2) + "&action=status&status=dismissed"
                    + "&note=x&csrf=" + http.csrf(dpo), dpo);
            assertEquals(400, refused.code(), "a dismissal without a reason: " + refused);
            assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", picked.get(2)));
            String it = http.signIn("it");
            assertEquals(403, raw(http, "/findings/bulk", "id=" + picked.get(2) + "&action=assign&assignee=dpo&csrf="
                    + http.csrf(it), it).code(), "IT may not triage");
        });
    }

    @Test
    void paging_keeps_the_filters_and_the_person_filter_finds_any_case_and_a_login() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            long all = ((Number) school.one("SELECT count(*) FROM findings")).longValue();
            String first = http.get("/findings?sort=oldest&per=5", dpo).body();
            assertTrue(first.contains("page 1 of " + ((all + 4) / 5)), first.substring(0, Math.min(3000, first.length())));
            Matcher next = Pattern.compile("href=\"(/findings\\?[^\"]*page=2)\" id=\"next-page\"").matcher(first);
            assertTrue(next.find(), "a next link");
            String link = next.group(1).replace("&amp;", "&");
            assertTrue(link.contains("sort=oldest") && link.contains("per=5"), link);
            String second = http.get(link, dpo).body();
            assertEquals(5, count(second, "class=\"pick\""));
            assertTrue(second.contains("id=\"prev-page\""));
            for (String id : ids(first)) {
                assertFalse(ids(second).contains(id), "page 2 repeats " + id);
            }

            Map<String, Object> someone = school.rows("SELECT f.staff_id, a.account FROM findings f JOIN staff_accounts a "
                    + "USING (staff_id) WHERE f.staff_id IS NOT NULL ORDER BY f.finding_id LIMIT 1").get(0);
            String staff = (String) someone.get("staff_id");
            long theirs = ((Number) school.one("SELECT count(*) FROM findings WHERE staff_id = ?", staff)).longValue();
            for (String asked : List.of(staff.toLowerCase(), staff.toUpperCase(), ((String) someone.get("account")).toUpperCase())) {
                String page = http.get("/findings?person=" + java.net.URLEncoder.encode(asked, StandardCharsets.UTF_8)
                        + "&per=500", dpo).body();
                assertEquals(theirs, count(page, "class=\"pick\""), asked);
            }
            // the staff directory links to each person's findings, and the finding to all of theirs
            String people = http.get("/people", dpo).body();
            assertTrue(people.contains("/findings?person=" + staff + "&amp;status=\""), "people links to findings");
        });
    }

    @Test
    void new_since_the_last_visit_is_per_user() {
        Http.test(server(), http -> {
            String head = http.signIn("head");
            // everything was found yesterday but one finding, found an hour ago; head last looked two hours ago
            school.db.update("UPDATE findings SET found_at = now()::TIMESTAMP - INTERVAL 1 DAY");
            school.db.update("UPDATE findings SET found_at = now()::TIMESTAMP - INTERVAL 1 HOUR WHERE finding_id = ?",
                    picked.get(2));
            school.db.update("DELETE FROM dashboard_visits WHERE username = 'head'");
            school.db.update("INSERT INTO dashboard_visits VALUES ('head', NULL, now()::TIMESTAMP - INTERVAL 2 HOUR)");
            String page = http.get("/findings?new=1", head).body();
            assertTrue(page.contains("1 new since your last visit"), page.substring(0, Math.min(4000, page.length())));
            assertEquals(List.of(picked.get(2)), ids(page));
            assertTrue(page.contains("class=\"badge new-badge\""));
            // the same visit goes on: still new; the DPO's visits are their own
            assertTrue(http.get("/findings?new=1", head).body().contains("1 new since your last visit"));
            String dpo = http.signIn("dpo");
            school.db.update("DELETE FROM dashboard_visits WHERE username = 'dpo'");
            assertTrue(http.get("/findings", dpo).body().contains("This is your first visit"));
            // the head reads summaries, with pupil and incident ids taken out, never a placeholder
            String list = http.get("/findings?per=500", head).body();
            assertFalse(list.contains("open the finding for details"));
            assertTrue(count(list, "class=\"open-finding\"") > 0, "summaries shown to the head");
            assertFalse(list.matches("(?s).*\\bP\\d{5}\\b.*"), "no pupil id in the head's list");
        });
    }

    @Test
    void the_export_honours_the_filters_in_csv_and_xlsx_with_utc_and_school_times() throws Exception {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String detector = "out_of_role_access";
            long n = ((Number) school.one("SELECT count(*) FROM findings WHERE detector = ?", detector)).longValue();
            Http.Reply csv = http.get("/findings.csv?detector=" + detector, dpo);
            assertEquals(200, csv.code());
            assertTrue(csv.header("Content-Type").startsWith("text/csv"));
            List<String> lines = csv.body().lines().toList();
            assertTrue(lines.get(0).startsWith("finding_id,finding,kind,promise,staff_id,name,roles,login,severity,score,"
                    + "status,reason,assignee,first_seen_utc,first_seen_local"), lines.get(0));
            assertEquals(n + 1, lines.size(), "one line per finding of the kind, and the header");
            assertTrue(lines.get(1).matches(".*,\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z,\"?\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0[01]:00\"?,.*"),
                    lines.get(1));
            Request req = new Request.Builder().url(http.origin() + "/findings.xlsx?detector=" + detector)
                    .header("Cookie", Sessions.COOKIE + "=" + dpo).build();
            byte[] xlsx;
            try (Response r = Http.NO_REDIRECTS.newCall(req).execute()) {
                assertEquals(200, r.code());
                assertTrue(r.header("Content-Type").startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml"));
                xlsx = r.body().bytes();
            }
            String sheet = null;
            String strings = "";
            // read as a spreadsheet program does, through the zip's central directory
            java.nio.file.Path file = java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "findings", ".xlsx");
            java.nio.file.Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                sheet = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(),
                        StandardCharsets.UTF_8);
                ZipEntry shared = zip.getEntry("xl/sharedStrings.xml");
                if (shared != null) {
                    strings = new String(zip.getInputStream(shared).readAllBytes(), StandardCharsets.UTF_8);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            assertNotNull(sheet, "a worksheet");
            assertEquals(n + 1, count(sheet, "<row "), "rows in the sheet");
            String some = (String) school.one("SELECT min(finding_id) FROM findings WHERE detector = ?", detector);
            assertTrue((sheet + strings).contains(some), "the finding's id is in the workbook");
            assertTrue((sheet + strings).contains("first_seen_local"));
            // the head's export has no pupil id either
            String head = http.signIn("head");
            assertFalse(http.get("/findings.csv", head).body().matches("(?s).*\\bP\\d{5}\\b.*"));
        });
    }

    @Test
    void an_exception_is_previewed_saved_shown_on_the_finding_listed_with_a_filter_and_ended_early() {
        try {
            exception();
        } finally {
            school.db.update("DELETE FROM finding_exceptions"); // other tests count what the list shows
        }
    }

    private void exception() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String id = picked.get(2);
            school.db.update("UPDATE findings SET status = 'open' WHERE finding_id = ?", id);
            Map<String, Object> f = school.rows("SELECT staff_id, detector, first_seen FROM findings WHERE finding_id = ?", id).get(0);
            int weekday = ((java.time.LocalDateTime) f.get("first_seen")).atZone(java.time.ZoneOffset.UTC)
                    .withZoneSameInstant(school.zone).getDayOfWeek().getValue();
            String preview = http.get("/findings/" + id + "/exception?weekday=" + weekday, dpo).body();
            assertTrue(preview.contains("only " + Exceptions.weekdayName(weekday) + "s"), preview);
            String would = preview.substring(preview.indexOf("id=\"would\""));
            assertTrue(would.contains("/findings/" + id + "\""), "the preview lists the finding it is made from");
            // the DSL may triage but not make exceptions
            String dsl = http.signIn("dsl");
            assertEquals(403, http.get("/findings/" + id + "/exception", dsl).code());
            Map<String, String> form = Map.of("weekday", String.valueOf(weekday), "expires", java.time.LocalDate.now(school.zone).plusMonths(3).toString(), "reason",
                    "", "csrf", http.csrf(dpo));
            Http.Reply noReason = http.post("/findings/" + id + "/exception", form, dpo);
            assertEquals(400, noReason.code(), "an exception says why");
            Http.Reply saved = http.post("/findings/" + id + "/exception", with(form, "reason",
                    "the office's Friday attendance export is routine"), dpo);
            assertEquals(302, saved.code(), saved.toString());
            long x = ((Number) school.one("SELECT max(exception_id) FROM finding_exceptions")).longValue();
            assertEquals("/exceptions#exception-" + x, saved.header("Location"));

            String page = http.get("/findings/" + id, dpo).body();
            assertTrue(page.contains("suppressed by <a href=\"/exceptions#exception-" + x + "\">exception " + x + "</a>"), page);
            assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", id), "not changed");
            assertFalse(ids(http.get("/findings?per=500", dpo).body()).contains(id), "hidden from the list");
            String only = http.get("/findings?suppressed=only&per=500", dpo).body();
            assertTrue(ids(only).contains(id), "listed with the filter");
            assertTrue(only.contains("suppressed by exception " + x));
            assertTrue(http.get("/exceptions", dpo).body().contains("the office&#39;s Friday attendance export is routine")
                    || http.get("/exceptions", dpo).body().contains("the office's Friday attendance export is routine"));

            assertEquals(403, http.post("/exceptions/" + x + "/end", Map.of("csrf", http.csrf(dsl)), dsl).code());
            assertEquals(302, http.post("/exceptions/" + x + "/end", Map.of("csrf", http.csrf(dpo)), dpo).code());
            assertNotNull(school.db.scalar("SELECT ended_at FROM finding_exceptions WHERE exception_id = ?", x));
            assertTrue(http.get("/exceptions", dpo).body().contains("ended early by dpo"));
            String history = http.get("/findings/" + id, dpo).body();
            assertTrue(history.contains("made exception " + x) && history.contains("ended exception " + x + " early"));
        });
    }

    @Test
    void a_curiosity_cluster_finding_links_its_incident_and_the_other_staff_who_opened_it() {
        Object cluster = school.db.scalar("SELECT min(finding_id) FROM findings WHERE detector = 'out_of_role_access' "
                + "AND json_array_length(json_extract(evidence, '$.facts.curiosity_cluster')) > 0");
        assertNotNull(cluster, "the generated school plants a curiosity cluster");
        String id = (String) cluster;
        String incident = (String) school.one("SELECT json_extract_string(evidence, '$.facts.curiosity_cluster[0]') "
                + "FROM findings WHERE finding_id = ?", id);
        Http.test(server(), http -> {
            String dsl = http.signIn("dsl");
            String page = http.get("/findings/" + id, dsl).body();
            assertTrue(page.contains("href=\"/dsl/incidents/" + incident + "\""), "links the incident page");
            String others = page.substring(page.indexOf("id=\"cluster-others\""));
            others = others.substring(0, others.indexOf("</ul>"));
            Matcher m = Pattern.compile("href=\"/findings/([^\"]+)\"").matcher(others);
            assertTrue(m.find(), "another member of staff's finding: " + others);
            assertFalse(m.group(1).equals(id));
            assertTrue(others.contains("href=\"/people/"), others);
            // their staff id and roles tell two people of the same name apart
            assertTrue(others.matches("(?s).*<span class=\"muted\">[^<]+, [^<]+</span>.*"), others);
            String head = http.get("/findings/" + id, http.signIn("head")).body();
            assertFalse(head.contains("cluster-others"), "the head sees no incident ids");
        });
    }

    @Test
    void the_weekly_digest_leaves_out_what_an_exception_covers_and_says_each_status_in_words() throws Exception {
        List<Map<String, Object>> high = school.rows("SELECT finding_id, staff_id, detector FROM findings WHERE "
                + "severity = 'high' AND status = 'open' AND staff_id IS NOT NULL AND first_seen >= TIMESTAMP '2026-09-21' "
                + "AND first_seen < TIMESTAMP '2026-09-28' ORDER BY finding_id LIMIT 2");
        assertEquals(2, high.size(), "two high-severity findings in the week of 21 September");
        String covered = (String) high.get(0).get("finding_id");
        String investigated = (String) high.get(1).get("finding_id");
        java.time.LocalDateTime now = Db.nowUtc();
        try {
            uk.schoolaccess.auditor.dashboard.triage.Triage.setStatus(school.db, investigated, "under_investigation",
                    null, "asked the office", "dsl", now);
            Exceptions.save(school.db, new Exceptions.One(0, (String) high.get(0).get("staff_id"),
                    (String) high.get(0).get("detector"), null, null, null, covered, "routine (test)", "dpo", now,
                    java.time.LocalDate.now().plusMonths(1), null, null));
            var weekly = new uk.schoolaccess.auditor.dashboard.digest.DigestBuilder(school.db, school.settings,
                    uk.schoolaccess.auditor.dashboard.digest.DigestSettings.from(
                            uk.schoolaccess.auditor.ingest.config.ConfigFile.defaults()), school.zone)
                    .weekly(java.time.LocalDate.parse("2026-09-21"), List.of("dpo@school.example"));
            assertFalse(weekly.findingIds().contains(covered), "an exception's finding is not news");
            assertTrue(weekly.findingIds().contains(investigated), "a finding under investigation still is");
            assertTrue(weekly.text().contains("covered by the DPO's exceptions"), weekly.text());
            assertTrue(weekly.text().contains("status under investigation"), weekly.text());
            assertFalse(weekly.text().contains("under_investigation"), weekly.text());
        } finally {
            school.db.update("DELETE FROM finding_exceptions");
            school.db.update("DELETE FROM finding_history WHERE finding_id IN (?, ?)", covered, investigated);
            school.db.update("DELETE FROM finding_decisions WHERE finding_id IN (?, ?)", covered, investigated);
            school.db.update("UPDATE findings SET status = 'open', disposition = NULL, note = NULL, reviewed_by = NULL, "
                    + "reviewed_at = NULL WHERE finding_id = ?", investigated);
        }
    }

    private static Http.Reply raw(Http http, String path, String formBody, String session) throws java.io.IOException {
        Request r = new Request.Builder().url(http.origin() + path).header("Cookie", Sessions.COOKIE + "=" + session)
                .post(okhttp3.RequestBody.create(formBody, okhttp3.MediaType.get("application/x-www-form-urlencoded")))
                .build();
        try (Response res = Http.NO_REDIRECTS.newCall(r).execute()) {
            return new Http.Reply(res.code(), res.headers().toMultimap(), res.body() == null ? "" : res.body().string());
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The finding ids a list page shows, in order. */
    static List<String> ids(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"/findings/([^\"/]+)\" class=\"finding-title\"").matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
