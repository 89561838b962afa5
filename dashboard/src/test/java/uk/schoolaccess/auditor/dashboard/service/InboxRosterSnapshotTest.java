package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A roster export cut short that lands in the inbox takes nothing away, and the job lists it
 * among its problems so the school fixes the export (the Jobs page and the log show it).
 */
class InboxRosterSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void a_cut_roster_file_in_the_inbox_removes_nothing_and_is_reported() throws Exception {
        Path roster = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples/roster");
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (Store store = Store.open(dir.resolve("audit.duckdb"))) {
            InboxJob job = new InboxJob(new StoreOwner(store), IngestSettings.defaults(),
                    new ServiceSettings(new ServiceSettings.Sources(List.of("inbox"), 0, null),
                            ServiceSettings.Jobs.DEFAULTS),
                    ZoneId.of(IngestSettings.DEFAULT_ZONE), Clock.systemUTC(), null, null);
            for (String f : List.of("staff.csv", "pupils.csv", "teaching_groups.csv")) {
                old(Files.copy(roster.resolve(f), inbox.resolve(f)));
            }
            assertEquals("done", job.run("test").status());
            long before = store.count("relationships");

            byte[] all = Files.readAllBytes(roster.resolve("teaching_groups.csv"));
            old(Files.write(inbox.resolve("tg-cut.csv"), Arrays.copyOf(all, 20000)));
            InboxJob.Outcome o = job.run("test");
            assertEquals("done with errors", o.status(), o.toString());
            assertEquals(1, o.filesLoaded());
            assertTrue(o.error().contains("tg-cut.csv: roster snapshot incomplete (1 row quarantined): nothing "
                    + "removed; fix the export and load it again"), o.toString());
            assertEquals(before, store.count("relationships"));
        }
    }

    private static Path old(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        return file;
    }
}
