package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The dashboard faults found by attacking it (issue 16, items 12-16), each kept fixed here over
 * HTTP against the generated school: the sign-in throttle (per account, counted before the
 * password is checked), redaction by role and the access log, bad parameters, the session cookie
 * behind a proxy, the Origin check, session lifetimes, HEAD requests; and sessions kept in the
 * store, so a restart signs nobody out.
 */
class DashboardHardeningTest {

    static TestSchool school;
    static String incidentFinding;   // out_of_role_access naming a safeguarding incident in its summary
    static String incidentInSummary;
    static String orphanFinding;

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
        Map<String, Object> f = school.rows("SELECT f.finding_id, i.incident_id FROM findings f JOIN incidents i "
                + "ON f.summary LIKE '% ' || i.incident_id || ' %' WHERE f.detector = 'out_of_role_access' "
                + "ORDER BY f.finding_id LIMIT 1").get(0);
        incidentFinding = (String) f.get("finding_id");
        incidentInSummary = (String) f.get("incident_id");
        orphanFinding = school.findingOf("out_of_role_access");
    }

    private static WebServer server(Clock clock) {
        return school.server(clock);
    }

    private static TestClock clock() {
        return new TestClock(Instant.parse("2026-10-05T09:00:00Z"));
    }

    // 12: one person's typos never lock another out

    @Test
    void wrong_passwords_for_one_user_do_not_lock_out_another_user_at_the_same_address() {
        Http.test(server(clock()), http -> {
            for (int i = 1; i <= 5; i++) {
                assertEquals(401, http.login("head", "guess number " + i).code());
            }
            assertEquals(429, http.login("head", TestSchool.PASSWORD).code(), "head's own account is locked");
            http.signIn("dpo");
        });
    }

    @Test
    void a_right_password_resets_the_count_so_typos_never_add_up() {
        Http.test(server(clock()), http -> {
            for (int round = 1; round <= 3; round++) {
                for (int i = 1; i <= 4; i++) {
                    assertEquals(401, http.login("dsl", "typo " + round + "." + i).code(), "round " + round);
                }
                http.signIn("dsl");
            }
        });
    }

    @Test
    void one_address_has_only_a_high_ceiling_that_resets() {
        TestClock clock = clock();
        WebServer server = server(clock);
        Http.test(server, http -> {
            int ceiling = uk.schoolaccess.auditor.dashboard.web.auth.LoginThrottle.ADDRESS_CEILING;
            for (int i = 0; i < ceiling; i++) {
                assertEquals(401, http.login("nobody" + i, "wrong password " + i).code(), "attempt " + i);
            }
            Http.Reply refused = http.login("dpo", TestSchool.PASSWORD);
            assertEquals(429, refused.code(), "over the address's ceiling: " + refused);
            clock.advance(uk.schoolaccess.auditor.dashboard.web.auth.LoginThrottle.ADDRESS_WINDOW);
            http.signIn("dpo");
        });
    }

    // 13: the attempt is counted before the password is checked

    @Test
    void parallel_guesses_are_counted_before_bcrypt_runs() throws Exception {
        Http.test(server(clock()), http -> {
            int n = 20;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    replies.add(pool.submit(() -> {
                        go.await();
                        return http.login("it", "parallel guess " + k).code();
                    }));
                }
                go.countDown();
                int checked = 0;
                int refused = 0;
                for (Future<Integer> r : replies) {
                    int code = r.get();
                    if (code == 401) {
                        checked++;
                    } else if (code == 429) {
                        refused++;
                    }
                }
                assertEquals(5, checked, "only the free attempts reach the password check");
                assertEquals(n - 5, refused);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(429, http.login("it", TestSchool.PASSWORD).code(), "locked after the parallel guesses");
        });
    }

    // 14: redaction by role on every page; every view of pupil-level data logged

    @Test
    void the_head_reads_a_finding_without_pupil_or_incident_ids() {
        Http.test(server(Clock.systemUTC()), http -> {
            String dpo = http.signIn("dpo");
            assertTrue(http.get("/findings/" + incidentFinding, dpo).body().contains(incidentInSummary),
                    "the DPO sees the incident id");
            for (String role : List.of("head")) {
                Http.Reply r = http.get("/findings/" + incidentFinding, http.signIn(role));
                assertEquals(200, r.code(), r.toString());
                assertFalse(r.body().contains(incidentInSummary), role + " sees incident " + incidentInSummary);
                assertFalse(r.body().matches("(?s).*\\bP\\d{5}\\b.*"), role + " sees a pupil id");
                assertTrue(r.body().contains("opened safeguarding incident(s) [incident]"), r.body());
            }
        });
    }

    @Test
    void the_findings_list_and_refused_pages_are_logged() {
        Http.test(server(Clock.systemUTC()), http -> {
            String dpo = http.signIn("dpo");
            long lists = count("SELECT count(*) FROM access_log WHERE kind = 'findings' AND username = 'dpo'");
            assertEquals(200, http.get("/findings?severity=high", dpo).code());
            assertEquals(lists + 1, count("SELECT count(*) FROM access_log WHERE kind = 'findings' AND username = 'dpo'"));

            String it = http.signIn("it");
            String refusedHere = "SELECT count(*) FROM access_log WHERE kind = 'refused' AND username = 'it' "
                    + "AND role = 'it' AND method = 'GET' AND path = ?";
            long refused = count("SELECT count(*) FROM access_log WHERE kind = 'refused' AND username = 'it'");
            long finding = ((Number) school.one(refusedHere, "/findings/" + orphanFinding)).longValue();
            long sar = ((Number) school.one(refusedHere + " AND subject = 'pupil=P00012'", "/sar")).longValue();
            assertEquals(403, http.get("/findings/" + orphanFinding, it).code());
            assertEquals(403, http.get("/sar?pupil=P00012", it).code());
            assertEquals(refused + 2, count("SELECT count(*) FROM access_log WHERE kind = 'refused' AND username = 'it'"));
            assertEquals(finding + 1, school.one(refusedHere, "/findings/" + orphanFinding));
            assertEquals(sar + 1, school.one(refusedHere + " AND subject = 'pupil=P00012'", "/sar"),
                    "a refused subject access look-up is logged with what was asked");
        });
    }

    // 15: bad parameters are a 400 with a plain message; the log cannot be forged

    @Test
    void bad_parameters_are_400_with_a_plain_message_and_no_stack_trace() {
        Http.test(server(Clock.systemUTC()), http -> {
            String dpo = http.signIn("dpo");
            try (LogCapture log = new LogCapture()) {
                for (String p : List.of("/?week=notadate", "/findings?week=2026-02-30", "/?week=%2B999999999-12-31",
                        "/sar?pupil=P00012&from=+999999999-12-31", "/sar?pupil=P00012&to=%2B999999999-12-31",
                        "/dsl?from=%2B999999999-12-31", "/dsl?to=-999999999-01-01", "/findings?week=99999-01-01")) {
                    Http.Reply r = http.get(p, dpo);
                    assertEquals(400, r.code(), p + ": " + r);
                    Http.assertLockedDown(p, r);
                    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), p + ": " + r);
                }
                assertFalse(log.text().contains("Exception"), "a stack trace in the log:\n" + log.text());
            }
            Http.Reply kept = http.get("/findings?week=2026-02-30&person=Whitfield", dpo);
            assertEquals(400, kept.code());
            assertTrue(kept.body().contains("value=\"Whitfield\""), "the filter form keeps what was typed: " + kept);
            assertTrue(kept.body().contains("2026-02-30 does not exist"), "a day not in the calendar is not a bad format: "
                    + kept);
            assertTrue(http.get("/findings?week=30/02/2026", dpo).body().contains("must be a date as yyyy-MM-dd"));
            Http.Reply sar = http.get("/sar?pupil=P00012&from=2026-13-01", dpo);
            assertEquals(400, sar.code());
            assertTrue(sar.body().contains("value=\"P00012\"") && sar.body().contains("2026-13-01"),
                    "the look-up form keeps what was typed: " + sar);
        });
    }

    @Test
    void a_decision_without_a_choice_keeps_the_typed_note() {
        Http.test(server(Clock.systemUTC()), http -> {
            String dsl = http.signIn("dsl");
            String note = "Spoke to her line manager; covering Year 9 <this week>";
            Http.Reply r = http.post("/findings/" + orphanFinding + "/decision", Map.of("note", note,
                    "csrf", http.csrf(dsl)), dsl);
            assertEquals(400, r.code(), r.toString());
            assertTrue(r.body().contains("Spoke to her line manager; covering Year 9 &lt;this week&gt;</textarea>"),
                    "the note is kept, escaped: " + r);
            assertTrue(r.body().contains("Choose confirm, dismiss or re-open"), r.toString());
            assertEquals("open", school.one("SELECT status FROM findings WHERE finding_id = ?", orphanFinding));
        });
    }

    @Test
    void a_newline_in_a_parameter_cannot_forge_a_log_line() {
        Http.test(server(Clock.systemUTC()), http -> {
            String dpo = http.signIn("dpo");
            try (LogCapture log = new LogCapture()) {
                for (String p : List.of("/?week=2026-09-07%0a12:00:00%20ERROR%20Forged:%20forged%20line",
                        "/findings/x%0d%0a12:00:00%20ERROR%20Forged:%20forged%20line",
                        "/sar?pupil=P00012&from=x%0a12:00:00%20ERROR%20Forged:%20forged%20line")) {
                    Http.Reply r = http.get(p, dpo);
                    assertTrue(r.code() == 400 || r.code() == 404, p + ": " + r);
                }
                // and whatever is logged with such a value, as a message or in a failure's stack trace
                String forged = "x\n12:00:00 ERROR Forged: forged line\r\n12:00:00 ERROR Forged: again";
                org.slf4j.LoggerFactory.getLogger(WebServer.class).error("GET /?week={} failed", forged,
                        LoggedFailure.of(new IllegalStateException("bad week " + forged,
                                new IllegalArgumentException(forged))));
                assertTrue(log.text().contains("GET /?week=x\\n12:00:00 ERROR Forged"), log.text());
                for (String line : log.text().split("\\R")) {
                    assertFalse(line.startsWith("12:00:00 ERROR Forged"), "a forged log line:\n" + log.text());
                }
            }
        });
    }

    // 16: the cookie behind HTTPS, Origin, one session per sign-in, lifetimes, throttle memory, HEAD

    @Test
    void the_cookie_is_secure_when_configured_for_https_or_forwarded_by_a_trusted_proxy() {
        Http.test(new WebServer(school.db, school.settings, school.zone, Clock.systemUTC(),
                new DashboardSettings(true, null, null)), http -> {
            assertTrue(cookie(http.login("dpo", TestSchool.PASSWORD)).contains("; secure"), "dashboard.https: true");
        });
        Map<String, String> proto = Map.of("X-Forwarded-Proto", "https");
        Map<String, String> form = Map.of("username", "dpo", "password", TestSchool.PASSWORD);
        Http.test(new WebServer(school.db, school.settings, school.zone, Clock.systemUTC(),
                new DashboardSettings(null, List.of("127.0.0.1", "::1"), null)), http -> {
            assertTrue(cookie(http.post("/login", form, null, proto)).contains("; secure"), "trusted proxy says https");
        });
        Http.test(server(Clock.systemUTC()), http -> {
            assertFalse(cookie(http.post("/login", form, null, proto)).contains("; secure"),
                    "X-Forwarded-Proto from an untrusted client is ignored");
        });
    }

    @Test
    void a_sign_in_from_another_site_is_refused() {
        Http.test(server(clock()), http -> {
            Map<String, String> form = Map.of("username", "dpo", "password", TestSchool.PASSWORD);
            for (String origin : List.of("https://evil.example", "null", "http://127.0.0.1.evil.example")) {
                Http.Reply r = http.post("/login", form, null, Map.of("Origin", origin));
                assertEquals(403, r.code(), origin + ": " + r);
                assertNull(Http.sessionCookie(r));
            }
            for (int i = 0; i < 10; i++) {
                http.post("/login", Map.of("username", "dpo", "password", "wrong " + i), null,
                        Map.of("Origin", "https://evil.example"));
            }
            Http.Reply same = http.post("/login", form, null, Map.of("Origin", http.origin()));
            assertEquals(302, same.code(), "another site's attempts count for nothing: " + same);
        });
    }

    @Test
    void signing_in_again_ends_the_earlier_session() {
        Http.test(server(Clock.systemUTC()), http -> {
            String first = http.signIn("head");
            assertEquals(200, http.get("/findings", first).code());
            String second = http.signIn("head");
            assertNotEquals(first, second);
            assertEquals("/login", http.get("/findings", first).header("Location"), "the earlier session ended");
            assertEquals(200, http.get("/findings", second).code());
        });
    }

    @Test
    void a_session_ends_after_its_absolute_lifetime_however_busy() {
        TestClock clock = clock();
        Http.test(server(clock), http -> {
            String s = http.signIn("dsl");
            for (int i = 0; i < 12 * 3 - 1; i++) {
                clock.advance(Duration.ofMinutes(20));
                assertEquals(200, http.get("/findings", s).code(), "after " + (i + 1) * 20 + " minutes");
            }
            clock.advance(Duration.ofMinutes(20));
            assertEquals("/login", http.get("/findings", s).header("Location"), "12 hours after signing in");
        });
    }

    @Test
    void the_throttle_keeps_no_huge_names_and_is_capped() {
        WebServer server = server(clock());
        Http.test(server, http -> {
            String huge = "a".repeat(900 * 1024);
            Http.Reply r = http.login(huge, "whatever password");
            assertTrue(r.code() == 401 || r.code() == 400 || r.code() == 413, "a 900 KB user name: " + r.code());
            for (String key : server.web().throttle().keys()) {
                assertTrue(key.length() < 200, "a throttle key of " + key.length() + " characters");
            }
        });
        var throttle = new uk.schoolaccess.auditor.dashboard.web.auth.LoginThrottle(clock(), 100);
        for (int i = 0; i < 1000; i++) {
            throttle.attempt("user" + i, "198.51.100." + (i % 250)).failed();
        }
        assertTrue(throttle.keys().size() <= 200, "entries kept: " + throttle.keys().size());
    }

    @Test
    void head_requests_get_the_same_role_checks_as_get() {
        Http.test(server(Clock.systemUTC()), http -> {
            String it = http.signIn("it");
            String dsl = http.signIn("dsl");
            String dpo = http.signIn("dpo");
            assertEquals(403, http.head("/sar?pupil=P00012", it).code());
            assertEquals(403, http.head("/access-log", dsl).code());
            assertEquals(403, http.head("/dsl", it).code());
            assertEquals(403, http.head("/findings/" + orphanFinding, it).code());
            assertEquals(404, http.head("/findings/no-such-finding", dpo).code());
            assertEquals(200, http.head("/access-log", dpo).code());
            assertEquals(200, http.head("/findings/" + orphanFinding, dsl).code());
            assertEquals(302, http.head("/findings", null).code(), "HEAD needs a session too");
        });
    }

    // issue 12 part 5: sessions kept in the store

    @Test
    void a_session_survives_a_restart_and_only_its_hash_is_stored() throws Exception {
        TestClock clock = clock();
        String token = signInOn(server(clock), "dsl");
        String csrf;
        String[] again = new String[1];
        Http.test(server(clock), http -> {
            Http.Reply r = http.get("/findings", token);
            assertEquals(200, r.code(), "the same session on a new server over the same store: " + r);
            again[0] = http.csrf(token);
        });
        csrf = again[0];
        assertEquals(1L, count("SELECT count(*) FROM dashboard_sessions WHERE token_sha256 = '" + sha256(token) + "'"));
        assertEquals(0L, school.one("SELECT count(*) FROM dashboard_sessions WHERE token_sha256 = ? OR username = ? "
                + "OR role = ? OR user_agent = ?", token, token, token, token));
        assertFalse(school.rows("SELECT * FROM dashboard_sessions").toString().contains(csrf), "the CSRF token is not kept");

        // the idle rule is judged from the store: 30 minutes without a request, then a restart
        clock.advance(WebServer.IDLE.plusSeconds(1));
        Http.test(server(clock), http -> {
            assertEquals("/login", http.get("/findings", token).header("Location"), "idle for 30 minutes");
        });
        assertEquals(0L, count("SELECT count(*) FROM dashboard_sessions WHERE token_sha256 = '" + sha256(token) + "'"));
    }

    @Test
    void a_session_survives_closing_and_reopening_the_store(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.duckdb");
        String token;
        try (Store store = Store.open(file)) {
            new Users(store.connection()).add("dpo", Role.DPO, TestSchool.PASSWORD.toCharArray());
            token = signInOn(new WebServer(new Db(store.connection()), school.settings, school.zone, Clock.systemUTC()),
                    "dpo");
        }
        try (Store reopened = Store.open(file)) {
            Http.test(new WebServer(new Db(reopened.connection()), school.settings, school.zone, Clock.systemUTC()),
                    http -> {
                        Http.Reply r = http.get("/access-log", token);
                        assertEquals(200, r.code(), "signed in after the server and its store were closed: " + r);
                        assertTrue(r.body().contains("dpo (dpo)"), r.body());
                    });
        }
    }

    @Test
    void signing_out_removes_the_session_from_the_store() {
        Http.test(server(Clock.systemUTC()), http -> {
            String s = http.signIn("head");
            assertEquals(1L, count("SELECT count(*) FROM dashboard_sessions WHERE token_sha256 = '" + sha256(s) + "'"));
            assertEquals(302, http.post("/logout", Map.of("csrf", http.csrf(s)), s).code());
            assertEquals(0L, count("SELECT count(*) FROM dashboard_sessions WHERE token_sha256 = '" + sha256(s) + "'"));
        });
    }

    private static String signInOn(WebServer server, String user) {
        String[] token = new String[1];
        Http.test(server, http -> token[0] = http.signIn(user));
        return token[0];
    }

    private static String cookie(Http.Reply r) {
        return r.all("Set-Cookie").stream().filter(c -> c.startsWith("auditor_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + r)).toLowerCase(java.util.Locale.ROOT);
    }

    private static long count(String sql) {
        return ((Number) school.one(sql)).longValue();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
