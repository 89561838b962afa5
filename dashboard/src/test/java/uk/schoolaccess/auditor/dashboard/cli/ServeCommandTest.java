package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'auditor serve' on a port another program holds: a plain answer, and no control file left behind. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_port_in_use_is_named_with_what_to_do_and_leaves_no_server_behind() throws Exception {
        Path store = dir.resolve("audit.duckdb");
        Path samples = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples");
        assertEquals(0, Cli.run("ingest", "--db", store.toString(), samples.resolve("roster").toString()).exit());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            Cli c = assertTimeoutPreemptively(Duration.ofMinutes(1),
                    () -> Cli.run("serve", "--db", store.toString(), "--port", port));
            assertEquals(2, c.exit(), c.toString());
            assertTrue(c.err().contains("port " + port + " on 127.0.0.1 is in use by another program: pick another with "
                    + "--port"), c.toString());
            assertFalse(Files.exists(dir.resolve("audit.duckdb.server")), "no control file naming a server that never ran");
        }
        assertEquals(0, Cli.run("status", "--db", store.toString()).exit(), "the store is free again");
    }
}
