package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.health.DataHealth;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The newcomer's first run: load the committed sample school into a fresh demo store and show
 * what was loaded. The samples are generated first if the folder has none.
 * The demo replaces its store at every run, so it keeps to a folder of its own and replaces only
 * what it made itself: a store with its mark beside it ({@code demo.duckdb.demo}) and a config
 * that is its own copy. A school's real store or settings, or a store a server is using, are
 * refused before anything is touched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Load the sample school (data-samples/) into a fresh demo store, show what it holds, and "
                + "audit it. Generates the samples first if they are missing.", ""})
final class DemoCommand implements Callable<Integer> {

    /** The folders of the sample school: the roster first, so every event finds its owner at once. */
    static final List<String> SAMPLE_FOLDERS = List.of("roster", "mis", "cpoms", "entra", "google", "windows");

    @Option(names = "--samples", paramLabel = "DIR", description = "Sample school folder (default: data-samples/ "
            + "in the auditor's folder).")
    Path samples;

    @Option(names = "--db", paramLabel = "FILE", description = "Demo store, replaced on each run (default: "
            + "auditor-data/demo/demo.duckdb in the auditor's folder). Only a store an earlier demo made is "
            + "replaced; the sample school's auditor.yaml is copied beside it.")
    Path db;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "Dashboard port "
            + "(default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--no-serve", description = "Load and audit only; do not start the dashboard.")
    boolean noServe;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("auditor.home", "."));
        Path dir = samples != null ? samples : home.resolve("data-samples");
        Path store = (db != null ? db : home.resolve("auditor-data").resolve("demo").resolve("demo.duckdb"))
                .toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        DemoFiles.requireStoreReplaceable(store);
        if (!Files.isRegularFile(dir.resolve("roster").resolve("staff.csv"))) {
            out.println("No sample school in " + dir + ": generating one (seed 42).");
            SchoolGenerator.generate(new GeneratorOptions(dir, 300, 40, 3, java.time.LocalDate.parse("2026-09-07"),
                    42, GeneratorOptions.defaults(dir).schoolId()));
        }
        // The sample school's own settings (its network) sit beside the samples; the demo store
        // gets a copy, so later commands on it (audit, status) find the same config.
        Path sampleConfig = dir.resolve("auditor.yaml");
        String configCopy = Files.isRegularFile(sampleConfig) ? DemoFiles.configCopy(sampleConfig) : null;
        DemoFiles.requireConfigReplaceable(store, configCopy);
        DemoFiles.fresh(store);
        out.println("Loading the sample school from " + dir + " into " + store);
        List<Path> inputs = SAMPLE_FOLDERS.stream().map(dir::resolve).filter(Files::isDirectory).toList();
        if (configCopy != null) {
            Files.writeString(store.resolveSibling("auditor.yaml"), configCopy);
        }
        ConfigFile settings = ConfigFile.locate(null, store);
        try (Store s = Store.open(store)) {
            Readers readers = Readers.builtIn();
            IngestPrinter printer = new IngestPrinter(out, spec.commandLine().getErr(), readers);
            IngestSummary summary = new Ingestor(s, readers, new ReadContext(IngestSettings.from(settings)), printer)
                    .run(inputs, null);
            printer.total(summary);
            out.println();
            StatusCommand.print(out, s, DataHealth.of(s.connection(), 5), IngestSettings.from(settings).zoneOf(null));
            out.println();
            AuditCommand.runAndPrint(out, s, settings, null, null, null);
            out.println();
            out.println("The planted AUP violations (the answer key): " + dir.resolve("labels.csv"));
            out.println("Other commands on the demo store need its path, e.g.: ./auditor status --db " + store);
            if (noServe) {
                return summary.complete() ? AuditorMain.OK : AuditorMain.BAD_INPUT;
            }
            String password = DemoLogin.randomPassword();
            new uk.schoolaccess.auditor.dashboard.web.auth.Users(s.connection()).add("dpo",
                    uk.schoolaccess.auditor.dashboard.web.auth.Role.DPO, password.toCharArray());
            out.println();
            out.println("Demo sign-in: user dpo, password " + password + "  (a new one each run; only on this computer)");
            ServeCommand.serve(out, s, settings, "127.0.0.1", port);
            return AuditorMain.OK;
        }
    }
}
