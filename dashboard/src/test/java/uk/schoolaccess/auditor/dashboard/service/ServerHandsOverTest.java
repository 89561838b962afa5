package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;

/**
 * Issue 12's first acceptance line: while a real 'auditor serve' owns a store, ingest, audit,
 * status, users add and digest --dry-run run as separate processes, exit 0 and print what the
 * same commands print on an identical store that no server holds; the dashboard sees the new
 * rows, findings and user without a restart.
 */
class ServerHandsOverTest {

    private static final String PASSWORD = "a long test passphrase 7";

    @Test
    void everyStoreCommandWorksThroughARunningServerAndPrintsWhatItPrintsAlone() throws Exception {
        Path school = ServiceSchool.get();
        Path work = Path.of("target", "hands-over").toAbsolutePath();
        Path served = ServiceSchool.storeIn(work.resolve("served"), "");
        Path alone = ServiceSchool.storeIn(work.resolve("alone"), "");
        for (Path store : List.of(served, alone)) {
            List<String> args = new ArrayList<>(List.of("ingest", "--db", store.toString()));
            ServiceSchool.firstWeeks(school).forEach(f -> args.add(f.toString()));
            assertEquals(0, AuditorProcess.inProcess(PASSWORD, args.toArray(String[]::new)));
            assertEquals(0, AuditorProcess.inProcess(PASSWORD, "users", "add", "dpo", "--role", "dpo", "--password-stdin", "--db",
                    store.toString()), "user for the dashboard check");
        }
        List<String> week3 = ServiceSchool.lastWeek(school).stream().map(Path::toString).toList();
        try (ServerProcess server = ServerProcess.start(work, served)) {
            List<List<String>> commands = List.of(
                    concat(List.of("ingest"), week3),
                    List.of("audit", "--out", "findings.json"),
                    List.of("status"),
                    List.of("users", "add", "newdsl", "--role", "dsl", "--password-stdin"),
                    List.of("digest", "--kind", "weekly", "--dry-run"));
            for (List<String> command : commands) {
                AuditorProcess viaServer = runOn(work.resolve("served"), served, command);
                AuditorProcess byItself = runOn(work.resolve("alone"), alone, command);
                assertEquals(0, viaServer.exit(), command + " through the server:\n" + viaServer);
                assertEquals(0, byItself.exit(), command + " alone:\n" + byItself);
                if (command.get(0).equals("digest")) {
                    // handed to the server, its links go where the server listens (alone: the default address)
                    assertTrue(viaServer.out().contains("http://127.0.0.1:" + server.port() + "/?week="), viaServer.out());
                    assertTrue(byItself.out().contains("http://127.0.0.1:7070/?week="), byItself.out());
                }
                assertEquals(normal(byItself.out(), alone), normal(viaServer.out(), served), command.toString());
                assertFalse(viaServer.err().contains("lock"), viaServer.err());
            }
            assertTrue(server.output().contains("Other auditor commands"), server.output());

            // The dashboard, without a restart, shows a week-3 finding the handed-over audit saved,
            // and the user added through the server can sign in.
            JsonNode findings = new ObjectMapper().readTree(work.resolve("served").resolve("findings.json").toFile());
            String week3Finding = null;
            for (JsonNode f : findings) {
                if (f.path("first_seen").asText(f.path("start").asText("")).startsWith("2026-09-2")) {
                    week3Finding = f.path("finding_id").asText();
                }
            }
            if (week3Finding == null) {
                week3Finding = findings.get(findings.size() - 1).path("finding_id").asText();
            }
            Browser dpo = Browser.signIn(server.port(), "dpo", PASSWORD);
            HttpResponse<String> page = dpo.get("/findings/" + week3Finding);
            assertEquals(200, page.statusCode(), page.body());
            Browser dsl = Browser.signIn(server.port(), "newdsl", PASSWORD);
            assertEquals(200, dsl.get("/").statusCode());
        }
    }

    private static AuditorProcess runOn(Path cwd, Path store, List<String> command) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.add(command.get(0).equals("users") ? 3 : 1, "--db");
        args.add(command.get(0).equals("users") ? 4 : 2, store.getFileName().toString());
        String stdin = command.contains("--password-stdin") ? PASSWORD + "\n" : null;
        return AuditorProcess.run(cwd, stdin, args.toArray(String[]::new));
    }

    /** The output with the store's own folder, the dashboard's port and the timings (which differ run to run) taken out. */
    static String normal(String out, Path store) {
        return out.replace(store.getParent().toString(), "<store>").replaceAll("http://127\\.0\\.0\\.1:\\d+/", "<dashboard>/")
                .replaceAll("\\d+(\\.\\d+)? s\\b", "<t> s").replaceAll("[\\d,]+ rows/s", "<n> rows/s")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?", "<now>")
                // when each store's own audit ran: a minute apart, as the two were audited one after the other
                .replaceAll("Last audit: \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2},", "Last audit: <when>,");
    }


    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A signed-in dashboard session over plain HTTP on the loopback. */
    record Browser(HttpClient http, int port, String cookie) {
        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

        static Browser signIn(int port, String user, String password) throws Exception {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String form = "username=" + user + "&password=" + java.net.URLEncoder.encode(password, "UTF-8");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", "http://127.0.0.1:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("auditor_session=")
                    || c.contains("session")).map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                    .orElseThrow(() -> new AssertionError("sign-in failed for " + user + ": " + r.statusCode() + " "
                            + r.body()));
            return new Browser(http, port, cookie);
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrf() throws Exception {
            Matcher m = CSRF.matcher(get("/jobs").body());
            return m.find() ? m.group(1) : null;
        }

        HttpResponse<String> upload(String path, String field, String fileName, byte[] content) throws Exception {
            return upload(path, field, fileName, content, true);
        }

        /** A multipart form post, as the Jobs page's upload form sends it (with or without its form token). */
        HttpResponse<String> upload(String path, String field, String fileName, byte[] content, boolean withToken)
                throws Exception {
            String boundary = "----auditor" + System.nanoTime();
            var body = new java.io.ByteArrayOutputStream();
            if (withToken) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf()
                        + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", cookie).header("Origin", "http://127.0.0.1:" + port)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", cookie).header("Origin", "http://127.0.0.1:" + port)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
