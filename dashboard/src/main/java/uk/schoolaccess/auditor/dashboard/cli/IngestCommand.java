package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.IngestTrace;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.mapped.Profile;
import uk.schoolaccess.auditor.ingest.mapped.Profiles;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Load exports into the store. Files and folders (recursively); .gz and .zip are read directly.",
                "The format is recognised from the header. Each file is loaded whole or not at all; rows that "
                        + "cannot be read are quarantined with file, line and reason. Re-ingesting a file adds nothing, "
                        + "nor do the same events re-downloaded or re-saved in another shape (columns reordered, JSON "
                        + "one record per line). CSV may be comma or tab separated (Excel's \"Unicode Text\"). A "
                        + "roster file replaces the logins and relationships of the people it lists, unless a row of "
                        + "it was quarantined or it ends mid-line (cut short): then it removes nothing and says so.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file loaded (quarantined rows are reported as a warning; an empty export is 0 rows)",
                "2:a file was not recognised or could not be read (the others still loaded), the store could "
                        + "not save a file (a full disk: the run stopped there; run it again), or bad usage"})
final class IngestCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--format", paramLabel = "F", description = "Read every file as this format instead of "
            + "recognising it (see the list below). A file whose header lacks the format's required columns is "
            + "refused, naming them, and nothing of it is stored.")
    String format;

    @Option(names = "--profile", paramLabel = "FILE", description = "A mapping profile (YAML) for a vendor layout "
            + "the auditor does not ship; may be repeated. See docs/profiles.md.")
    List<Path> profiles = new ArrayList<>();

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to load.")
    List<Path> paths;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Profile> own = profiles.stream().map(Profiles::load).toList();
        // The readers (the shipped mapping profiles, read from YAML) are made on a second thread
        // while the store opens (DuckDB's library loading, the file's catalogue): a tenth of a
        // second each, one after the other before.
        FutureTask<Readers> making = new FutureTask<>(() -> Readers.with(own));
        Thread maker = new Thread(making, "auditor-readers");
        maker.setDaemon(true);
        maker.start();
        IngestSettings settings = IngestSettings.from(store.configFile());
        var out = spec.commandLine().getOut();
        IngestSummary summary;
        ReadContext context = new ReadContext(settings);
        // The files are listed, hashed and read on other threads from here, so the first ones
        // are parsed while the store opens; nothing is written to the store until it is open.
        try (Ingestor.Inputs inputs = Ingestor.inputs(paths, format, () -> madeQuietly(making), context);
                Store s = store.open()) {
            IngestTrace.process("store open");
            if (!Invocation.current().insideServer()
                    && Runtime.getRuntime().availableProcessors() <= Ingestor.READING_THREADS + 1) {
                // The reading threads have the other cores; DuckDB's statements run on this one
                // (Store.oneThread: no busy waiting). Measured on two cores only, so a machine with
                // cores to spare keeps DuckDB's own threads; a server's store keeps its settings.
                s.oneThread();
            }
            Readers readers = made(making);
            IngestTrace.process("readers ready");
            IngestPrinter printer = new IngestPrinter(out, spec.commandLine().getErr(), readers);
            summary = new Ingestor(s, readers, context, printer).run(inputs, format);
            printer.total(summary);
        }
        // Closing a store this process opened checkpoints what the last commits left in its log.
        IngestTrace.process("store closed");
        return summary.complete() ? AuditorMain.OK : AuditorMain.BAD_INPUT;
    }

    /** For the reading thread: a failure to make the readers is reported by {@link #made} instead. */
    private static Readers madeQuietly(FutureTask<Readers> making) {
        try {
            return making.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Readers made(FutureTask<Readers> making) throws InterruptedException {
        try {
            return making.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The format list for --help, from the one registry. */
    static String formatList() {
        StringBuilder b = new StringBuilder();
        // One format per line, its description wrapped beneath it: a wide name column wraps badly in a terminal.
        for (SourceReader r : Readers.builtIn().all()) {
            b.append("  ").append(r.format()).append('\n');
            StringBuilder line = new StringBuilder("      ");
            for (String word : r.description().split("\\s+")) {
                if (line.length() + word.length() > 78 && line.length() > 6) {
                    b.append(line.toString().stripTrailing()).append('\n');
                    line = new StringBuilder("      ");
                }
                line.append(word).append(' ');
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
