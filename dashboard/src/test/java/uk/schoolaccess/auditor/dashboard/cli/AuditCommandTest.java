package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `auditor audit` through the command line: a memory cap gives the same findings; bad values are refused. */
class AuditCommandTest {

    @TempDir
    static Path dir;
    static Path db;
    static Path config;

    @BeforeAll
    static void school() {
        Path school = dir.resolve("school");
        assertEquals(0, Cli.run("generate", "--out", school.toString(), "--seed", "5", "--pupils", "200", "--staff",
                "25", "--weeks", "2").exit());
        db = dir.resolve("audit.duckdb");
        config = school.resolve("auditor.yaml");
        Cli ingest = Cli.run("ingest", "--db", db.toString(), "--config", config.toString(),
                school.resolve("roster").toString(), school.resolve("mis").toString(), school.resolve("cpoms").toString(),
                school.resolve("windows").toString(), school.resolve("entra").toString());
        assertEquals(0, ingest.exit(), ingest.toString());
    }

    @Test
    void a_memory_cap_gives_the_same_findings() throws Exception {
        Cli free = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--out",
                dir.resolve("free.csv").toString());
        assertEquals(0, free.exit(), free.toString());
        Cli capped = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--memory-limit", "256MB",
                "--out", dir.resolve("capped.csv").toString());
        assertEquals(0, capped.exit(), capped.toString());
        assertTrue(Files.readAllLines(dir.resolve("free.csv")).size() > 5);
        assertEquals(Files.readAllLines(dir.resolve("free.csv")), Files.readAllLines(dir.resolve("capped.csv")));
        if (uk.schoolaccess.auditor.ingest.store.PrivateFiles.posix()) {
            // under the build's umask (022): findings and any spill folder are the service user's only
            assertEquals("rw-------", uk.schoolaccess.auditor.ingest.store.PrivateFiles.mode(dir.resolve("free.csv")));
            Path spill = Path.of(db + ".tmp");
            if (Files.exists(spill)) {
                assertEquals("rwx------", uk.schoolaccess.auditor.ingest.store.PrivateFiles.mode(spill));
            }
        }
    }

    @Test
    void the_json_export_keeps_utc_and_adds_school_time_and_status_says_when_the_audit_ran() throws Exception {
        Path json = dir.resolve("findings.json");
        Cli run = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--out", json.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("(Europe/London)"), "the period in school time: " + run.out());
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get(0);
        java.time.Instant utc = java.time.Instant.parse(first.get("first_seen").asText());
        assertTrue(first.get("first_seen").asText().endsWith("Z"));
        java.time.OffsetDateTime local = java.time.OffsetDateTime.parse(first.get("first_seen_local").asText());
        assertEquals(utc, local.toInstant(), "the same moment");
        assertEquals(java.time.ZoneId.of("Europe/London").getRules().getOffset(utc), local.getOffset());
        Cli status = Cli.run("status", "--db", db.toString(), "--config", config.toString());
        assertTrue(status.out().contains("Last audit: ") && !status.out().contains("Last audit: none"), status.toString());
    }

    @Test
    void refuses_a_memory_limit_that_is_not_a_size_or_is_given_to_spark() {
        Cli bad = Cli.run("audit", "--db", db.toString(), "--memory-limit", "lots");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--memory-limit lots: a size such as 512MB or 4GB"), bad.toString());
        Cli spark = Cli.run("audit", "--engine", "spark", "--input", dir.toString(), "--memory-limit", "1GB");
        assertEquals(2, spark.exit(), spark.toString());
        assertTrue(spark.err().contains("--memory-limit is for the duckdb engine"), spark.toString());
    }
}
