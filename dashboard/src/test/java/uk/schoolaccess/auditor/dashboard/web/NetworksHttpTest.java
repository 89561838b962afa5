package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * Networks a school forgot to configure (issue 15 part 4), over HTTP on the shared generated
 * school: with networks.school empty, the weekly page suggests the school's own range with the
 * evidence; the DPO accepts it with one button, which writes it into auditor.yaml keeping the
 * rest of the file and its comments; a second accept changes nothing; another role, or a form
 * without the session's token, is refused and the file stays as it was.
 */
class NetworksHttpTest {

    @TempDir
    Path dir;

    /** The school's own config as a DPO might have written it, with networks.school not filled in. */
    static String forgotten(TestSchool school) throws java.io.IOException {
        String generated = Files.readString(school.samples.resolve("auditor.yaml"));
        String text = generated.replaceAll("(?m)^  school: \\[.*\\]$", "  school: []   # our own ranges: ask IT")
                + "  approved_remote: []   # no VPN yet\n";
        assertTrue(text.contains("school: []"), text);
        return text;
    }

    @Test
    void the_dpo_accepts_the_suggested_school_network_once_and_only_the_dpo_with_the_form_token() throws Exception {
        TestSchool school = TestSchool.get();
        Path yaml = dir.resolve("auditor.yaml");
        String before = forgotten(school);
        Files.writeString(yaml, before);
        WebServer server = new WebServer(school.db, school.settings, school.zone, Clock.systemUTC())
                .networks(SchoolNetworkConfig.of(ConfigFile.load(yaml), null));
        Http.test(server, http -> {
            String dpo = http.signIn("dpo");
            Http.Reply page = http.get("/", dpo);
            assertEquals(200, page.code(), page.toString());
            String body = page.body();
            assertTrue(body.contains("id=\"school-network\""), "a school network section");
            assertTrue(body.contains("<code>networks.school</code> is not set"), body);
            Matcher s = Pattern.compile("<ul id=\"network-suggestions\"><li><strong>([0-9./]+)</strong>: (\\d+) staff "
                    + "signed in from it within 15 minutes of logging on at a school computer \\(([\\d,]+) school-PC "
                    + "logon\\(s\\) coincided\\), on (\\d+) days between (\\w{3} \\d+ \\w{3} \\d{4}) and").matcher(body);
            assertTrue(s.find(), "the suggestion with its evidence in plain words: " + body);
            String cidr = s.group(1);
            assertTrue(cidr.startsWith("198.51.100."), "the generated school's own gateway range: " + cidr);
            assertTrue(Integer.parseInt(s.group(2)) >= 10, "many staff: " + s.group());
            assertTrue(Integer.parseInt(s.group(4)) >= 10, "on most school days of three weeks: " + s.group());
            assertTrue(body.contains("id=\"networks-accept\""), "the DPO has the button");

            // no form token: refused, nothing written
            assertEquals(403, http.post("/networks/accept", Map.of("cidr", cidr), dpo).code());
            assertEquals(before, Files.readString(yaml));

            // another role sees the suggestion but not the button, and its post is refused
            String head = http.signIn("head");
            String headPage = http.get("/", head).body();
            assertTrue(headPage.contains(cidr), "the head sees the suggestion");
            assertFalse(headPage.contains("id=\"networks-accept\""), "but not the button");
            Http.Reply refused = http.post("/networks/accept", Map.of("csrf", http.csrf(head), "cidr", cidr), head);
            assertEquals(403, refused.code(), refused.toString());
            assertEquals(before, Files.readString(yaml));

            // the DPO accepts: written into networks.school, every comment kept
            Http.Reply accepted = http.post("/networks/accept", Map.of("csrf", http.csrf(dpo), "cidr", cidr), dpo);
            assertEquals(303, accepted.code(), accepted.toString());
            assertEquals("/?accepted=1#school-network", accepted.header("Location"));
            String after = Files.readString(yaml);
            assertEquals(before.replace("school: []", "school: [" + cidr + "]"), after);
            assertEquals(java.util.List.of(cidr), uk.schoolaccess.auditor.analytics.config.AuditSettings
                    .from(ConfigFile.load(yaml)).networks().school());
            String done = http.get("/?accepted=1", dpo).body();
            assertTrue(done.contains("Added\n<strong>" + cidr + "</strong> to <code>networks.school</code>"), done);
            assertTrue(done.contains("It takes effect for the next audit"), done);
            assertTrue(done.contains("Run <code>auditor audit</code> to apply it now"), "no server to re-run it here");
            assertFalse(done.contains("id=\"network-suggestions\""), "nothing left to suggest");
            assertFalse(http.get("/", dpo).body().contains("id=\"school-network\""), "the section goes once accepted");

            // a second accept is a no-op
            var modified = Files.getLastModifiedTime(yaml);
            Http.Reply again = http.post("/networks/accept", Map.of("csrf", http.csrf(dpo), "cidr", cidr), dpo);
            assertEquals(303, again.code());
            assertEquals(after, Files.readString(yaml));
            assertEquals(modified, Files.getLastModifiedTime(yaml));
            assertTrue(http.get("/?accepted=1", dpo).body().contains("Nothing to add"), "says so");
            assertTrue(((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE kind = 'config' AND username = "
                    + "'dpo' AND subject = ?", "networks.school += " + cidr)).longValue() >= 1,
                    "the accept is in the access log with who made it");
        });
    }

    @Test
    void under_a_server_the_page_offers_to_re_run_the_audit_for_the_dpo_and_shows_its_outcome() throws Exception {
        TestSchool school = TestSchool.get();
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, forgotten(school));
        java.util.concurrent.atomic.AtomicInteger audits = new java.util.concurrent.atomic.AtomicInteger();
        WebServer server = new WebServer(school.db, school.settings, school.zone, Clock.systemUTC())
                .networks(SchoolNetworkConfig.of(ConfigFile.load(yaml), () -> {
                    audits.incrementAndGet();
                    // the audit reads the file as it is now: the accepted range is in it
                    return "Findings: 3 (0 new), with networks.school " + uk.schoolaccess.auditor.analytics.config
                            .AuditSettings.from(ConfigFile.load(yaml)).networks().school();
                }));
        Http.test(server, http -> {
            String dpo = http.signIn("dpo");
            assertEquals(303, http.post("/networks/accept", Map.of("csrf", http.csrf(dpo)), dpo).code());
            String done = http.get("/?accepted=1", dpo).body();
            assertTrue(done.contains("id=\"networks-audit\""), "the re-run button: " + done);

            String it = http.signIn("it");
            assertEquals(403, http.post("/networks/audit", Map.of("csrf", http.csrf(it)), it).code());
            assertEquals(403, http.post("/networks/audit", Map.of(), dpo).code(), "no form token");
            assertEquals(0, audits.get());

            assertEquals(303, http.post("/networks/audit", Map.of("csrf", http.csrf(dpo)), dpo).code());
            String page = "";
            for (int i = 0; i < 100 && !page.contains("Audit with the new networks: Findings: 3"); i++) {
                Thread.sleep(100);
                page = http.get("/", dpo).body();
            }
            assertTrue(page.contains("Audit with the new networks: Findings: 3 (0 new), with networks.school [198.51.100."),
                    page);
            assertEquals(1, audits.get());
        });
    }
}
