package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;

class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void the_printed_configuration_is_a_valid_config_file_with_the_same_settings() throws Exception {
        Path mine = dir.resolve("auditor.yaml");
        Files.writeString(mine, "school: {id: NFS}\nnetworks: {school: [198.51.100.0/28]}\n"
                + "detectors: {out_of_role_access: {min_unexplained: 9}}\n");
        Cli c = Cli.run("config", "--config", mine.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("min_unexplained: 9.0"), c.toString());
        Path printed = Files.writeString(dir.resolve("printed.yaml"), c.out());
        ConfigFile again = ConfigFile.load(printed);
        assertEquals(IngestSettings.from(ConfigFile.load(mine)), IngestSettings.from(again));
        AuditSettings a = AuditSettings.from(ConfigFile.load(mine));
        AuditSettings b = AuditSettings.from(again);
        assertEquals(a.networks(), b.networks());
        assertEquals(a.apps(), b.apps());
        assertEquals(9.0, b.detectors().get("out_of_role_access").get("min_unexplained"));
    }

    @Test
    void a_misspelt_key_is_refused_with_the_file_named() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "networks: {shool: [10.0.0.0/8]}\n");
        Cli c = Cli.run("config", "--config", bad.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("bad.yaml") && c.err().contains("shool"), c.toString());
    }

    @Test
    void the_dashboard_section_is_printed_and_checked() throws Exception {
        Path mine = Files.writeString(dir.resolve("auditor.yaml"),
                "dashboard: {https: true, trusted_proxies: [127.0.0.1, 10.1.0.0/16], session_hours: 8}\n");
        Cli c = Cli.run("config", "--config", mine.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        var printed = uk.schoolaccess.auditor.dashboard.web.DashboardSettings.from(
                ConfigFile.load(Files.writeString(dir.resolve("printed.yaml"), c.out())));
        assertEquals(uk.schoolaccess.auditor.dashboard.web.DashboardSettings.from(ConfigFile.load(mine)), printed);
        assertTrue(printed.https() && printed.trustedProxy("10.1.2.3") && !printed.trustedProxy("10.2.0.1"));
        assertEquals(java.time.Duration.ofHours(8), printed.sessionLifetime());

        for (String bad : new String[] {"dashboard: {session_hour: 8}\n", "dashboard: {session_hours: 0}\n",
                "dashboard: {trusted_proxies: [proxy.school.example]}\n"}) {
            Path file = Files.writeString(dir.resolve("bad.yaml"), bad);
            Cli refused = Cli.run("config", "--config", file.toString(), "--db", dir.resolve("a.duckdb").toString());
            assertEquals(2, refused.exit(), bad + refused);
            assertTrue(refused.err().contains("dashboard") || refused.err().contains("session_hour"), refused.toString());
        }
    }
}
