package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine;
import uk.schoolaccess.auditor.dashboard.service.Invocation;

/**
 * The {@code auditor} command. Exit codes (docs/cli.md): 0 ok; 1 findings could not be
 * produced; 2 bad usage or unreadable input, with a message naming the file.
 */
@Command(name = "auditor", mixinStandardHelpOptions = true, versionProvider = AuditorMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"School Access Auditor: checks staff use of the MIS, the safeguarding system and sign-ins "
                + "against the Acceptable Use Policy.", ""},
        footer = {"", "Run 'auditor COMMAND --help' for a command's options. Docs: README.md and docs/ in the repository."})
public final class AuditorMain implements Runnable {

    public static final int OK = 0;
    public static final int NO_FINDINGS = 1;
    public static final int BAD_INPUT = 2;

    /** Every command, in the order --help lists them. */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(DemoCommand.class, IngestCommand.class,
            AuditCommand.class, ServeCommand.class, DigestCommand.class, UsersCommand.class, JobsCommand.class,
            BackupCommand.class, RestoreCommand.class, StatusCommand.class, QuarantineCommand.class, ConfigCommand.class,
            GenerateCommand.class,
            ExportCommand.class, EncryptCommand.class, PurgeCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // DuckDB's own start runs beside the command line's parsing and the configuration's reading
        Runnable started = args.length > 0 && args[0].equals("ingest")
                ? uk.schoolaccess.auditor.ingest.store.StoreKey.warmUpInBackground() : null;
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (started != null) {
            started.run(); // a quick exit (--help, a mistyped option) never ends the process inside DuckDB's start
        }
        System.exit(code);
    }

    /** Runs one command line; used by main and by tests, which pass their own writers. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // picocli's default factory looks for Groovy's Closure class once; a class that is nowhere
        // makes the JVM open every jar of the class path (Spark's too): a fifth of a second.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        CommandLine cli = new CommandLine(new AuditorMain());
        // Building a command's model loads the classes of everything it refers to (serve's web
        // server, users' accounts, ...): most of a short command's start-up when done for all of
        // them. A command line that names a command gets only that one; help, no command or a
        // mistyped one get them all, to list them or suggest the nearest.
        String first = args.length > 0 ? args[0] : "";
        Class<?> named = COMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class
                && c.getAnnotation(Command.class).name().equals(first)).findFirst().orElse(null);
        for (Class<?> c : COMMANDS) {
            if (named == null || c == named) {
                cli.addSubcommand(c);
            }
        }
        // The format list loads every reader and mapping profile: only for help about ingest.
        java.util.List<String> words = java.util.Arrays.asList(args);
        if (words.contains("ingest") && cli.getSubcommands().containsKey("ingest")
                && (words.contains("--help") || words.contains("-h") || words.contains("help"))) {
            cli.getSubcommands().get("ingest").getCommandSpec().usageMessage()
                    .footer("", "Formats (recognised from the header; --format forces one):", IngestCommand.formatList());
        }
        cli.registerConverter(java.time.LocalDate.class, new IsoDate());
        cli.setOut(out);
        cli.setErr(err);
        // Paths are the caller's: relative to where they typed the command, also when a server runs it.
        cli.registerConverter(java.nio.file.Path.class, s -> Invocation.current().resolve(s));
        cli.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            Integer handedOver = Handover.toServer(parseResult, args, out, err);
            return handedOver != null ? handedOver : new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("auditor: " + UserErrors.message(e));
            if (System.getenv("AUDITOR_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr()); // full detail on request; may include SQL, never row data
            }
            return UserErrors.isUserError(e) ? BAD_INPUT : NO_FINDINGS;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("auditor: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
            w.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AuditorMain.class.getPackage().getImplementationVersion();
            return new String[] {"auditor " + (v == null ? "development" : v)};
        }
    }
}
