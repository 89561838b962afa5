package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'auditor quarantine': what an IT person needs to fix an export (file, reasons, lines), and the
 * rows' own text only when asked for, as it can hold pupils' names.
 */
class QuarantineCommandTest {

    @TempDir
    Path dir;

    @Test
    void lists_each_loads_reasons_and_lines_and_the_raw_text_only_on_request() throws Exception {
        Path db = dir.resolve("audit.duckdb");
        Path clean = dir.resolve("clean");
        Files.createDirectories(clean);
        Files.writeString(clean.resolve("sims-week.csv"), """
                Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records
                07/09/2026,07:36,LAhmed,NFS-RM14-PC01,System,Login,,,
                """);
        assertEquals(0, Cli.run("ingest", "--db", db.toString(), clean.toString()).exit());
        Cli none = Cli.run("quarantine", "--db", db.toString());
        assertEquals(0, none.exit(), none.toString());
        assertTrue(none.out().contains("No quarantined rows"), none.toString());

        Path bad = dir.resolve("sims-broken.csv");
        Files.writeString(bad, """
                Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records
                07/09/2026,07:36,LAhmed,NFS-RM14-PC01,System,Login,,,
                31/09/2026,07:40,LAhmed,NFS-RM14-PC01,Student,View,Student,P00001 Begum,1
                07/09/2026,07:41,LAhmed,NFS-RM14-PC01
                07/09/2026,07:42,LAhmed,NFS-RM14-PC01
                07/09/2026,07:43,LAhmed,NFS-RM14-PC01,System,Logout,,,
                """);
        Cli ingest = Cli.run("ingest", "--db", db.toString(), bad.toString());
        assertTrue(ingest.out().contains("'auditor quarantine' lists them"), ingest.toString());

        Cli list = Cli.run("quarantine", "--db", db.toString());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("Quarantined rows: 3 from 1 load(s)."), list.toString());
        assertTrue(list.out().contains(bad + " (loaded "), list.toString());
        assertTrue(list.out().contains("(lines 4, 5)"), "a reason's lines together: " + list);
        assertTrue(list.out().contains("(line 3)"), list.toString());
        assertFalse(list.out().contains("Begum"), "no row's text unless asked for: " + list);

        Cli rows = Cli.run("quarantine", "--db", db.toString(), "--file", "broken");
        assertTrue(rows.out().contains("  line 3: "), rows.toString());
        assertTrue(rows.out().contains("  line 5: "), rows.toString());
        assertFalse(rows.out().contains("Begum"), rows.toString());
        Cli raw = Cli.run("quarantine", "--db", db.toString(), "--file", "broken", "--raw");
        assertTrue(raw.out().contains("    31/09/2026,07:40,LAhmed"), raw.toString());

        Cli rawAlone = Cli.run("quarantine", "--db", db.toString(), "--raw");
        assertEquals(2, rawAlone.exit(), rawAlone.toString());
        assertTrue(rawAlone.err().contains("--raw needs --file"), rawAlone.toString());
    }
}
