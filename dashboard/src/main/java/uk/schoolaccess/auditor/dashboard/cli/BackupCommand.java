package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreCopy;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write a consistent copy of the store into a folder, as one new file named after the store "
                + "and the time in UTC (e.g. audit-20261207-060000Z.duckdb), readable by you only. Safe while 'auditor serve' "
                + "runs: the server makes the copy, holding every row committed before the backup began. Restore "
                + "with 'auditor restore'. See docs/operations.md.", ""})
final class BackupCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    StoreOptions store;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Folder for the backup file "
            + "(created if missing).")
    Path to;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String name = store.db.getFileName().toString().replaceAll("\\.duckdb$", "");
        Path file = to.resolve(name + "-" + STAMP.format(Clock.systemUTC().instant()) + "Z.duckdb");
        long started = System.nanoTime();
        try (Store s = store.openExisting()) {
            long bytes = StoreCopy.copy(s, file);
            spec.commandLine().getOut().printf(Locale.UK, "Backed up %s to %s (%,.1f MB, %.1f s).%n", s.path(), file,
                    bytes / 1e6, (System.nanoTime() - started) / 1e9);
        }
        return AuditorMain.OK;
    }
}
