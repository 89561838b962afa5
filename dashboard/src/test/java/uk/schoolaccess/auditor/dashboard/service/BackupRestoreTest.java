package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * 'auditor backup' while a real server owns the store and is loading a week: the copy opens,
 * passes 'auditor status', holds every row committed before the backup began, and is private to
 * its owner; 'auditor restore' puts it back (refused while the server runs, as are encrypt and a
 * demo on that store; a path through a link reaches the server). And a lock held by
 * something that is not a reachable auditor server is explained, never shown raw.
 */
class BackupRestoreTest {

    private static final String[] EVENTS = {"record_access", "signins", "logon_events"};

    @Test
    void backupUnderLoadHoldsWhatWasCommittedAndRestores() throws Exception {
        Path school = ServiceSchool.get();
        Path dir = Path.of("target", "backup-restore").toAbsolutePath();
        Path store = ServiceSchool.storeIn(dir, "");
        List<String> first = new ArrayList<>(List.of("ingest", "--db", store.toString()));
        ServiceSchool.firstWeeks(school).forEach(f -> first.add(f.toString()));
        assertEquals(0, cli(first.toArray(String[]::new)).exit);
        long[] before;
        try (Store s = Store.openExisting(store)) {
            before = counts(s);
        }
        Path backups = dir.resolve("backups");
        try (ServerProcess server = ServerProcess.start(dir, store)) {
            List<String> week3 = new ArrayList<>(List.of("ingest", "--db", store.toString()));
            ServiceSchool.lastWeek(school).forEach(f -> week3.add(f.toString()));
            CompletableFuture<Result> loading = CompletableFuture.supplyAsync(() -> cli(week3.toArray(String[]::new)));
            Thread.sleep(1500); // the week is loading in the server
            Result backup = cli("backup", "--db", store.toString(), "--to", backups.toString());
            assertEquals(0, backup.exit, backup.toString());
            assertEquals(0, loading.get().exit, loading.get().toString());

            // A notebook while the server runs: a private snapshot, gone when closed.
            Path snapshotFile;
            try (Store snapshot = Store.openOrSnapshot(store)) {
                snapshotFile = snapshot.path();
                assertFalse(snapshotFile.equals(store));
                assertTrue(snapshot.count("record_access") >= before[0]);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshotFile)));
            }
            assertFalse(Files.exists(snapshotFile), "the snapshot is deleted when the notebook closes it");

            Result refused = cli("restore", "--db", store.toString(), "--from", only(backups).toString());
            assertEquals(2, refused.exit, refused.toString());
            assertTrue(refused.err.contains("stop the server"), refused.err);
            // The other commands that replace the file are refused too, and nothing is deleted:
            // encrypt (its key is the caller's, not the server's), and a demo pointed at the store.
            Result encrypt = cli("encrypt", "--db", store.toString());
            assertEquals(2, encrypt.exit, encrypt.toString());
            assertTrue(encrypt.err.contains("stop the server"), encrypt.err);
            Result demo = cli("demo", "--no-serve", "--db", store.toString());
            assertEquals(2, demo.exit, demo.toString());
            assertTrue(demo.err.contains("is served by process " + server.pid()), demo.err);
            assertTrue(Files.isRegularFile(store), "the served store is still there");
            assertFalse(Files.exists(Path.of(System.getProperty("auditor.home", ".")).resolve("data-samples")),
                    "a refused demo writes nothing, not even a sample school");

            // The store named through a link to its folder is the same store: handed over, not refused.
            Path link = dir.resolveSibling("backup-restore-link");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, dir);
            Result viaLink = cli("status", "--db", link.resolve(store.getFileName()).toString());
            assertEquals(0, viaLink.exit, viaLink.toString());
        }
        Path copy = only(backups);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        Result status = cli("status", "--db", copy.toString());
        assertEquals(0, status.exit, status.toString());
        long[] inCopy;
        try (Store s = Store.openExisting(copy)) {
            inCopy = counts(s);
        }
        for (int i = 0; i < EVENTS.length; i++) {
            assertTrue(inCopy[i] >= before[i], EVENTS[i] + ": " + inCopy[i] + " < " + before[i]);
        }

        Result restored = cli("restore", "--db", store.toString(), "--from", copy.toString());
        assertEquals(0, restored.exit, restored.toString());
        try (Store s = Store.openExisting(store)) {
            assertEquals(java.util.Arrays.toString(inCopy), java.util.Arrays.toString(counts(s)));
        }
        try (Stream<Path> kept = Files.list(dir)) {
            assertTrue(kept.anyMatch(p -> p.getFileName().toString().startsWith("audit.before-restore-")),
                    "the replaced store is kept beside it");
        }
    }

    @Test
    void aLockHeldByAnUnreachableHolderIsExplained() throws Exception {
        Path school = ServiceSchool.get();
        Path dir = Path.of("target", "foreign-lock").toAbsolutePath();
        Path store = ServiceSchool.storeIn(dir, "");
        assertEquals(0, cli("ingest", "--db", store.toString(), school.resolve("roster").toString()).exit);
        try (ServerProcess server = ServerProcess.start(dir, store)) {
            // Without its control file the server is just a process holding the file.
            Files.delete(dir.resolve("audit.duckdb.server"));
            Result r = cli("status", "--db", store.toString());
            assertEquals(2, r.exit, r.toString());
            assertTrue(r.err.contains("is in use by process " + server.pid()), r.err);
            assertFalse(r.err.contains("Could not set lock"), r.err);
            assertFalse(r.err.contains("IO Error"), r.err);
        }
    }

    private static long[] counts(Store s) {
        long[] c = new long[EVENTS.length];
        for (int i = 0; i < EVENTS.length; i++) {
            c[i] = s.count(EVENTS[i]);
        }
        return c;
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".duckdb")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    record Result(int exit, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditorMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
