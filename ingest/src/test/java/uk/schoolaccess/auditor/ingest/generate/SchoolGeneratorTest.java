package uk.schoolaccess.auditor.ingest.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchoolGeneratorTest {
    private static final GeneratorOptions TINY = new GeneratorOptions(Path.of("unused"), 200, 30, 2,
            LocalDate.of(2026, 9, 7), 3L, "NFS");

    @Test
    void the_same_seed_writes_byte_identical_files(@TempDir Path a, @TempDir Path b) throws Exception {
        SchoolGenerator.generate(TINY.withOut(a));
        SchoolGenerator.generate(TINY.withOut(b));
        Map<String, String> first = hashes(a);
        assertEquals(first, hashes(b));
        assertTrue(first.size() > 15, "expected roster, weekly logs, labels and manifest, got " + first.keySet());
    }

    @Test
    void a_different_seed_writes_a_different_school(@TempDir Path a, @TempDir Path b) throws Exception {
        SchoolGenerator.generate(TINY.withOut(a));
        GeneratorOptions other = new GeneratorOptions(b, 200, 30, 2, TINY.start(), 4L, "NFS");
        SchoolGenerator.generate(other);
        Map<String, String> first = hashes(a);
        Map<String, String> second = hashes(b);
        assertEquals(first.keySet(), second.keySet());
        for (String file : first.keySet()) {
            if (!file.equals("manifest.json") && !file.equals("auditor.yaml")) assertNotEquals(first.get(file), second.get(file), file);
        }
    }

    @Test
    void a_small_school_is_generated_quickly(@TempDir Path out) throws Exception {
        GeneratorReport report = SchoolGenerator.generate(TINY.withOut(out));
        assertTrue(report.elapsed().compareTo(Duration.ofSeconds(10)) < 0, "took " + report.elapsed());
        assertTrue(report.totalRows() > 10_000, "rows " + report.totalRows());
        assertEquals(2L, report.rowsPerFile().keySet().stream().filter(f -> f.startsWith("mis/")).count());
    }

    @Test
    void the_default_school_has_a_few_hundred_thousand_rows(@TempDir Path out) throws Exception {
        GeneratorReport report = SchoolGenerator.generate(GeneratorOptions.defaults(out));
        long total = report.totalRows();
        assertTrue(total > 200_000 && total < 1_500_000, "total rows " + total);
        assertEquals(6L, report.rowsPerFile().keySet().stream().filter(f -> f.startsWith("windows/")).count());
        assertEquals(1200L, report.rowsPerFile().get("roster/pupils.csv"));
        assertEquals(120L, report.rowsPerFile().get("roster/staff.csv"));
    }

    @Test
    void the_report_counts_what_is_on_disk(@TempDir Path out) throws Exception {
        GeneratorReport report = SchoolGenerator.generate(TINY.withOut(out));
        for (Map.Entry<String, Long> e : report.rowsPerFile().entrySet()) {
            Path file = out.resolve(e.getKey());
            long lines;
            try (Stream<String> s = Files.lines(file)) {
                lines = s.count();
            }
            long expected = e.getKey().endsWith(".ndjson") ? e.getValue()
                    : e.getKey().endsWith(".json") ? e.getValue() + 2 : e.getValue() + 1;
            // CSV data rows never contain line breaks, so lines = header + rows.
            assertEquals(expected, lines, e.getKey());
        }
    }

    @Test
    void impossible_options_are_refused_with_a_clear_message() {
        Path out = Path.of("unused");
        LocalDate monday = LocalDate.of(2026, 9, 7);
        assertMessage("pupils must be at least 50", () -> new GeneratorOptions(out, 49, 120, 6, monday, 1, "NFS"));
        assertMessage("staff must be at least 20", () -> new GeneratorOptions(out, 1200, 19, 6, monday, 1, "NFS"));
        assertMessage("weeks must be at least 1", () -> new GeneratorOptions(out, 1200, 120, 0, monday, 1, "NFS"));
        assertMessage("start must be a Monday", () -> new GeneratorOptions(out, 1200, 120, 6, monday.plusDays(1), 1, "NFS"));
        // The options as the command line names them, not the Java fields.
        assertMessage("--school-id must be 2-8 capital letters", () -> new GeneratorOptions(out, 1200, 120, 6, monday, 1, "n f"));
        assertMessage("--roster-gaps must be at least 0", () -> new GeneratorOptions(out, 1200, 120, 6, monday, 1, "NFS", -1));
    }

    @Test
    void defaults_are_the_documented_ones() {
        GeneratorOptions d = GeneratorOptions.defaults(Path.of("x"));
        assertEquals(1200, d.pupils());
        assertEquals(120, d.staff());
        assertEquals(6, d.weeks());
        assertEquals(LocalDate.of(2026, 9, 7), d.start());
        assertEquals(1L, d.seed());
        assertEquals("NFS", d.schoolId());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Map<String, String> hashes(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(root.relativize(p).toString().replace('\\', '/'), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}
