package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.GeneratorReport;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write a synthetic English secondary school: roster, SIMS-style and CPOMS-style audits, "
                + "Entra, Google and Windows sign-in logs, with planted AUP violations listed in labels.csv and "
                + "benign look-alikes in benign.csv. Deterministic per seed. No real person's data.", ""})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write (created).")
    Path out;

    @Option(names = "--pupils", paramLabel = "N", defaultValue = "1200", description = "Pupils (default: ${DEFAULT-VALUE}).")
    int pupils;

    @Option(names = "--staff", paramLabel = "N", defaultValue = "120", description = "Staff (default: ${DEFAULT-VALUE}).")
    int staff;

    @Option(names = "--weeks", paramLabel = "N", defaultValue = "6", description = "School weeks (default: ${DEFAULT-VALUE}).")
    int weeks;

    @Option(names = "--start", paramLabel = "DATE", defaultValue = "2026-09-07",
            description = "First day, yyyy-MM-dd; moved to its Monday (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--school-id", paramLabel = "ID", defaultValue = "NFS",
            description = "The school's id, 2-8 capital letters or digits, written into its auditor.yaml (default: "
                    + "${DEFAULT-VALUE}); give each school of a generated trust its own.")
    String schoolId;

    @Option(names = "--roster-gaps", paramLabel = "SHARE", defaultValue = "0",
            description = "Leave this share of whole teaching groups (0 to below 1, chosen from the seed) out of "
                    + "roster/teaching_groups.csv, as an incomplete MIS export does; the school's activity is "
                    + "unchanged and manifest.json lists the groups left out (default: ${DEFAULT-VALUE}).")
    double rosterGaps;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalDate monday = start.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        GeneratorOptions options = new GeneratorOptions(out, pupils, staff, weeks, monday, seed, schoolId, rosterGaps);
        GeneratorReport report = SchoolGenerator.generate(options);
        var w = spec.commandLine().getOut();
        long files = report.rowsPerFile().size();
        for (Map.Entry<String, Long> e : report.rowsPerFile().entrySet()) {
            w.printf(Locale.UK, "  %-40s %,12d rows%n", e.getKey(), e.getValue());
        }
        w.printf(Locale.UK, "Wrote %d files, %,d rows, to %s in %.1f s (seed %d).%n", files, report.totalRows(), out,
                report.elapsed().toMillis() / 1000.0, seed);
        return AuditorMain.OK;
    }
}
