package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpTest {

    @Test
    void top_level_help_lists_every_working_command_and_nothing_else() {
        Cli c = Cli.run("--help");
        assertEquals(0, c.exit(), c.toString());
        for (String command : new String[] {"demo", "ingest", "audit", "serve", "digest", "users", "status", "quarantine", "config", "generate", "export", "encrypt", "purge", "jobs", "backup", "restore"}) {
            assertTrue(c.out().contains("  " + command), command + "\n" + c);
        }
        for (String notYet : new String[] {"  notebook", "  sar "}) {
            assertFalse(c.out().contains(notYet), "lists only commands that work: " + notYet);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "ingest", "audit", "serve", "digest", "users", "status", "quarantine", "config", "generate", "export", "encrypt", "purge", "jobs", "backup", "restore"})
    void each_command_describes_its_options(String command) {
        Cli c = Cli.run(command, "--help");
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("Usage: auditor " + command), c.toString());
    }

    @Test
    void ingest_help_lists_every_format_from_the_registry() {
        Cli c = Cli.run("ingest", "--help");
        for (String format : new String[] {"roster-staff", "roster-pupils", "roster-teaching-groups", "roster-pastoral",
                "roster-incidents", "record-access", "sims", "cpoms"}) {
            assertTrue(c.out().lines().anyMatch(l -> l.equals("  " + format)), format + "\n" + c);
        }
        assertTrue(c.out().contains("--profile"));
    }

    @Test
    void bad_usage_is_exit_code_2_with_a_pointer_to_help() {
        Cli c = Cli.run("ingest");
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("auditor ingest --help"), c.toString());
        assertEquals(2, Cli.run("frobnicate").exit());
    }
}
