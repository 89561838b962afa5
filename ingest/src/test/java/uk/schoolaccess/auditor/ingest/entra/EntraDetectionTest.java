package uk.schoolaccess.auditor.ingest.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;

/** Each Entra shape is recognised as itself, and no Entra reader claims another family's file. */
class EntraDetectionTest {

    private static final Set<String> ENTRA = Set.of("entra-admin-csv", "entra-log-analytics-csv", "entra-graph-json",
            "entra-azure-monitor-json");
    private static final Path REAL = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("../shared/samples/real");

    private static String detected(SourceFile file) throws IOException {
        return Readers.builtIn().detect(Sniff.of(file)).map(SourceReader::format).orElse("(none)");
    }

    @Test
    void recognises_each_entra_fixture_as_its_own_shape() throws IOException {
        Map<String, String> expected = Map.of(
                "admin-centre-signins.csv", "entra-admin-csv",
                "admin-centre-signins-older-download.csv", "entra-admin-csv",
                "log-analytics-signinlogs-plain.csv", "entra-log-analytics-csv",
                "log-analytics-signinlogs-split.csv", "entra-log-analytics-csv",
                "graph-signins-page.json", "entra-graph-json",
                "graph-signins.ndjson", "entra-graph-json",
                "azure-monitor-signins.json", "entra-azure-monitor-json");
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), detected(SourceFile.of(path("entra/" + e.getKey()))), e.getKey());
        }
    }

    @Test
    void lists_the_four_entra_formats_for_the_format_option() {
        assertTrue(Readers.builtIn().formats().containsAll(ENTRA), Readers.builtIn().formats().toString());
    }

    @Test
    void claims_none_of_the_roster_mis_cpoms_or_neutral_fixtures() throws IOException {
        for (String folder : List.of("roster", "mis", "cpoms", "neutral")) {
            for (SourceFile f : SourceLocator.expand(List.of(path(folder)))) {
                assertEquals(0, entraScore(f), f.name());
            }
        }
    }

    @Test
    void claims_none_of_the_real_google_and_windows_exports() throws IOException {
        assumeTrue(Files.isDirectory(REAL.resolve("google")) && Files.isDirectory(REAL.resolve("windows")),
                "the shared real samples are not here: " + REAL);
        List<SourceFile> others = SourceLocator.expand(List.of(REAL.resolve("google"), REAL.resolve("windows")));
        assertFalse(others.isEmpty());
        for (SourceFile f : others) {
            assertEquals(0, entraScore(f), f.name());
        }
    }

    @Test
    void the_real_log_analytics_export_is_recognised_only_as_log_analytics() throws IOException {
        Path real = REAL.resolve("entra/signinlogs-loganalytics-adelete.csv");
        assumeTrue(Files.isRegularFile(real), "the shared real samples are not here: " + real);
        SourceFile f = SourceFile.of(real);
        assertEquals("entra-log-analytics-csv", detected(f));
        Sniff sniff = Sniff.of(f);
        assertEquals(0, new AdminCentreCsvReader().recognises(sniff));
        assertEquals(0, new GraphSignInsJsonReader().recognises(sniff));
        assertEquals(0, new AzureMonitorJsonReader().recognises(sniff));
    }

    @Test
    void graph_gives_way_to_azure_monitor_whose_records_nest_the_same_fields() throws IOException {
        Sniff monitor = Sniff.of(SourceFile.of(path("entra/azure-monitor-signins.json")));
        assertEquals(0, new GraphSignInsJsonReader().recognises(monitor));
        Sniff graph = Sniff.of(SourceFile.of(path("entra/graph-signins-page.json")));
        assertEquals(0, new AzureMonitorJsonReader().recognises(graph));
    }

    private static int entraScore(SourceFile f) throws IOException {
        Sniff sniff = Sniff.of(f);
        return Readers.builtIn().all().stream().filter(r -> ENTRA.contains(r.format()))
                .mapToInt(r -> r.recognises(sniff)).max().orElse(0);
    }
}
