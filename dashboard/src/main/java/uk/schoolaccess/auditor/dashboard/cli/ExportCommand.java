package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.ParquetExport;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write the store's canonical tables as Parquet for the Spark engine (docs/scale-out.md): "
                + "events partitioned by school and date, roster tables by school. Several schools may export into "
                + "one folder; re-exporting a school replaces its own partitions only.", ""})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--parquet", paramLabel = "DIR", required = true, description = "Folder to write into (created).")
    Path parquet;

    @Option(names = "--school-id", paramLabel = "ID", description = "The school's id in the export (default: the one "
            + "school id on the stored staff and pupils, else school.id in the config).")
    String schoolId;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Store s = store.openExisting()) {
            String school = schoolId != null ? schoolId
                    : ParquetExport.schoolOf(s, IngestSettings.from(store.configFile()).school().id());
            long t0 = System.nanoTime();
            Map<String, Long> rows = ParquetExport.export(s, parquet, school);
            var w = spec.commandLine().getOut();
            rows.forEach((t, n) -> w.printf(Locale.UK, "  %-22s %,12d rows%n", t, n));
            w.printf(Locale.UK, "Exported school %s to %s in %.1f s.%n", school, parquet,
                    (System.nanoTime() - t0) / 1e9);
            return AuditorMain.OK;
        }
    }
}
