package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The inbox takes files copied into it and never follows a link dropped there (it could name any
 * file the service's user can read); an inbox folder that is itself a link, set up with the
 * service, is read, and its files keep their paths under the name configured.
 */
class InboxLinksTest {

    @TempDir
    Path dir;

    @Test
    void links_dropped_into_the_inbox_are_left_alone() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path copied = old(Files.writeString(inbox.resolve("sims-week-01.csv"), "x"));
        Path secret = old(Files.writeString(dir.resolve("not-for-the-inbox.csv"), "x"));
        Files.createSymbolicLink(inbox.resolve("linked.csv"), secret);
        Files.createSymbolicLink(inbox.resolve("linked-folder"), Files.createDirectories(dir.resolve("elsewhere")));
        old(Files.writeString(dir.resolve("elsewhere/other.csv"), "x"));

        assertEquals(List.of(copied), candidates("inbox"));
    }

    @Test
    void an_inbox_folder_that_is_a_link_is_read_under_its_configured_name() throws Exception {
        Path real = Files.createDirectories(dir.resolve("share/exports"));
        old(Files.writeString(Files.createDirectories(real.resolve("mis")).resolve("sims-week-02.csv"), "x"));
        Files.createSymbolicLink(dir.resolve("inbox"), real);

        assertEquals(List.of(dir.resolve("inbox/mis/sims-week-02.csv")), candidates("inbox"));
    }

    private List<Path> candidates(String folder) throws Exception {
        try (Store store = Store.open(dir.resolve("audit.duckdb"))) {
            ServiceSettings settings = new ServiceSettings(new ServiceSettings.Sources(List.of(folder), 0, null),
                    ServiceSettings.Jobs.DEFAULTS);
            InboxJob job = new InboxJob(new StoreOwner(store), IngestSettings.defaults(), settings,
                    ZoneId.of(IngestSettings.DEFAULT_ZONE), Clock.systemUTC(), null, null);
            return job.candidates();
        }
    }

    private static Path old(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        return file;
    }
}
