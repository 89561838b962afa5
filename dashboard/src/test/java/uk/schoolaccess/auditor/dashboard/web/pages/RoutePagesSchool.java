package uk.schoolaccess.auditor.dashboard.web.pages;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.Javalin;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A tiny school for the route tests: six staff, two pupils whose names must never appear, one
 * safeguarding incident opened by three uninvolved teachers, audited explanations, two findings
 * and one dashboard user per role.
 */
final class RoutePagesSchool {

    static final String PASSWORD = "battery staple correct horse";
    /** The roster's pupil names: none may ever appear in a page or download. */
    static final List<String> PUPIL_NAMES = List.of("Quillfeather", "Marchbanks", "Zebulah", "Yusufina");

    final Store store;
    final Db db;
    final WebServer server;

    RoutePagesSchool(Path dir) throws Exception {
        store = Store.open(dir.resolve("pages.duckdb"));
        db = new Db(store.connection());
        seed();
        server = new WebServer(db, AuditSettings.defaults(), ZoneId.of("Europe/London"), Clock.systemUTC());
        for (Role r : Role.values()) {
            server.web().users().add(r.label() + "1", r, PASSWORD.toCharArray());
        }
    }

    Javalin app() {
        return server.create();
    }

    private void seed() {
        db.update("INSERT INTO staff VALUES "
                + "('S0001', 'Alice Archer', 'aarcher@school.example', ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0002', 'Bob Baker', 'bbaker@school.example', ['office'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0003', 'Carol Carter', 'ccarter@school.example', ['teacher', 'dsl'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0004', 'Dan Dyer', 'ddyer@school.example', ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0005', 'Eve Evans', 'eevans@school.example', ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL), "
                + "('S0006', 'Fay Fisher', 'ffisher@school.example', ['teacher'], DATE '2020-09-01', NULL, 'NFS', NULL)");
        db.update("INSERT INTO staff_accounts VALUES ('S0004', 'sims', 'ddyer', 'ddyer'), ('S0001', 'cpoms', 'aarcher', 'aarcher')");
        db.update("INSERT INTO pupils VALUES ('P00012', 'Quillfeather', 'Zebulah', 9, '9A', false, NULL, 'NFS'), "
                + "('P00013', 'Marchbanks', 'Yusufina', 10, '10B', false, NULL, 'NFS')");
        db.update("INSERT INTO incidents VALUES ('INC1', 'P00012', 'Bullying', TIMESTAMP '2026-09-08 08:00:00', 'S0003', 'ccarter')");
        db.update("INSERT INTO incident_involvement VALUES ('INC1', 'S0001', 'aarcher', 'alerted'), "
                + "('INC1', 'S0003', 'ccarter', 'author')");
        String ra = "INSERT INTO record_access VALUES (?, ?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?, NULL, NULL, 'WS1', '10.0.0.5', NULL, NULL, NULL, NULL)";
        access(ra, "E1", "sims", "2026-09-08 09:00:00", "S0001", "view", "Attainment", "P00012", null, "teaches");
        access(ra, "E2", "sims", "2026-09-08 10:00:00", "S0004", "view", "Contacts", "P00012", null, null);
        access(ra, "E3", "cpoms", "2026-09-09 11:00:00", "S0003", "view", null, null, "INC1", "safeguarding_lead");
        access(ra, "E4", "cpoms", "2026-09-09 12:00:00", "S0004", "view", null, null, "INC1", null);
        access(ra, "E5", "cpoms", "2026-09-09 12:30:00", "S0005", "view", null, null, "INC1", null);
        access(ra, "E6", "cpoms", "2026-09-09 13:00:00", "S0006", "view", null, null, "INC1", null);
        access(ra, "E7", "cpoms", "2026-09-09 14:00:00", "S0001", "view", null, null, "INC1", "incident_alerted");
        access(ra, "E8", "sims", "2026-09-09 15:00:00", "S0002", "view", "Contacts", "P00013", null, "role_remit");
        // Not audited yet: no access_explanations row.
        db.update(ra, "E9", "sims", "2026-10-01 09:00:00", "ddyer", "S0004", "view", "Medical", "P00012", null);
        db.update("INSERT INTO logon_events VALUES ('L1', 'sims', TIMESTAMP '2026-09-08 08:55:00', 'ddyer', 'S0004', "
                + "'WS1', NULL, 'logon', NULL, '10.0.0.5', false, true, NULL, NULL, NULL, NULL)");
        db.update("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, city, country, auth_requirement, "
                + "success) VALUES ('SI1', 'entra', TIMESTAMP '2026-09-08 08:50:00', 'ddyer@school.example', 'S0004', "
                + "'SIMS', '10.0.0.5', 'Leeds', 'GB', 'multi_factor', true), ('SI2', 'entra', TIMESTAMP '2026-09-09 08:50:00', "
                + "'ddyer@school.example', 'S0004', 'SIMS', '10.0.0.5', 'Leeds', 'GB', 'single_factor', true)");
        db.update("INSERT INTO findings (finding_id, detector, staff_id, account, subject, first_seen, last_seen, severity, "
                + "score, aup_clause, summary, evidence) VALUES "
                + "('F-ORA-1', 'out_of_role_access', 'S0004', 'ddyer', 'incident INC1', TIMESTAMP '2026-09-09 12:00:00', "
                + "TIMESTAMP '2026-09-09 12:00:00', 'high', 4.0, 'ACC-2', 'Dan Dyer opened safeguarding incident(s) INC1 "
                + "(pupil P00012) without being involved', '{\"events\": [\"E4\"], \"baseline\": null, \"facts\": "
                + "{\"incidents\": [\"INC1\"], \"curiosity_cluster\": [\"INC1\"], \"uninvolved_openers\": 3}}'), "
                + "('F-SC-1', 'shared_credentials', 'S0004', 'ddyer', 'account ddyer', TIMESTAMP '2026-09-08 08:50:00', "
                + "TIMESTAMP '2026-09-08 08:50:00', 'medium', 2.0, 'ACC-4', 'Account ddyer signed in from two places', "
                + "'{\"events\": [\"SI1\"], \"baseline\": null, \"facts\": {}}')");
    }

    private void access(String sql, String id, String source, String ts, String staff, String action, String area,
                        String pupil, String incident, String explainedBy) {
        String account = staff.equals("S0004") ? "ddyer" : staff.toLowerCase();
        db.update(sql, id, source, ts, account, staff, action, area, pupil, incident);
        db.update("INSERT INTO access_explanations (event_id, explained_by, conflict) VALUES (?, ?, NULL)", id, explainedBy);
    }

    /** A signed-in browser: a session cookie, redirects not followed. */
    static final class Browser {
        final OkHttpClient http;
        final String origin;
        final String cookie;

        Browser(io.javalin.testtools.HttpClient client, String user) throws Exception {
            http = client.getOkHttp().newBuilder().followRedirects(false).build();
            origin = client.getOrigin();
            try (Response r = http.newCall(new Request.Builder().url(origin + "/login").post(new FormBody.Builder()
                    .add("username", user).add("password", PASSWORD).build()).build()).execute()) {
                if (r.code() != 302) {
                    throw new AssertionError("sign-in as " + user + " gave " + r.code());
                }
                String set = r.header("Set-Cookie");
                cookie = set.substring(0, set.indexOf(';'));
            }
        }

        Page get(String path) throws Exception {
            try (Response r = http.newCall(new Request.Builder().url(origin + path).header("Cookie", cookie).build())
                    .execute()) {
                return new Page(r.code(), r.body() == null ? "" : r.body().string(), r.header("Content-Type"),
                        r.header("Content-Disposition"));
            }
        }
    }

    record Page(int status, String body, String contentType, String disposition) {

        /** The text of each body row's cells in the table with this id. */
        List<List<String>> table(String id) {
            int start = body.indexOf("<table id=\"" + id + "\"");
            if (start < 0) {
                throw new AssertionError("no table " + id + " in\n" + body);
            }
            String t = body.substring(start, body.indexOf("</table>", start));
            String tbody = t.substring(t.indexOf("<tbody>"));
            List<List<String>> rows = new ArrayList<>();
            Matcher row = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(tbody);
            while (row.find()) {
                List<String> cells = new ArrayList<>();
                Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
                while (cell.find()) {
                    cells.add(text(cell.group(1)));
                }
                rows.add(cells);
            }
            return rows;
        }

        static String text(String html) {
            return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&").strip();
        }
    }
}
