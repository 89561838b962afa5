package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.dashboard.service.InboxJob;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.dashboard.service.ServiceSettings;
import uk.schoolaccess.auditor.dashboard.service.StoreOwner;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"The school's routine: load new files from the inbox folders (sources.inbox in the config), "
                + "audit the days they cover, then send the digests that are due. 'auditor serve' runs it on the "
                + "schedule in jobs.ingest; 'jobs run' runs it now (from cron, or by hand), through the server when "
                + "one owns the store. Without a subcommand: the latest runs. See docs/operations.md.", ""},
        subcommands = {JobsCommand.Run.class})
final class JobsCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.UK);

    @Mixin
    StoreOptions store;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Show the latest N runs "
            + "(default: ${DEFAULT-VALUE}).")
    int limit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ZoneId zone = IngestSettings.from(store.configFile()).zoneOf(null);
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = store.openExisting()) {
            List<Map<String, Object>> rows = new Db(s.connection()).rows("SELECT * FROM jobs ORDER BY job_id DESC "
                    + "LIMIT ?", Math.max(1, limit));
            if (rows.isEmpty()) {
                out.println("No job has run on this store yet.");
            }
            out.println("Times in " + zone + ".");
            for (Map<String, Object> r : rows) {
                out.println(line(r, zone));
            }
            return AuditorMain.OK;
        }
    }

    static String line(Map<String, Object> r, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.UK, "#%d %s, %s: %s", ((Number) r.get("job_id")).longValue(),
                local((LocalDateTime) r.get("started_at"), zone), r.get("trigger"), r.get("status")));
        if (r.get("progress") != null) {
            b.append(" (").append(r.get("progress")).append(')');
        }
        b.append(String.format(Locale.UK, "; files loaded %d, failed %d; rows added %,d, duplicates %,d, "
                        + "quarantined %,d", ((Number) r.get("files_loaded")).intValue(),
                ((Number) r.get("files_failed")).intValue(), ((Number) r.get("rows_added")).longValue(),
                ((Number) r.get("duplicates")).longValue(), ((Number) r.get("quarantined")).longValue()));
        if (r.get("audit_summary") != null) {
            b.append("\n    audit: ").append(r.get("audit_summary"));
        }
        if (r.get("digests") != null) {
            b.append("\n    digests: ").append(r.get("digests"));
        }
        if (r.get("error") != null) {
            b.append("\n    problems: ").append(r.get("error"));
        }
        return b.toString();
    }

    static String local(LocalDateTime utc, ZoneId zone) {
        return utc == null ? "-" : WHEN.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone));
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Run the routine now and wait for it: new inbox files, the audit of their days, due "
                    + "digests. Exit 0 when every file loaded, 2 when one could not be (it is reported once and "
                    + "tried again only when it changes).", ""})
    static final class Run implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ConfigFile config = store.configFile();
            if (ServiceSettings.from(config).sources().inbox().isEmpty()) {
                throw new IllegalArgumentException("no inbox folders in " + config.origin() + ": add sources.inbox "
                        + "(see docs/operations.md)");
            }
            PrintWriter out = spec.commandLine().getOut();
            String who = "'auditor jobs run' by " + System.getProperty("user.name", "?");
            InboxJob.Outcome o;
            Invocation inv = Invocation.current();
            if (inv.insideServer() && inv.owner().jobs() != null) {
                o = inv.owner().jobs().runAndWait(who);
            } else if (inv.insideServer()) {
                o = Routine.inboxJob(inv.owner(), config, null, Clock.systemUTC()).run(who);
            } else {
                try (Store s = store.open()) {
                    o = Routine.inboxJob(new StoreOwner(s), config, ServeCommand.digests(config, s), Clock.systemUTC())
                            .run(who);
                }
            }
            out.printf(Locale.UK, "Job #%d: %s; files loaded %d, failed %d; rows added %,d, duplicates %,d, "
                            + "quarantined %,d%n", o.jobId(), o.status(), o.filesLoaded(), o.filesFailed(), o.rowsAdded(),
                    o.duplicates(), o.quarantined());
            if (o.audit() != null) {
                out.println("Audit: " + o.audit());
            }
            if (o.digests() != null) {
                out.println("Digests: " + o.digests());
            }
            if (o.error() != null) {
                out.println("Problems: " + o.error());
            }
            return o.status().equals("done") ? AuditorMain.OK : AuditorMain.BAD_INPUT;
        }
    }
}
