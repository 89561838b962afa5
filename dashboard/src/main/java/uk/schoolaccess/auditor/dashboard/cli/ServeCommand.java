package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import java.time.ZoneId;

import io.javalin.Javalin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.digest.DigestBuilder;
import uk.schoolaccess.auditor.dashboard.digest.DigestService;
import uk.schoolaccess.auditor.dashboard.digest.DigestSettings;
import uk.schoolaccess.auditor.dashboard.digest.Mailer;
import uk.schoolaccess.auditor.dashboard.service.ControlServer;
import uk.schoolaccess.auditor.dashboard.service.Forwardable;
import uk.schoolaccess.auditor.dashboard.service.JobScheduler;
import uk.schoolaccess.auditor.dashboard.service.ServiceSettings;
import uk.schoolaccess.auditor.dashboard.service.StoreOwner;
import uk.schoolaccess.auditor.dashboard.web.DashboardSettings;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.pages.JobsPage;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serve the dashboard: the weekly audit, findings and triage, people, subject access "
                + "look-ups and the DSL's investigations. Listens on 127.0.0.1 unless told otherwise. Create a user "
                + "first with 'auditor users add'. Stop with Ctrl+C.", ""})
final class ServeCommand implements Callable<Integer>, Forwardable {

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this computer only). Anything else "
                    + "exposes children's data to the network: put it behind HTTPS.")
    String bind;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public boolean runsOnServer() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        ConfigFile config = store.configFile();
        store.requireNotServed("stop that server first, or use another --db");
        try (Store s = store.open()) {
            serve(spec.commandLine().getOut(), s, config, bind, port);
            return AuditorMain.OK;
        }
    }

    /** The digest service when the config has an SMTP host and recipients; null when digests are off. */
    static DigestService digests(ConfigFile config, Store s) {
        return digests(config, s, null);
    }

    /** As above, its links to servedAt (where serve listens) unless the config sets digests.base_url. */
    static DigestService digests(ConfigFile config, Store s, String servedAt) {
        DigestSettings settings = DigestSettings.from(config);
        var recipients = settings.digests().recipients();
        if (!settings.smtp().configured() || (recipients.dpo().isEmpty() && recipients.dsl().isEmpty())) {
            return null;
        }
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        Db db = new Db(s.connection());
        return new DigestService(db, new DigestBuilder(db, AuditSettings.from(config), settings, zone).servedAt(servedAt),
                new Mailer(settings.smtp()), zone, Clock.systemUTC());
    }

    private static void describeDigests(PrintWriter out, ConfigFile config, DigestService digests) {
        if (digests == null) {
            out.println("E-mail digests: off (no smtp.host or no digests.recipients in the config).");
            return;
        }
        DigestSettings settings = DigestSettings.from(config);
        var recipients = settings.digests().recipients();
        var d = settings.digests();
        out.println("E-mail digests: on (" + IngestSettings.from(config).zoneOf(null) + "): weekly to the DPO "
                + (d.weekly().enabled() && !recipients.dpo().isEmpty() ? d.weekly().day() + " " + d.weekly().time() : "off")
                + ", daily to the DSL "
                + (d.daily().enabled() && !recipients.dsl().isEmpty() ? d.daily().time() : "off") + ".");
    }

    /**
     * Serves until the process is stopped; shared with demo. The server owns the store: other
     * commands hand their work to it, and the inbox job, the digests and those commands write one
     * at a time (docs/operations.md).
     */
    static void serve(PrintWriter out, Store s, ConfigFile config, String bind, int port) throws Exception {
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        Clock clock = Clock.systemUTC();
        WebServer server = new WebServer(new Db(s.connection()), AuditSettings.from(config), zone, clock,
                DashboardSettings.from(config));
        if (!server.web().users().any()) {
            out.println("No dashboard users yet: add one with ./auditor users add NAME --role dpo --db " + s.path());
        }
        StoreOwner owner = new StoreOwner(s);
        ServiceSettings service = ServiceSettings.from(config);
        server.web().templates().global("school", IngestSettings.from(config).school().name());
        DigestService digests = digests(config, s, url(bind, port));
        JobScheduler jobs = null;
        if (!service.sources().inbox().isEmpty()) {
            for (java.nio.file.Path dir : service.sources().folders(s.path())) {
                java.nio.file.Files.createDirectories(dir);
            }
            jobs = new JobScheduler(Routine.inboxJob(owner, config, digests, clock), service.jobs().ingest(), zone,
                    clock);
            owner.jobs(jobs);
        }
        ControlServer control = ControlServer.start(owner, AuditorMain::run);
        // The weekly page's accepted networks go into this config file; the audit it offers then runs as 'auditor audit' does.
        server.networks(uk.schoolaccess.auditor.dashboard.web.SchoolNetworkConfig.of(config, () -> owner.exclusive(
                "the audit with the accepted networks", null, () -> {
                    try (Store shared = Store.shareOf(s)) {
                        java.io.StringWriter text = new java.io.StringWriter();
                        AuditCommand.runAndPrint(new PrintWriter(text), shared, config.reread(), null, null, null);
                        return text.toString().lines().filter(l -> l.startsWith("Findings:")).findFirst().orElse("done");
                    }
                })));
        Javalin app = server.create();
        new JobsPage(server.web(), owner, service).routes(app);
        try {
            app.start(bind, port);
        } catch (io.javalin.util.JavalinBindException e) {
            // Withdrawn at once: a control file left behind would name a server that never ran.
            control.close();
            throw new IllegalArgumentException("port " + port + " on " + bind + " is in use by another program: pick "
                    + "another with --port (0 picks a free one)");
        }
        owner.servedAt(url(bind, app.port()));
        describeDigests(out, config, digests);
        if (jobs != null) {
            out.println("Inbox: " + service.sources().folders(s.path()) + ", loaded and audited "
                    + service.jobs().ingest().describe() + " (" + zone + ") and at start.");
            jobs.start();
        } else {
            out.println("Inbox: off (no sources.inbox in the config; see docs/operations.md).");
        }
        var retention = uk.schoolaccess.auditor.dashboard.lifecycle.RetentionSettings.from(config);
        if (retention.scheduled().isPresent()) {
            var purge = new uk.schoolaccess.auditor.dashboard.lifecycle.Purge(retention, zone, clock);
            var scheduledPurge = new uk.schoolaccess.auditor.dashboard.service.ScheduledWork("purge",
                    retention.scheduled().get(), zone, clock, owner, () -> {
                        try (Store shared = Store.shareOf(s)) {
                            var r = purge.run(shared.connection(), "scheduled", null, false);
                            // The file is not compacted under a running server: freed space is reused inside it.
                            return "deleted " + r.deleted() + " row(s), purge " + r.purgeId();
                        }
                    }).start();
            out.println("Retention purge: " + scheduledPurge.describe() + " (" + zone + ").");
        }
        if (digests != null) {
            // With an inbox, the first job sends what is due after its audit; the schedule follows it.
            digests.start(jobs != null ? java.time.Duration.ofMinutes(1) : java.time.Duration.ZERO,
                    run -> exclusively(owner, run));
        }
        if (!bind.equals("127.0.0.1") && !bind.equals("localhost") && !bind.equals("::1")) {
            out.println("Warning: listening on " + bind + ", not only this computer. Use HTTPS in front of it.");
        }
        out.println("Dashboard: " + url(bind, app.port()) + "/");
        out.println("Other auditor commands on " + s.path() + " are handed to this server while it runs.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        JobScheduler scheduled = jobs;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            if (scheduled != null) {
                scheduled.close();
            }
            app.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The dashboard's address on {@code bind}, an IPv6 address in brackets. */
    private static String url(String bind, int port) {
        return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }

    private static void exclusively(StoreOwner owner, Runnable run) {
        try {
            owner.exclusive("the digest schedule", null, () -> {
                run.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
