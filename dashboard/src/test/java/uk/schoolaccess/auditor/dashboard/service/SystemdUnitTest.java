package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The shipped unit file (deploy/auditor.service) is one systemd accepts, and runs the server as
 * an unprivileged user with private files. systemd-analyze is not on every machine: without it
 * the check is skipped with a message, the file's own promises are still checked.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("..", "deploy", "auditor.service").toAbsolutePath().normalize();

    @Test
    void theUnitRunsServeAsAnUnprivilegedUserWithPrivateFiles() throws Exception {
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("ExecStart=/opt/auditor/auditor serve "), unit);
        assertTrue(unit.contains("--bind 127.0.0.1"), "loopback only unless the school puts HTTPS in front");
        assertTrue(unit.contains("User=auditor"));
        assertTrue(unit.contains("UMask=0077"));
        assertTrue(unit.contains("ReadWritePaths=/var/lib/auditor"));
        assertTrue(Files.readString(UNIT.getParent().getParent().resolve("docs").resolve("operations.md"))
                .contains("deploy/auditor.service"), "the operations guide explains the unit");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here: the unit file was not "
                + "verified by systemd (install the systemd package to check it)");
        // The unit names where a school installs the auditor; verify it against this checkout instead.
        Path root = UNIT.getParent().getParent();
        Path copy = Files.createTempDirectory("unit").resolve("auditor.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/opt/auditor", root.toString()));
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().noneMatch(l -> l.contains("auditor.service")), out);
    }
}
