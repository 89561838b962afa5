package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.dashboard.service.ControlServer;
import uk.schoolaccess.auditor.dashboard.service.StoreOwner;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * 'auditor config accept-networks': the school's own range, suggested from the data, goes into
 * networks.school of auditor.yaml beside the store (comments kept), once; --dry-run and --only
 * behave; and the same command handed to a running server (in this JVM, through its control
 * channel) writes the config the caller meant.
 */
class AcceptNetworksCommandTest {

    @TempDir
    Path dir;

    static final String YAML = """
            # Our school (the DPO's notes stay here)
            school:
              id: T
              timezone: Europe/London
            networks:
              approved_remote: []   # no VPN
            """;

    /** Five staff log on at school computers and sign in from the school's gateway minutes later; evenings from home. */
    static void school(Store store, String gateway) throws Exception {
        try (Statement s = store.connection().createStatement()) {
            for (int i = 1; i <= 5; i++) {
                for (int day = 14; day <= 15; day++) {
                    s.execute("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, logon_id, "
                            + "kind, logon_type, interactive) VALUES ('w" + i + day + "', 'windows', TIMESTAMP '2026-09-"
                            + day + " 07:30:00', 'a" + i + "', 'S" + i + "', 'RM0" + i + "', '0x1', 'logon', 2, true)");
                    s.execute("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, success) VALUES ('s"
                            + i + day + "', 'entra', TIMESTAMP '2026-09-" + day + " 07:33:00', 'a" + i + "', 'S" + i
                            + "', 'OfficeHome', '" + gateway + (i % 2 == 0 ? 3 : 9) + "', true)");
                    s.execute("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, success) VALUES ('h"
                            + i + day + "', 'entra', TIMESTAMP '2026-09-" + day + " 19:00:00', 'a" + i + "', 'S" + i
                            + "', 'OfficeHome', '192.0.2." + (10 * i) + "', true)");
                }
            }
        }
    }

    @Test
    void adds_the_suggested_range_beside_the_store_once_keeping_the_file() throws Exception {
        Path db = dir.resolve("audit.duckdb");
        try (Store store = Store.open(db)) {
            school(store, "198.51.100.");
        }
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, YAML);

        Cli dry = Cli.run("config", "accept-networks", "--db", db.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("Suggested: 198.51.100.0/28: 5 staff signed in from it within 15 minutes of logging "
                + "on at a school computer (10 school-PC logon(s) coincided), on Mon 14 Sep 2026, Tue 15 Sep 2026."),
                dry.toString());
        assertTrue(dry.out().contains("Dry run: nothing written"), dry.toString());
        assertEquals(YAML, Files.readString(yaml));

        Cli wrong = Cli.run("config", "accept-networks", "--db", db.toString(), "--only", "10.0.0.0/8");
        assertEquals(2, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("--only 10.0.0.0/8: not a range the data suggests (198.51.100.0/28)"),
                wrong.toString());

        Cli first = Cli.run("config", "accept-networks", "--db", db.toString());
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("Added 198.51.100.0/28 to networks.school in " + yaml), first.toString());
        assertTrue(first.out().contains("takes effect for the next audit"), first.toString());
        assertEquals(YAML.replace("networks:\n", "networks:\n  school: [198.51.100.0/28]\n"), Files.readString(yaml));
        Cli shown = Cli.run("config", "--db", db.toString());
        assertTrue(shown.out().contains("198.51.100.0/28"), "the effective config has it: " + shown);

        Cli second = Cli.run("config", "accept-networks", "--db", db.toString());
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("Nothing to add: networks.school (in " + yaml + ") already covers "
                + "198.51.100.0/28."), second.toString());
        assertEquals(YAML.replace("networks:\n", "networks:\n  school: [198.51.100.0/28]\n"), Files.readString(yaml));
    }

    @Test
    void with_no_config_file_it_starts_auditor_yaml_beside_the_store_that_the_next_audit_reads() throws Exception {
        Path db = dir.resolve("fresh").resolve("audit.duckdb");
        Files.createDirectories(db.getParent());
        try (Store store = Store.open(db)) {
            school(store, "198.51.100.");
        }
        Cli r = Cli.run("config", "accept-networks", "--db", db.toString());
        assertEquals(0, r.exit(), r.toString());
        Path yaml = db.resolveSibling("auditor.yaml");
        assertTrue(r.out().contains("Added 198.51.100.0/28 to networks.school in " + yaml), r.toString());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(yaml)));
        assertEquals(java.util.List.of("198.51.100.0/28"), uk.schoolaccess.auditor.analytics.config.AuditSettings.from(
                uk.schoolaccess.auditor.ingest.config.ConfigFile.locate(null, db)).networks().school());
    }

    @Test
    void handed_to_a_running_server_it_writes_the_callers_config() throws Exception {
        Path db = dir.resolve("served").resolve("audit.duckdb");
        Files.createDirectories(db.getParent());
        Path yaml = dir.resolve("elsewhere.yaml");
        Files.writeString(yaml, YAML);
        AtomicInteger handled = new AtomicInteger();
        try (Store store = Store.open(db)) {
            school(store, "203.0.113.");
            StoreOwner owner = new StoreOwner(store);
            try (ControlServer control = ControlServer.start(owner, (args, out, err) -> {
                handled.incrementAndGet();
                return AuditorMain.run(args, out, err);
            })) {
                Cli r = Cli.run("config", "accept-networks", "--db", db.toString(), "--config", yaml.toString());
                assertEquals(0, r.exit(), r.toString());
                assertEquals(1, handled.get(), "the server ran it");
                assertTrue(r.out().contains("Added 203.0.113.0/28 to networks.school in " + yaml), r.toString());
            }
        }
        assertEquals(YAML.replace("networks:\n", "networks:\n  school: [203.0.113.0/28]\n"), Files.readString(yaml));
        assertFalse(Files.exists(db.resolveSibling("auditor.yaml")), "only the config the caller named");
    }
}
