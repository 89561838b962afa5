package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `auditor audit` on a store a retention purge has cut: the events a purge kept as evidence of open
 * findings are not audited again (a logon kept without its logoff is no unfinished session), and
 * findings a purge deleted are neither saved nor counted.
 */
class AuditAfterPurgeTest {

    @TempDir
    static Path dir;
    static Path audited;
    static Path config;
    static Set<String> firstAudit;

    @BeforeAll
    static void sampleSchoolAudited() throws Exception {
        Path samples = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples");
        config = samples.resolve("auditor.yaml");
        audited = dir.resolve("audited.duckdb");
        Cli ingest = Cli.run("ingest", "--db", audited.toString(), "--config", config.toString(),
                samples.resolve("roster").toString(), samples.resolve("mis").toString(),
                samples.resolve("cpoms").toString(), samples.resolve("entra").toString(),
                samples.resolve("google").toString(), samples.resolve("windows").toString());
        assertEquals(0, ingest.exit(), ingest.toString());
        Cli audit = Cli.run("audit", "--db", audited.toString(), "--config", config.toString(), "--out",
                dir.resolve("first.csv").toString());
        assertEquals(0, audit.exit(), audit.toString());
        firstAudit = ids(dir.resolve("first.csv"));
        assertTrue(firstAudit.size() > 20, firstAudit.toString());
    }

    private static Path copy(String name) throws Exception {
        Path db = dir.resolve(name);
        Files.copy(audited, db);
        return db;
    }

    /** "finding_id,detector" of each row of an --out CSV. */
    private static Set<String> ids(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")).map(c -> c[0] + "," + c[1])
                .map(s -> s.replace("\"", "")).collect(Collectors.toSet());
    }

    private static long openFindings(Path db) throws Exception {
        return count(db, "SELECT count(*) FROM findings WHERE status = 'open'");
    }

    private static long findings(Path db) throws Exception {
        return count(db, "SELECT count(*) FROM findings");
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void the_audit_after_a_purge_starts_at_its_cutoff_and_raises_nothing_from_the_evidence_it_kept() throws Exception {
        Path db = copy("cut.duckdb");
        Cli purge = Cli.run("purge", "--db", db.toString(), "--config", config.toString(), "--before", "2026-09-21");
        assertEquals(0, purge.exit(), purge.toString());
        Cli audit = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--out",
                dir.resolve("cut.csv").toString());
        assertEquals(0, audit.exit(), audit.toString());
        assertTrue(audit.out().contains("Note: audited from the purge cut-off, Mon 21 Sep 2026, 00:00, not Mon 7 Sep "
                + "2026"), audit.toString());
        assertTrue(audit.out().contains("Audit of Mon 21 Sep 2026, 00:00 .. "), audit.toString());
        // Before the cut-off the purge kept the logons open findings cite and deleted their logoffs:
        // judged again, each was a "session left open" that never was.
        Set<String> sessions = ids(dir.resolve("cut.csv")).stream().filter(i -> i.endsWith(",missing_logout"))
                .collect(Collectors.toSet());
        Set<String> before = firstAudit.stream().filter(i -> i.endsWith(",missing_logout")).collect(Collectors.toSet());
        assertTrue(before.containsAll(sessions), "no new unfinished session: " + sessions + " against " + before);
        // an explicit earlier start is moved to the cut-off in the same way
        Cli from = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--from", "2026-09-01");
        assertEquals(0, from.exit(), from.toString());
        assertTrue(from.out().contains("Note: audited from the purge cut-off, Mon 21 Sep 2026, 00:00, not Tue 1 Sep "
                + "2026, 00:00"), from.toString());
        assertTrue(from.out().contains("(0 new"), from.toString());
    }

    @Test
    void a_period_wholly_before_the_cutoff_is_not_audited_and_the_open_findings_stay() throws Exception {
        Path db = copy("all-gone.duckdb");
        long open = openFindings(db);
        Cli purge = Cli.run("purge", "--db", db.toString(), "--config", config.toString(), "--before", "2026-10-01");
        assertEquals(0, purge.exit(), purge.toString());
        Cli audit = Cli.run("audit", "--db", db.toString(), "--config", config.toString());
        assertEquals(0, audit.exit(), audit.toString());
        assertTrue(audit.out().contains("Findings: none, nothing audited: Mon 7 Sep 2026"), audit.toString());
        assertTrue(audit.out().contains("lies before the purge cut-off of Thu 1 Oct 2026, 00:00"), audit.toString());
        Cli week = Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--from", "2026-09-21",
                "--to", "2026-09-25");
        assertEquals(0, week.exit(), week.toString());
        assertTrue(week.out().contains("Findings: none, nothing audited"), week.toString());
        assertEquals(open, openFindings(db), "every open finding kept, none raised again or withdrawn");
    }

    @Test
    void findings_a_purge_deleted_are_not_counted_printed_written_or_in_status() throws Exception {
        Path db = copy("findings-gone.duckdb");
        // Open findings are never purged (a period for them is a config error): dismissed ones are,
        // a year after their decision. Every finding dismissed long ago, and a day's retention.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            s.execute("UPDATE findings SET status = 'dismissed', reviewed_at = TIMESTAMP '2026-01-05 09:00:00'");
        }
        Path purgeDismissed = dir.resolve("purge-dismissed.yaml");
        Files.writeString(purgeDismissed, Files.readString(config) + "\nretention:\n  findings:\n    dismissed: 1 day\n");
        Cli purge = Cli.run("purge", "--db", db.toString(), "--config", purgeDismissed.toString());
        assertEquals(0, purge.exit(), purge.toString());
        assertEquals(0, findings(db));
        Path out = dir.resolve("after-purge.csv");
        Cli audit = Cli.run("audit", "--db", db.toString(), "--config", purgeDismissed.toString(), "--out", out.toString());
        assertEquals(0, audit.exit(), audit.toString());
        assertEquals(0, findings(db), "not raised again");
        assertTrue(audit.out().contains("Findings: 0 (0 new)"), audit.toString());
        assertTrue(audit.out().contains("  missing_logout                  0 finding(s)"), audit.toString());
        assertEquals(List.of(), Files.readAllLines(out).stream().skip(1).toList(), "only the header");
        Cli status = Cli.run("status", "--db", db.toString(), "--config", purgeDismissed.toString());
        assertTrue(status.out().contains(": 0 finding(s), 0 new."), status.toString());
    }
}
