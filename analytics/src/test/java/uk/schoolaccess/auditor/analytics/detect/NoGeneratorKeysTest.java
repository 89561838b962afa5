package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The detectors must hold on a school the generator did not make: no rule may key on something
 * only the generator produces (issue 15). This reads every detector's SQL and the Java that judges
 * its rows (detect, session, explain, baseline) for the generator's own host names (its
 * {@code DESKTOP-…} home PCs, {@code FAMILY-PC…}, the {@code NFS-…} school computers and laptops),
 * its Windows domain, and its address plan (the documentation ranges it draws school, home,
 * mobile and abroad from, and its classroom subnets). Which computers are the school's, which
 * addresses are, and which devices are phones must be learnt from the logs, the config or
 * standard fields (user agent, device compliance), never from these.
 */
class NoGeneratorKeysTest {

    /** What only the generator writes (ingest/…/generate: Campus, SharedLoginCases, SignInCases, StaffMember, Origin). */
    static final List<String> GENERATOR_ONLY = List.of("desktop-", "family-pc", "nfs-", "-rm0", "-it1-", "-off-pc",
            "-stf-pc", "-lt-", "northfield", "198.51.100.", "203.0.113.", "198.18.", "192.0.2.", "10.20.", "10.30.",
            "10.40.");

    static final List<Path> RULES = List.of(Path.of("src/main/resources/detectors"),
            Path.of("src/main/java/uk/schoolaccess/auditor/analytics/detect"),
            Path.of("src/main/java/uk/schoolaccess/auditor/analytics/session"),
            Path.of("src/main/java/uk/schoolaccess/auditor/analytics/explain"),
            Path.of("src/main/java/uk/schoolaccess/auditor/analytics/baseline"));

    @Test
    void no_detector_rule_keys_on_the_generators_host_names_domain_or_address_plan() throws IOException {
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path dir : RULES) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.filter(p -> p.toString().endsWith(".sql") || p.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).toLowerCase(Locale.ROOT);
                        String code = stripComment(line);
                        for (String key : GENERATOR_ONLY) {
                            if (code.contains(key)) {
                                hits.add(f + ":" + (i + 1) + ": " + key + ": " + lines.get(i).strip());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 20, "the detectors' sources were read (" + files + " files)");
        assertEquals(List.of(), hits, "detector rules keyed on what only the generator produces");
    }

    @Test
    void the_check_sees_a_generator_key_in_code_but_not_in_a_comment() {
        assertTrue(stripComment("where workstation like 'desktop-%'").contains("desktop-"));
        assertEquals("select 1 ", stripComment("select 1 -- a home pc (desktop-…)"));
        assertEquals("int x = 1; ", stripComment("int x = 1; // e.g. 203.0.113.7"));
        assertEquals("", stripComment(" * like the generator's desktop-abc1234"));
    }

    /** The code of a line: SQL and Java comments name examples (a home PC's DESKTOP-… name) and are not rules. */
    static String stripComment(String line) {
        String t = line.stripLeading();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("--")) {
            return "";
        }
        int sql = line.indexOf("-- ");
        int java = line.indexOf("// ");
        int cut = sql < 0 ? java : java < 0 ? sql : Math.min(sql, java);
        return cut < 0 ? line : line.substring(0, cut);
    }
}
