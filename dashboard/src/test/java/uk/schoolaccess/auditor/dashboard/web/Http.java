package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestConfig;
import io.javalin.testtools.TestCase;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;

/**
 * HTTP against a dashboard started by javalin-testtools on a random port of 127.0.0.1, with no
 * redirects followed (so a redirect to /login is seen as one) and no cookie jar (each call says
 * which session it is).
 */
final class Http {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    // generous timeouts: bcrypt on a busy shared machine can take seconds per sign-in
    static final OkHttpClient NO_REDIRECTS = new OkHttpClient.Builder().followRedirects(false)
            .followSslRedirects(false).readTimeout(java.time.Duration.ofSeconds(120))
            .callTimeout(java.time.Duration.ofSeconds(180)).build();

    /** A reply read whole, so the connection is released at once. */
    record Reply(int code, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        List<String> all(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        @Override
        public String toString() {
            return code + " " + headers + "\n" + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }

    private final io.javalin.testtools.HttpClient client;

    private Http(io.javalin.testtools.HttpClient client) {
        this.client = client;
    }

    /** Runs a test against a fresh dashboard on the shared school, listening on 127.0.0.1 only. */
    static void test(WebServer server, Body body) {
        Javalin app = server.create();
        app.unsafeConfig().jetty.defaultHost = "127.0.0.1";
        JavalinTest.test(app, new TestConfig(true, true, NO_REDIRECTS), (TestCase) (s, c) -> body.run(new Http(c)));
    }

    /** The body of an HTTP test. */
    @FunctionalInterface
    interface Body {
        void run(Http http) throws Exception;
    }

    String origin() {
        return client.getOrigin();
    }

    Reply get(String path, String session) throws IOException {
        return send(new Request.Builder().url(origin() + path).get(), session);
    }

    Reply post(String path, Map<String, String> form, String session) throws IOException {
        FormBody.Builder f = new FormBody.Builder();
        form.forEach(f::add);
        return send(new Request.Builder().url(origin() + path).post(f.build()), session);
    }

    /** A POST with extra request headers (Origin, X-Forwarded-Proto, ...). */
    Reply post(String path, Map<String, String> form, String session, Map<String, String> headers) throws IOException {
        FormBody.Builder f = new FormBody.Builder();
        form.forEach(f::add);
        Request.Builder b = new Request.Builder().url(origin() + path).post(f.build());
        headers.forEach(b::header);
        return send(b, session);
    }

    Reply head(String path, String session) throws IOException {
        return send(new Request.Builder().url(origin() + path).head(), session);
    }

    private Reply send(Request.Builder b, String session) throws IOException {
        if (session != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        try (Response r = client.getOkHttp().newCall(b.build()).execute()) {
            return new Reply(r.code(), r.headers().toMultimap(), r.body() == null ? "" : r.body().string());
        }
    }

    Reply login(String user, String password) throws IOException {
        return post("/login", Map.of("username", user, "password", password), null);
    }

    /** Signs in (as the role's test user) and returns the session token. */
    String signIn(String user) throws IOException {
        Reply r = login(user, TestSchool.PASSWORD);
        assertEquals(302, r.code(), "sign-in of " + user + ": " + r);
        assertEquals("/", r.header("Location"));
        String token = sessionCookie(r);
        assertNotNull(token, "no session cookie: " + r);
        return token;
    }

    static String sessionCookie(Reply r) {
        for (String c : r.all("Set-Cookie")) {
            if (c.startsWith(Sessions.COOKIE + "=")) {
                return c.substring(Sessions.COOKIE.length() + 1).split(";", 2)[0];
            }
        }
        return null;
    }

    /** The session's CSRF token, as every page's sign-out form carries it. */
    String csrf(String session) throws IOException {
        Reply r = get("/findings", session);
        Matcher m = CSRF.matcher(r.body());
        assertTrue(m.find(), "no csrf field on /findings: " + r);
        return m.group(1);
    }

    /** The headers every response must carry, whatever its status. */
    static void assertLockedDown(String what, Reply r) {
        String csp = r.header("Content-Security-Policy");
        assertNotNull(csp, what + ": no Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'"), what + ": CSP " + csp);
        assertTrue(!csp.contains("script-src") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                what + ": CSP allows script: " + csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), what + ": CSP " + csp);
        assertEquals("DENY", r.header("X-Frame-Options"), what);
        assertEquals("no-referrer", r.header("Referrer-Policy"), what);
        if (!what.endsWith(".css")) {
            // pages are never cached; the static stylesheet holds no data and Javalin's static
            // handler sends its own Cache-Control (max-age=0)
            assertEquals("no-store", r.header("Cache-Control"), what);
        }
        assertEquals("nosniff", r.header("X-Content-Type-Options"), what);
        if (r.code() == 200 && String.valueOf(r.header("Content-Type")).startsWith("text/html")) {
            assertTrue(!r.body().contains("<script") && !r.body().contains(" style=\""),
                    what + ": inline script or style attribute in the page");
        }
    }
}
