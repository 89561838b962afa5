package uk.schoolaccess.auditor.dashboard.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.javalin.testtools.JavalinTest;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Browser;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Page;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The route pages over a generated and audited school (the demo): every page answers, the DSL
 * page finds the generated curiosity cluster, and no pupil's name appears anywhere.
 */
class RoutePagesDemoTest {

    @TempDir
    Path dir;

    @Test
    void every_route_page_answers_over_an_audited_generated_school_without_a_pupil_name() throws Exception {
        StringWriter out = new StringWriter();
        int code = AuditorMain.run(new String[] {"demo", "--no-serve", "--samples", dir.resolve("school").toString(),
                "--db", dir.resolve("demo.duckdb").toString()}, new PrintWriter(out, true), new PrintWriter(out, true));
        assertEquals(0, code, out.toString());
        try (Store store = Store.open(dir.resolve("demo.duckdb"))) {
            Db db = new Db(store.connection());
            WebServer server = new WebServer(db, AuditSettings.defaults(), ZoneId.of("Europe/London"), Clock.systemUTC());
            server.web().users().add("dpo1", Role.DPO, RoutePagesSchool.PASSWORD.toCharArray());
            // Full names, and each surname, that no member of staff shares (staff names are shown, by design;
            // the generator can give a pupil the same name as a member of staff).
            List<String> names = new ArrayList<>();
            db.rows("SELECT forename || ' ' || surname AS name FROM pupils WHERE forename || ' ' || surname NOT IN "
                    + "(SELECT display_name FROM staff WHERE display_name IS NOT NULL)")
                    .forEach(r -> names.add((String) r.get("name")));
            db.rows("SELECT DISTINCT surname FROM pupils p WHERE NOT EXISTS (SELECT 1 FROM staff s "
                    + "WHERE s.display_name LIKE '%' || p.surname || '%')").forEach(r -> names.add((String) r.get("surname")));
            assertFalse(names.isEmpty());
            Map<String, Object> busiest = db.rows("SELECT pupil_id, count(*) AS n FROM record_access "
                    + "WHERE pupil_id IS NOT NULL GROUP BY pupil_id ORDER BY n DESC, pupil_id LIMIT 1").get(0);
            String staff = String.valueOf(db.scalar("SELECT staff_id FROM findings WHERE staff_id IS NOT NULL "
                    + "ORDER BY score DESC, finding_id LIMIT 1"));
            String incident = String.valueOf(db.scalar("SELECT incident_id FROM record_access "
                    + "WHERE incident_id IS NOT NULL GROUP BY incident_id ORDER BY count(*) DESC, incident_id LIMIT 1"));
            JavalinTest.test(server.create(), (s, client) -> {
                Browser dpo = new Browser(client, "dpo1");
                for (String path : List.of("/people/" + staff, "/sar?pupil=" + busiest.get("pupil_id"),
                        "/sar.csv?pupil=" + busiest.get("pupil_id"), "/sar/print?staff=" + staff, "/sar?staff=" + staff,
                        "/dsl", "/dsl?from=2026-01-01&to=2026-12-31", "/dsl/incidents/" + incident, "/access-log")) {
                    Page p = dpo.get(path);
                    assertEquals(200, p.status(), path + "\n" + p.body());
                    for (String name : names) {
                        assertFalse(p.body().contains(name), path + " shows a pupil's name: '" + name + "'");
                    }
                }
                Page sar = dpo.get("/sar?pupil=" + busiest.get("pupil_id"));
                assertTrue(sar.table("sar-results").size() >= ((Number) busiest.get("n")).intValue(),
                        "every access naming the pupil, and any opens of incidents about them");
                Page dsl = dpo.get("/dsl?from=2026-01-01&to=2026-12-31");
                assertTrue(dsl.body().contains("id=\"dsl-pairs\""), "the generated school has unexplained browsing");
            });
        }
    }
}
