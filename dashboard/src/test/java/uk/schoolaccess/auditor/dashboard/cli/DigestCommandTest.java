package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest command over an empty store: dry runs, the config's validation, and no password in 'config'. */
class DigestCommandTest {

    @TempDir
    Path dir;

    @Test
    void dry_run_prints_both_parts_of_the_weekly_digest_and_sends_nothing() {
        uk.schoolaccess.auditor.ingest.store.Store.open(dir.resolve("a.duckdb")).close(); // digest opens only a store that exists
        Cli c = Cli.run("digest", "--dry-run", "--db", dir.resolve("a.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("Subject: Weekly access audit, week of "), c.toString());
        assertTrue(c.out().contains("--- text/plain ---") && c.out().contains("--- text/html ---"), c.toString());
        assertTrue(c.out().contains("http://127.0.0.1:7070/?week="), c.toString());
    }

    @Test
    void a_dry_run_handed_to_a_running_server_links_to_the_port_it_listens_on_unless_the_config_sets_one()
            throws Exception {
        Path db = dir.resolve("a.duckdb");
        Path configured = dir.resolve("links.yaml"); // not auditor.yaml beside the store: that one is read by default
        Files.writeString(configured, "digests:\n  base_url: https://auditor.school.example/\n");
        try (var store = uk.schoolaccess.auditor.ingest.store.Store.open(db)) {
            var owner = new uk.schoolaccess.auditor.dashboard.service.StoreOwner(store);
            owner.servedAt("http://127.0.0.1:7087");
            var handed = new uk.schoolaccess.auditor.dashboard.service.Invocation(dir, java.io.InputStream.nullInputStream(),
                    owner, "dpo", () -> false);
            Cli c = handed.run(() -> Cli.run("digest", "--dry-run", "--db", db.toString()));
            assertEquals(0, c.exit(), c.toString());
            assertTrue(c.out().contains("http://127.0.0.1:7087/?week="), c.toString());
            assertFalse(c.out().contains(":7070"), c.toString());
            Cli withBase = handed.run(() -> Cli.run("digest", "--dry-run", "--db", db.toString(), "--config",
                    configured.toString()));
            assertEquals(0, withBase.exit(), withBase.toString());
            assertTrue(withBase.out().contains("https://auditor.school.example/?week="), withBase.toString());
        }
    }

    @Test
    void sending_with_no_smtp_configured_says_so_and_records_no_failure() throws Exception {
        Path db = dir.resolve("a.duckdb");
        uk.schoolaccess.auditor.ingest.store.Store.open(db).close(); // digest reads only an existing store
        Cli c = Cli.run("digest", "--db", db.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("digests are not set up: the config has no smtp.host"), c.toString());
        assertFalse(c.err().contains("Exception"), c.toString());
        try (var s = uk.schoolaccess.auditor.ingest.store.Store.open(db);
             var st = s.connection().createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM sent_digests")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no delivery failure recorded for the weekly page");
        }
    }

    @Test
    void daily_dry_run_with_nothing_new_says_so() {
        uk.schoolaccess.auditor.ingest.store.Store.open(dir.resolve("a.duckdb")).close(); // digest opens only a store that exists
        Cli c = Cli.run("digest", "--dry-run", "--kind", "daily", "--db", dir.resolve("a.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("nothing would be sent"), c.toString());
    }

    @Test
    void bad_kind_and_bad_config_are_exit_code_2() throws Exception {
        assertEquals(2, Cli.run("digest", "--kind", "monthly", "--db", dir.resolve("a.duckdb").toString()).exit());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "smtp:\n  security: starttls\n  pasword_env: X\n");
        Cli c = Cli.run("digest", "--dry-run", "--config", bad.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("pasword_env"), c.toString());
    }

    @Test
    void config_names_the_password_variable_never_the_password() throws Exception {
        Path yaml = dir.resolve("auditor.yaml");
        Path secret = dir.resolve("smtp-password");
        Files.writeString(secret, "hunter2-not-real\n");
        Files.writeString(yaml, "smtp:\n  host: smtp.example.org\n  password_file: " + secret + "\n");
        Cli c = Cli.run("config", "--config", yaml.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("password_file:"), c.toString());
        assertFalse(c.out().contains("hunter2"), c.toString());
    }
}
