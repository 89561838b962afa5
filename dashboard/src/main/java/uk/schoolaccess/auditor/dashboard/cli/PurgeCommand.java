package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.dashboard.lifecycle.Compaction;
import uk.schoolaccess.auditor.dashboard.lifecycle.Purge;
import uk.schoolaccess.auditor.dashboard.lifecycle.RetentionSettings;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Delete what is past its retention period (auditor.yaml retention:, docs/retention.md): raw "
                + "events per table, quarantined rows, ingest batch records, findings by status, the dashboard's "
                + "access log and digest records. Events a finding still open, under investigation or confirmed "
                + "cites as evidence are kept. Prints what it removed per table, records the purge (who, when, "
                + "counts, policy) in purge_log, which no purge deletes, and compacts the store so the file "
                + "shrinks.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the purge ran (or the dry run listed what it would remove)",
                "1:the purge failed and nothing was deleted", "2:bad usage or an unusable store or config"})
final class PurgeCommand implements Callable<Integer> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    @Mixin
    StoreOptions store;

    @Option(names = "--before", paramLabel = "DATE", description = "Also delete raw events, quarantined rows and "
            + "ingest batch records from before DATE (yyyy-MM-dd, the school's zone), even if their period has not "
            + "passed. Evidence of open and confirmed findings is still kept.")
    LocalDate before;

    @Option(names = "--dry-run", description = "Show what would be deleted, per table, and delete nothing.")
    boolean dryRun;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(store.db)) {
            throw new IllegalArgumentException(store.db + ": no store there (nothing to purge)");
        }
        ConfigFile config = store.configFile();
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        Purge purge = new Purge(RetentionSettings.from(config), zone, Clock.systemUTC());
        PrintWriter w = spec.commandLine().getOut();
        long sizeBefore = Files.size(store.db);
        Purge.Result result;
        Path compact = null;
        try (Store s = store.open()) {
            result = purge.run(s.connection(), System.getProperty("user.name", "unknown"), before, dryRun);
            // Under a running server the file cannot be swapped: the freed space is reused inside it.
            if (!dryRun && result.deleted() > 0 && !Invocation.current().insideServer()) {
                compact = Compaction.copy(s.connection(), s.path());
            }
        }
        if (compact != null) {
            Compaction.replace(store.db, compact);
        }
        print(w, result, zone, config.origin());
        if (dryRun) {
            w.printf(Locale.UK, "Dry run: nothing was deleted. A purge now would delete %,d row(s).%n",
                    result.deleted());
        } else {
            String notCompacted = Invocation.current().insideServer() && result.deleted() > 0
                    ? " (not compacted while the server runs: the space is reused inside the store; stop the server "
                    + "and purge again to shrink the file)" : " (nothing to compact)";
            w.printf(Locale.UK, "Deleted %,d row(s); recorded as purge %d in purge_log. Store %s: %s%n",
                    result.deleted(), result.purgeId(), store.db, compact == null ? size(sizeBefore) + notCompacted
                            : size(sizeBefore) + " -> " + size(Files.size(store.db)) + " (compacted).");
        }
        w.flush();
        return AuditorMain.OK;
    }

    static void print(PrintWriter w, Purge.Result r, ZoneId zone, String policyOrigin) {
        w.printf(Locale.UK, "%s by %s, %s, policy %s%n", r.dryRun() ? "Purge (dry run)" : "Purge", r.who(),
                r.at().atZone(zone).toLocalDateTime().withNano(0).toString().replace('T', ' ') + " " + zone.getId(),
                policyOrigin);
        w.printf(Locale.UK, "  %-20s  %-10s  %12s  %11s  %s%n", "table", "kept from", r.dryRun() ? "would delete"
                : "deleted", "kept: cited", "data (policy)");
        for (Purge.Step s : r.steps()) {
            String from = s.cutoff() == null ? "all" : s.cutoff().atZone(java.time.ZoneOffset.UTC)
                    .withZoneSameInstant(zone).toLocalDate().format(DAY);
            w.printf(Locale.UK, "  %-20s  %-10s  %,12d  %,11d  %s (%s)%n", s.table(), from, s.deleted(),
                    s.keptAsEvidence(), s.kind(), s.policy());
        }
    }

    private static String size(long bytes) {
        return String.format(Locale.UK, "%.1f MB", bytes / 1e6);
    }
}
