package uk.schoolaccess.auditor.ingest.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;

/** The Windows readers claim their own exports, and only those. */
class WindowsDetectionTest {

    private static final Path REAL = Path.of(System.getProperty("auditor.repo.root", ".."))
            .resolve("../shared/samples/real");
    private static final List<SourceReader> WINDOWS = List.of(new SecurityLogNdjsonReader(),
            new SentinelSecurityEventReader());

    @TempDir
    Path dir;

    @Test
    void each_windows_fixture_is_recognised_as_its_own_format() throws IOException {
        assertEquals("windows-security-ndjson", detected(path("windows/security-ndjson-quirks.ndjson")));
        assertEquals("windows-security-sentinel-csv", detected(path("windows/sentinel-securityevent.csv")));
    }

    @Test
    void no_other_reader_claims_a_windows_fixture() throws IOException {
        for (String fixture : List.of("windows/security-ndjson-quirks.ndjson", "windows/sentinel-securityevent.csv")) {
            Sniff sniff = Sniff.of(SourceFile.of(path(fixture)));
            for (SourceReader r : Readers.builtIn().all()) {
                if (!r.format().startsWith("windows-security-")) {
                    assertEquals(0, r.recognises(sniff), r.format() + " on " + fixture);
                }
            }
        }
    }

    @Test
    void the_formats_are_listed_for_the_format_option() {
        List<String> formats = Readers.builtIn().formats();
        assertEquals(true, formats.containsAll(List.of("windows-security-ndjson", "windows-security-sentinel-csv")),
                formats.toString());
    }

    @Test
    void scores_zero_on_every_other_fixture_of_the_suite() throws IOException {
        try (Stream<Path> all = Files.walk(path(""))) {
            for (Path f : all.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/windows/")).toList()) {
                Sniff sniff = Sniff.of(SourceFile.of(f));
                for (SourceReader r : WINDOWS) {
                    assertEquals(0, r.recognises(sniff), r.format() + " on " + f);
                }
            }
        }
    }

    @Test
    void scores_zero_on_the_real_entra_and_google_exports() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(REAL), "shared real samples not present: " + REAL);
        for (String other : List.of("entra", "google")) {
            for (SourceFile f : SourceLocator.expand(List.of(REAL.resolve(other)))) {
                Sniff sniff = Sniff.of(f);
                for (SourceReader r : WINDOWS) {
                    assertEquals(0, r.recognises(sniff), r.format() + " on " + f);
                }
            }
        }
    }

    @Test
    void scores_zero_on_sign_in_json_that_shares_no_windows_keys() throws IOException {
        Path graph = dir.resolve("signins.json");
        Files.writeString(graph, "{\"value\":[{\"createdDateTime\":\"2026-09-14T07:41:03Z\",\"userPrincipalName\":"
                + "\"a.carter@northfield.sch.uk\",\"appDisplayName\":\"Office 365\",\"ipAddress\":\"10.20.12.103\"}]}\n");
        Path google = dir.resolve("google.ndjson");
        Files.writeString(google, "{\"kind\":\"admin#reports#activity\",\"id\":{\"time\":\"2026-09-14T07:41:03.000Z\","
                + "\"applicationName\":\"login\"},\"events\":[{\"type\":\"login\",\"name\":\"login_success\"}]}\n");
        for (Path f : List.of(graph, google)) {
            Sniff sniff = Sniff.of(SourceFile.of(f));
            for (SourceReader r : WINDOWS) {
                assertEquals(0, r.recognises(sniff), r.format() + " on " + f.getFileName());
            }
        }
    }

    @Test
    void a_sentinel_export_without_the_logon_columns_is_not_claimed() throws IOException {
        Path f = dir.resolve("events.csv");
        Files.writeString(f, "TimeGenerated [UTC],Computer,EventID,Activity\n9/14/2026, 7:41:03.517 AM,PC1,4688,x\n");
        assertEquals(0, new SentinelSecurityEventReader().recognises(Sniff.of(SourceFile.of(f))));
    }

    @Test
    void the_real_windows_zips_are_recognised_as_ndjson() throws IOException {
        Path windows = REAL.resolve("windows");
        Assumptions.assumeTrue(Files.isDirectory(windows), "shared real samples not present: " + windows);
        for (SourceFile f : SourceLocator.expand(List.of(windows))) {
            assertEquals(Optional.of("windows-security-ndjson"),
                    Readers.builtIn().detect(Sniff.of(f)).map(SourceReader::format), f.toString());
        }
    }

    private static String detected(Path file) throws IOException {
        return Readers.builtIn().detect(Sniff.of(SourceFile.of(file))).map(SourceReader::format).orElse("none");
    }
}
