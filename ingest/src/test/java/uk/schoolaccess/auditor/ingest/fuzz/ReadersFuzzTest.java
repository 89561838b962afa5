package uk.schoolaccess.auditor.ingest.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import uk.schoolaccess.auditor.ingest.InputRejected;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.arbor.ArborLoginHistoryReader;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.entra.AdminCentreCsvReader;
import uk.schoolaccess.auditor.ingest.entra.AzureMonitorJsonReader;
import uk.schoolaccess.auditor.ingest.entra.GraphSignInsJsonReader;
import uk.schoolaccess.auditor.ingest.entra.LogAnalyticsCsvReader;
import uk.schoolaccess.auditor.ingest.google.GoogleReportsApiReader;
import uk.schoolaccess.auditor.ingest.google.GoogleSentinelCsvReader;
import uk.schoolaccess.auditor.ingest.mapped.MappedCsvReader;
import uk.schoolaccess.auditor.ingest.roster.IncidentsReader;
import uk.schoolaccess.auditor.ingest.roster.PastoralReader;
import uk.schoolaccess.auditor.ingest.roster.PupilRosterReader;
import uk.schoolaccess.auditor.ingest.roster.StaffRosterReader;
import uk.schoolaccess.auditor.ingest.roster.TeachingGroupsReader;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;
import uk.schoolaccess.auditor.ingest.source.Unreadable;
import uk.schoolaccess.auditor.ingest.windows.SecurityLogNdjsonReader;
import uk.schoolaccess.auditor.ingest.windows.SentinelSecurityEventReader;
import uk.schoolaccess.auditor.ingest.windows.WinlogbeatEcsReader;

/**
 * Every reader family and the format recogniser on arbitrary bytes (docs/fuzzing.md). In the
 * normal test command each target replays its committed corpus (the ReadersFuzzTestInputs
 * folder beside this class in the test resources: real-looking exports and every damaged
 * input of issue 16); with JAZZER_FUZZ=1 it fuzzes. Quarantines and clear rejections (an
 * IOException, a missing column) are fine; any other exception is a finding.
 */
class ReadersFuzzTest {

    private static final ReadContext CONTEXT = new ReadContext(IngestSettings.defaults());
    /** Built once: the shipped profiles are parsed from YAML when the list is made. */
    private static final Readers READERS = Readers.builtIn();
    private static final List<SourceReader> PROFILES = READERS.all().stream()
            .filter(MappedCsvReader.class::isInstance).toList();

    @FuzzTest(maxDuration = "30s")
    void recogniser(byte[] data) throws IOException {
        SourceFile file = SourceFile.of(write(data, "export.csv"));
        Sniff sniff = Sniff.of(file);
        READERS.detect(sniff);
        sniff.noRecords();
        file.sha256();
    }

    @FuzzTest(maxDuration = "30s")
    void rosterReaders(byte[] data) throws IOException {
        readAll(data, "roster.csv", List.of(new StaffRosterReader(), new PupilRosterReader(),
                new TeachingGroupsReader(), new PastoralReader(), new IncidentsReader()));
    }

    @FuzzTest(maxDuration = "30s")
    void misAndSafeguardingProfiles(byte[] data) throws IOException {
        readAll(data, "audit.csv", PROFILES);
    }

    @FuzzTest(maxDuration = "30s")
    void entraReaders(byte[] data) throws IOException {
        readAll(data, "signins.json", List.of(new AdminCentreCsvReader(), new LogAnalyticsCsvReader(),
                new GraphSignInsJsonReader(), new AzureMonitorJsonReader()));
    }

    @FuzzTest(maxDuration = "30s")
    void windowsReaders(byte[] data) throws IOException {
        readAll(data, "security.ndjson", List.of(new SecurityLogNdjsonReader(), new SentinelSecurityEventReader(),
                new WinlogbeatEcsReader()));
    }

    @FuzzTest(maxDuration = "30s")
    void googleAndArborReaders(byte[] data) throws IOException {
        readAll(data, "logins.json", List.of(new GoogleReportsApiReader(), new GoogleSentinelCsvReader(),
                new ArborLoginHistoryReader()));
    }

    /** Zip archives and gzip files: listing, CRC checks, decompression, recognition. */
    @FuzzTest(maxDuration = "30s")
    void archives(byte[] data) throws IOException {
        boolean gzip = data.length > 1 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
        Path archive = write(data, gzip ? "export.csv.gz" : "exports.zip");
        List<Unreadable> unreadable = new ArrayList<>();
        for (SourceFile f : SourceLocator.expand(List.of(archive), unreadable)) {
            try {
                f.sha256();
                READERS.detect(Sniff.of(f));
            } catch (IOException e) {
                clear(e);
            }
        }
        unreadable.forEach(u -> {
            if (u.reason() == null || u.reason().isBlank()) {
                throw new AssertionError("an unreadable input without a reason: " + u.path());
            }
        });
    }

    private static void readAll(byte[] data, String name, List<SourceReader> readers) throws IOException {
        Path path = write(data, name);
        for (SourceReader r : readers) {
            SourceFile file = SourceFile.of(path);
            try {
                r.recognises(Sniff.of(file));
                r.read(file, CONTEXT, new FuzzSink());
            } catch (IOException e) {
                clear(e);
            } catch (UncheckedIOException e) {
                clear(e.getCause());
            } catch (InputRejected e) {
                clear(e);
            }
        }
    }

    /** A rejection must say why. */
    private static void clear(Exception e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("a rejection without a reason", e);
        }
    }

    private static final ThreadLocal<Path> DIR = ThreadLocal.withInitial(() -> {
        try {
            Path d = Files.createTempDirectory("auditor-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private static Path write(byte[] data, String name) throws IOException {
        Path p = DIR.get().resolve(name);
        Files.write(p, data);
        p.toFile().deleteOnExit();
        return p;
    }
}
