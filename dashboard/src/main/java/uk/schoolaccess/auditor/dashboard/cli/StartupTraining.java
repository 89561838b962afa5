package uk.schoolaccess.auditor.dashboard.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.store.PrivateFiles;

/**
 * The launcher's class-data-sharing run (docs/performance.md, the `auditor` script): once after
 * each build it runs this, in one JVM that archives at exit every class it loaded, so the archive
 * serves every usual command (help, ingest, audit of a week, status) rather than only whichever
 * command happened to run first. It works on the repository's synthetic sample school
 * (data-samples/: no real person's data) in a scratch folder it deletes, and prints nothing.
 * Usage: StartupTraining AUDITOR_HOME SCRATCH_FOLDER.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        train(Path.of(args[0]), Path.of(args[1]));
        System.exit(0);
    }

    /** Runs the command lines; returns those that did not succeed (a test keeps them valid). */
    static List<String> train(Path home, Path scratchFolder) throws IOException {
        Path samples = home.toAbsolutePath().resolve("data-samples");
        Path scratch = Files.createDirectories(scratchFolder.toAbsolutePath());
        List<String> failed = new ArrayList<>();
        try {
            String db = scratch.resolve("training.duckdb").toString();
            String config = samples.resolve("auditor.yaml").toString();
            run(failed, "--version");
            run(failed, "--help");
            run(failed, "status", "--help");
            if (Files.isDirectory(samples)) {
                List<String> first = new ArrayList<>(List.of("ingest", "--db", db, samples.resolve("roster").toString()));
                List<String> second = new ArrayList<>(List.of("ingest", "--db", db));
                for (String source : List.of("mis", "cpoms", "entra", "google", "windows")) {
                    try (Stream<Path> files = Files.list(samples.resolve(source))) {
                        List<Path> weeks = files.sorted().toList();
                        if (weeks.size() >= 2) {
                            first.add(weeks.get(0).toString());
                            second.add(weeks.get(1).toString());
                        }
                    }
                }
                run(failed, first.toArray(String[]::new));
                run(failed, second.toArray(String[]::new)); // a week into a store that has one: the weekly path
                run(failed, "audit", "--db", db, "--config", config, "--from", "2026-09-14", "--to", "2026-09-20");
                run(failed, "status", "--db", db, "--config", config);
            }
        } finally {
            PrivateFiles.deleteTree(scratch);
        }
        return failed;
    }

    /** One command line in this JVM; what it prints does not matter here, only whether it ran. */
    private static void run(List<String> failed, String... args) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        int code;
        try {
            code = AuditorMain.run(args, nowhere, nowhere);
        } catch (RuntimeException e) {
            code = -1; // a failed step only leaves its classes out of the archive
        }
        if (code != AuditorMain.OK) {
            failed.add(String.join(" ", args) + " (exit " + code + ")");
        }
    }
}
