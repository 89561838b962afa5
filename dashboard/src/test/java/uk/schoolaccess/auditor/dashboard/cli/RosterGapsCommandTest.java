package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `generate --roster-gaps` leaves whole teaching groups out of the export; `audit` splits coverage
 * into roster and activity; `status` shows the roster health a DPO needs to fix the export.
 */
class RosterGapsCommandTest {

    @TempDir
    Path dir;

    @Test
    void an_incomplete_export_is_audited_and_its_gaps_shown_by_status() throws Exception {
        Path complete = dir.resolve("complete");
        Path gapped = dir.resolve("gapped");
        for (Path school : new Path[] {complete, gapped}) {
            Cli g = Cli.run("generate", "--out", school.toString(), "--seed", "5", "--pupils", "200", "--staff", "25",
                    "--weeks", "3", "--roster-gaps", school == gapped ? "0.15" : "0");
            assertEquals(0, g.exit(), g.toString());
        }
        long all = Files.readAllLines(complete.resolve("roster/teaching_groups.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).distinct().count();
        long kept = Files.readAllLines(gapped.resolve("roster/teaching_groups.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).distinct().count();
        assertEquals(Math.round(all * 0.85), kept, "whole groups left out");
        Path misLog;
        try (var logs = Files.list(complete.resolve("mis"))) {
            misLog = complete.resolve("mis").relativize(logs.sorted().findFirst().orElseThrow());
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(complete.resolve("mis").resolve(misLog)),
                Files.readAllBytes(gapped.resolve("mis").resolve(misLog))), "the school's activity is unchanged");

        Path db = dir.resolve("audit.duckdb");
        String config = gapped.resolve("auditor.yaml").toString();
        Cli ingest = Cli.run("ingest", "--db", db.toString(), "--config", config, gapped.resolve("roster").toString(),
                gapped.resolve("mis").toString(), gapped.resolve("cpoms").toString());
        assertEquals(0, ingest.exit(), ingest.toString());
        Cli audit = Cli.run("audit", "--db", db.toString(), "--config", config);
        assertEquals(0, audit.exit(), audit.toString());
        Matcher split = Pattern.compile("\\([\\d.]+% by the roster, ([\\d.]+)% only from activity\\)")
                .matcher(audit.out());
        assertTrue(split.find(), audit.toString());
        assertTrue(Double.parseDouble(split.group(1)) > 0, "activity explains what the export leaves out: " + audit);

        Cli status = Cli.run("status", "--db", db.toString());
        assertEquals(0, status.exit(), status.toString());
        Matcher health = Pattern.compile("Roster health: (\\d+) class\\(es\\) taught by (\\d+) staff").matcher(status.out());
        assertTrue(health.find(), status.toString());
        assertTrue(Integer.parseInt(health.group(1)) > 0, status.toString());
        assertTrue(status.out().contains("regularly registered by S"), status.toString());
        assertTrue(status.out().contains("only from activity"), status.toString());
    }
}
