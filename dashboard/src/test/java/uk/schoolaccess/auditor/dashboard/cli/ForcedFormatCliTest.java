package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tester's cases through the command line: {@code --format} on a file of another layout is
 * refused with exit code 2 and nothing stored; Excel's "Unicode Text" save of a CPOMS export loads.
 */
class ForcedFormatCliTest {

    @TempDir
    Path dir;

    private static final Path CPOMS = Path.of(System.getProperty("auditor.repo.root", ".."))
            .resolve("data-samples/cpoms/cpoms-audit-week-01.csv");

    @Test
    void a_forced_format_of_another_layout_is_refused_and_unicode_text_loads() throws Exception {
        Path db = dir.resolve("f.duckdb");
        Cli refused = Cli.run("ingest", "--db", db.toString(), "--format", "sims", CPOMS.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("not a sims export (--format sims): its header lacks the required column"),
                refused.toString());
        assertFalse(refused.out().contains("quarantined 1"), refused.toString());

        // Excel's "Unicode Text": UTF-16 LE with a byte-order mark, tab separated (no cell of the sample is quoted)
        String tsv = "\uFEFF" + Files.readString(CPOMS).replace("\r\n", "\n").replace("\n", "\r\n").replace(",", "\t");
        Path text = Files.write(dir.resolve("cpoms-unicode.txt"), tsv.getBytes(StandardCharsets.UTF_16LE));
        Cli loaded = Cli.run("ingest", "--db", db.toString(), text.toString());
        assertEquals(0, loaded.exit(), loaded.toString());
        assertTrue(loaded.out().contains(": cpoms, read "), loaded.toString());
        assertTrue(loaded.out().contains("quarantined 0,"), loaded.toString());
        Cli again = Cli.run("ingest", "--db", db.toString(), CPOMS.toString());
        assertTrue(again.out().contains("added 0,"), "the same events as the CSV: " + again);
    }
}
