package uk.schoolaccess.auditor.dashboard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.dashboard.service.Forwardable;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Put a backup back as the store. The backup is checked first (it must open as an auditor "
                + "store this version can read); the store it replaces is kept beside it as "
                + "NAME.before-restore-TIME.duckdb. Stop 'auditor serve' first: a store cannot be replaced under a "
                + "running server. See docs/operations.md.", ""})
final class RestoreCommand implements Callable<Integer>, Forwardable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    StoreOptions store;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
    Path from;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Replacing the file is the one thing a server cannot do for you: it must run where it is typed. */
    @Override
    public boolean runsOnServer() {
        return false;
    }

    @Override
    public Integer call() throws IOException {
        store.requireNotServed("stop the server (e.g. 'systemctl stop auditor'), restore, then start it again");
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("--from " + from + ": no such backup file");
        }
        if (!duckDbFile(from)) {
            throw new IllegalArgumentException("--from " + from + " is not a DuckDB store: give a file written by "
                    + "'auditor backup' (named like audit-20261207-060000Z.duckdb)");
        }
        long events;
        Path staged = store.db.resolveSibling("." + store.db.getFileName() + ".restoring");
        Files.deleteIfExists(staged);
        Files.copy(from, staged, StandardCopyOption.COPY_ATTRIBUTES);
        try (Store check = Store.openExisting(staged)) {
            events = check.count("record_access") + check.count("signins") + check.count("logon_events");
        } catch (RuntimeException e) {
            Files.deleteIfExists(staged);
            // DuckDB names the file it opened: the staged copy, which the caller never saw.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replace(staged.toString(),
                    from.toString());
            throw new IllegalArgumentException(from + " is not a backup this auditor can restore: " + why);
        }
        var out = spec.commandLine().getOut();
        if (Files.exists(store.db)) {
            Path kept = store.db.resolveSibling(store.db.getFileName().toString().replaceAll("\\.duckdb$", "")
                    + ".before-restore-" + STAMP.format(Clock.systemUTC().instant()) + "Z.duckdb");
            Files.move(store.db, kept);
            Path wal = store.db.resolveSibling(store.db.getFileName() + ".wal");
            if (Files.exists(wal)) {
                Files.move(wal, kept.resolveSibling(kept.getFileName() + ".wal"));
            }
            out.println("The store it replaces is kept as " + kept + " (delete it when the restore is confirmed).");
        }
        Files.move(staged, store.db, StandardCopyOption.ATOMIC_MOVE);
        out.printf(Locale.UK, "Restored %s from %s (%,d events).%n", store.db, from, events);
        return AuditorMain.OK;
    }

    /** DuckDB's files carry "DUCK" after an 8-byte checksum. */
    private static boolean duckDbFile(Path file) throws IOException {
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 12) == 12 && head[8] == 'D' && head[9] == 'U' && head[10] == 'C' && head[11] == 'K';
        }
    }
}
