package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The weekly page's roster health over HTTP, on a generated school whose teaching-groups export
 * leaves out 15% of its groups: the teachers of the groups left out are listed, and coverage is
 * split into what the roster explains and what only activity does.
 */
class RosterHealthHttpTest {

    @TempDir
    static Path dir;
    static Store store;
    static WebServer server;
    static List<String> leftOutTeachers;

    @BeforeAll
    static void school() throws Exception {
        Path samples = dir.resolve("school");
        SchoolGenerator.generate(new GeneratorOptions(samples, 200, 30, 3, LocalDate.parse("2026-09-07"), 42, "NFS")
                .withRosterGaps(0.15));
        store = Store.open(dir.resolve("audit.duckdb"));
        ConfigFile config = ConfigFile.load(samples.resolve("auditor.yaml"));
        new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.from(config)), new Ingestor.Listener() {
            public void finished(BatchResult r) {
            }

            public void unrecognised(SourceFile f, List<String> h) {
            }

            public void failed(SourceFile f, String reason) {
                throw new IllegalStateException(f + ": " + reason);
            }
        }).run(TestSchool.FOLDERS.stream().map(samples::resolve).filter(Files::isDirectory).toList(), null);
        AuditSettings settings = AuditSettings.from(config);
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        DuckDbEngine duck = new DuckDbEngine(store.connection());
        AuditPeriod whole = Audit.wholeStore(new AuditContext(duck, new AuditPeriod(java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(1)), settings, zone));
        Audit.run(new AuditContext(duck, whole, settings, zone), Detectors.all(), store.connection());
        new Users(store.connection()).add("dpo", Role.DPO, TestSchool.PASSWORD.toCharArray());
        server = new WebServer(new Db(store.connection()), settings, zone, Clock.systemUTC());
        // The answer key: the teachers of the groups the export left out (manifest.json).
        leftOutTeachers = new java.util.ArrayList<>();
        new ObjectMapper().readTree(samples.resolve("manifest.json").toFile()).get("teaching_groups_left_out")
                .forEach(g -> leftOutTeachers.add(g.get("staff_id").asText()));
        assertFalse(leftOutTeachers.isEmpty(), "the export leaves groups out");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void the_weekly_page_lists_teaching_the_roster_does_not_and_splits_coverage() {
        Http.test(server, http -> {
            String dpo = http.signIn("dpo");
            Http.Reply r = http.get("/?week=2026-09-14", dpo);
            assertEquals(200, r.code(), r.toString());
            String body = r.body();
            assertTrue(body.contains("id=\"roster-health\""), "a roster health section");
            assertTrue(Pattern.compile("Last audit: [^<]*, of Mon 7 Sep 2026 to \\w{3} \\d{1,2} \\w{3} 2026 \\(\\d+ findings")
                    .matcher(body).find(), "the last audit says which period it covered: " + body);
            Matcher gaps = Pattern.compile("<ul id=\"roster-gaps\">(.*?)</ul>", Pattern.DOTALL).matcher(body);
            assertTrue(gaps.find(), "the classes the roster does not list: " + body);
            Matcher line = Pattern.compile("<li><a href=\"/people/(S\\d+)\">\\1</a>: (\\d+) pupils regularly registered by "
                    + "\\1 on \\w+days at \\d\\d:\\d\\d-\\d\\d:\\d\\d \\((\\d+) school days").matcher(gaps.group(1));
            int listed = 0;
            while (line.find()) {
                listed++;
                assertTrue(leftOutTeachers.contains(line.group(1)), line.group(1) + " teaches a group left out of the "
                        + "export (" + leftOutTeachers + ")");
                assertTrue(Integer.parseInt(line.group(3)) >= 3, "seen in three weeks at least: " + line.group());
            }
            assertTrue(listed > 0, gaps.group(1));
            Matcher split = Pattern.compile("By the roster: <strong>([\\d.]+)%</strong>.*?activity.*?<strong>([\\d.]+)%"
                    + "</strong>", Pattern.DOTALL).matcher(body);
            assertTrue(split.find(), "coverage split: " + body);
            assertTrue(Double.parseDouble(split.group(2)) > 0, "some accesses only activity explains: " + split.group());
            assertFalse(Pattern.compile("\\bP\\d{5}\\b").matcher(gaps.group(1)).find(), "no pupil ids in the list");
        });
    }
}
