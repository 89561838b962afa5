package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's locks, over HTTP against a generated school: sign-in required everywhere,
 * roles enforced on the server, CSRF on every POST, security headers on every response, the
 * session cookie's flags, and the sign-in throttle. The pages of the route contract are checked
 * for their sign-in gate here; their role rules are in {@link ContractPagesHttpTest}.
 */
class DashboardSecurityTest {

    static TestSchool school;
    static String orphanFinding;   // out_of_role_access: DSL's, never IT's
    static String itFinding;       // non_mfa_session: IT's, never DSL's
    static String triageFinding;   // triaged here only
    static String staffId;
    static String incidentId;

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
        orphanFinding = school.findingOf("out_of_role_access");
        itFinding = school.findingOf("non_mfa_session");
        triageFinding = (String) school.one("SELECT max(finding_id) FROM findings WHERE detector = 'out_of_role_access'");
        staffId = (String) school.one("SELECT min(staff_id) FROM staff");
        incidentId = (String) school.one("SELECT min(incident_id) FROM incidents");
    }

    private static WebServer server() {
        return school.server(Clock.systemUTC());
    }

    @Test
    void every_page_needs_a_session_get_redirects_to_login_post_is_401() {
        Http.test(server(), http -> {
            List<String> pages = List.of("/", "/findings", "/findings/" + orphanFinding, "/people/" + staffId,
                    "/sar", "/sar?pupil=P00012", "/sar.csv?pupil=P00012", "/sar/print?pupil=P00012", "/dsl",
                    "/dsl/incidents/" + incidentId, "/access-log", "/no-such-page");
            for (String p : pages) {
                Http.Reply r = http.get(p, null);
                assertEquals(302, r.code(), p + ": " + r);
                assertEquals("/login", r.header("Location"), p);
                assertFalse(r.body().contains(orphanFinding), p);
                Http.assertLockedDown(p, r);
            }
            // a made-up session token is no session
            assertEquals("/login", http.get("/findings", "forged-token").header("Location"));
            for (String p : List.of("/findings/" + triageFinding + "/decision", "/logout")) {
                Http.Reply r = http.post(p, Map.of("status", "dismissed", "note", "not signed in", "csrf", "x"), null);
                assertEquals(401, r.code(), p + ": " + r);
            }
            assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", triageFinding));
            // the sign-in page, the stylesheet and the icon are the only public things
            assertEquals(200, http.get("/login", null).code());
            assertEquals(200, http.get("/static/app.css", null).code());
            for (String icon : List.of("/favicon.ico", "/static/favicon.svg")) {
                Http.Reply r = http.get(icon, null);
                assertEquals(200, r.code(), icon + " is served, not a 404 in every browser console: " + r);
                assertTrue(r.header("Content-Type").startsWith("image/svg+xml"), icon + ": " + r.header("Content-Type"));
                assertTrue(r.body().startsWith("<svg"), icon);
            }
            Http.assertLockedDown("/favicon.ico", http.get("/favicon.ico", null)); // the static copy is cached as app.css is
        });
    }

    @Test
    void the_sign_in_page_names_the_product_once_in_its_title() {
        Http.test(server(), http -> {
            String title = http.get("/login", null).body().replaceAll("(?s).*<title>(.*?)</title>.*", "$1");
            assertEquals(1, title.split("School Access Auditor", -1).length - 1, "the product is named once: " + title);
            assertTrue(title.startsWith("Sign in · "), title);
        });
    }

    @Test
    void security_headers_on_every_page_for_every_role() {
        Http.test(server(), http -> {
            Http.assertLockedDown("/login", http.get("/login", null));
            Http.assertLockedDown("/static/app.css", http.get("/static/app.css", null));
            for (String role : List.of("dpo", "dsl", "head", "it")) {
                String s = http.signIn(role);
                for (String p : List.of("/", "/findings", "/findings?sort=score&severity=high",
                        "/findings/" + orphanFinding, "/findings/" + itFinding, "/no-such-page")) {
                    Http.Reply r = http.get(p, s);
                    assertTrue(List.of(200, 403, 404).contains(r.code()), role + " " + p + ": " + r);
                    Http.assertLockedDown(role + " " + p, r);
                }
            }
        });
    }

    @Test
    void the_session_cookie_is_httponly_samesite_strict_and_ends_with_the_browser() {
        Http.test(server(), http -> {
            Http.Reply r = http.login("dpo", TestSchool.PASSWORD);
            assertEquals(302, r.code(), r.toString());
            String cookie = r.all("Set-Cookie").stream().filter(c -> c.startsWith("auditor_session=")).findFirst()
                    .orElseThrow();
            String lower = cookie.toLowerCase(java.util.Locale.ROOT);
            assertTrue(lower.contains("; httponly"), cookie);
            assertTrue(lower.contains("samesite=strict"), cookie);
            assertTrue(lower.contains("path=/"), cookie);
            assertFalse(lower.contains("max-age") || lower.contains("expires"), "a session cookie: " + cookie);
            Http.Reply wrong = http.login("dpo", "not the password at all");
            assertEquals(401, wrong.code());
            assertNull(Http.sessionCookie(wrong), "a wrong password starts no session");
        });
    }

    @Test
    void roles_see_only_their_findings_and_only_dpo_and_dsl_triage() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String dsl = http.signIn("dsl");
            String head = http.signIn("head");
            String it = http.signIn("it");

            assertEquals(200, http.get("/findings/" + orphanFinding, dpo).code());
            assertEquals(200, http.get("/findings/" + itFinding, dpo).code());
            assertEquals(200, http.get("/findings/" + orphanFinding, dsl).code());
            assertEquals(403, http.get("/findings/" + itFinding, dsl).code(), "DSL sees no IT finding");
            assertEquals(200, http.get("/findings/" + orphanFinding, head).code());
            assertEquals(200, http.get("/findings/" + itFinding, it).code());
            Http.Reply itOrphan = http.get("/findings/" + orphanFinding, it);
            assertEquals(403, itOrphan.code(), "IT may not open an out_of_role_access finding");
            assertFalse(itOrphan.body().contains("id=\"timeline\""), itOrphan.toString());

            // lists leave out what a role may not open
            assertFalse(http.get("/findings", it).body().contains("/findings/" + orphanFinding));
            assertFalse(http.get("/findings", dsl).body().contains("/findings/" + itFinding));
            assertTrue(http.get("/findings", head).body().contains("/findings/" + orphanFinding));

            // IT reads its findings without pupil ids
            assertFalse(http.get("/findings/" + itFinding, it).body().matches("(?s).*\\bP\\d{5}\\b.*"),
                    "IT sees no pupil id");

            // head and IT read but may not triage, even with a good form token
            for (var who : List.of(Map.entry("head", head), Map.entry("it", it))) {
                String finding = who.getKey().equals("it") ? itFinding : orphanFinding;
                Http.Reply r = http.post("/findings/" + finding + "/decision", Map.of("status", "dismissed",
                        "note", "should not be allowed", "csrf", http.csrf(who.getValue())), who.getValue());
                assertEquals(403, r.code(), who.getKey() + ": " + r);
                assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", finding));
            }
            assertEquals(0L, school.one("SELECT count(*) FROM finding_decisions WHERE decided_by IN ('head', 'it')"));
        });
    }

    @Test
    void a_post_without_the_form_token_is_refused_and_with_it_works() {
        Http.test(server(), http -> {
            String dsl = http.signIn("dsl");
            String path = "/findings/" + triageFinding + "/decision";
            Map<String, String> form = Map.of("status", "confirmed", "note", "seen the incident list");
            Http.Reply none = http.post(path, form, dsl);
            assertEquals(403, none.code(), none.toString());
            Http.Reply wrong = http.post(path, with(form, "csrf", "not-the-token"), dsl);
            assertEquals(403, wrong.code(), wrong.toString());
            String other = http.csrf(http.signIn("dpo"));
            assertEquals(403, http.post(path, with(form, "csrf", other), dsl).code(), "another session's token");
            assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", triageFinding));

            Http.Reply ok = http.post(path, with(form, "csrf", http.csrf(dsl)), dsl);
            assertEquals(302, ok.code(), ok.toString());
            assertEquals("/findings/" + triageFinding, ok.header("Location"));
            assertEquals("confirmed", school.one("SELECT status FROM findings WHERE finding_id = ?", triageFinding));
            assertEquals(1L, school.one("SELECT count(*) FROM finding_decisions WHERE finding_id = ? AND decided_by = 'dsl'",
                    triageFinding));
            assertEquals(1L, school.one("SELECT count(*) FROM access_log WHERE kind = 'decision' AND subject = ? "
                    + "AND username = 'dsl'", triageFinding));
            // a decision needs a note
            Http.Reply noNote = http.post(path, Map.of("status", "open", "note", "", "csrf", http.csrf(dsl)), dsl);
            assertEquals(400, noNote.code(), noNote.toString());

            // sign-out is a POST too: without the token the session lives on
            assertEquals(403, http.post("/logout", Map.of(), dsl).code());
            assertEquals(200, http.get("/findings", dsl).code());
            assertEquals(302, http.post("/logout", Map.of("csrf", http.csrf(dsl)), dsl).code());
            assertEquals("/login", http.get("/findings", dsl).header("Location"), "signed out");
        });
    }

    @Test
    void every_finding_and_every_week_of_the_school_opens() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            for (Map<String, Object> f : school.rows("SELECT finding_id FROM findings ORDER BY finding_id")) {
                Http.Reply r = http.get("/findings/" + f.get("finding_id"), dpo);
                assertEquals(200, r.code(), f + ": " + r);
            }
            for (String week : List.of("2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28")) {
                Http.Reply r = http.get("/?week=" + week, dpo);
                assertEquals(200, r.code(), week + ": " + r);
                Http.assertLockedDown("/?week=" + week, r);
                assertEquals(200, http.get("/findings?week=" + week, dpo).code(), week);
            }
            for (String sort : List.of("newest", "oldest", "score", "severity", "nonsense")) {
                assertEquals(200, http.get("/findings?sort=" + sort, dpo).code(), sort);
            }
        });
    }

    @Test
    void viewing_a_finding_with_pupil_data_is_logged() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            long before = (Long) school.one("SELECT count(*) FROM access_log WHERE kind = 'finding' AND subject = ?",
                    orphanFinding);
            assertEquals(200, http.get("/findings/" + orphanFinding, dpo).code());
            assertEquals(before + 1, school.one("SELECT count(*) FROM access_log WHERE kind = 'finding' AND subject = ? "
                    + "AND username = 'dpo' AND role = 'dpo' AND method = 'GET'", orphanFinding));
        });
    }

    @Test
    void five_wrong_passwords_lock_the_account_until_the_lock_passes() {
        TestClock clock = new TestClock(Instant.parse("2026-10-01T09:00:00Z"));
        Http.test(school.server(clock), http -> {
            for (int i = 1; i <= 5; i++) {
                assertEquals(401, http.login("head", "guess number " + i).code(), "wrong password " + i);
            }
            Http.Reply locked = http.login("head", TestSchool.PASSWORD);
            assertEquals(429, locked.code(), "the right password during the lock: " + locked);
            assertNull(Http.sessionCookie(locked));
            assertTrue(locked.body().contains("Too many wrong passwords"), locked.toString());
            clock.advance(Duration.ofSeconds(30));
            assertEquals(429, http.login("head", TestSchool.PASSWORD).code(), "still locked after 30 s");
            clock.advance(Duration.ofSeconds(31));
            String s = http.signIn("head");
            assertEquals(200, http.get("/findings", s).code());

            // an idle session ends after 30 minutes
            clock.advance(WebServer.IDLE.plusSeconds(1));
            assertEquals("/login", http.get("/findings", s).header("Location"), "idle session ended");
        });
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        var out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
