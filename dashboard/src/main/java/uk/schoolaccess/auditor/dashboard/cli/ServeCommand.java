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
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serve the dashboard: the weekly audit, findings and triage, people, subject access "
                + "look-ups and the DSL's investigations. Listens on 127.0.0.1 unless told otherwise. Create a user "
                + "first with 'auditor users add'. Stop with Ctrl+C.", ""})
final class ServeCommand implements Callable<Integer> {

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
    public Integer call() throws Exception {
        ConfigFile config = store.configFile();
        try (Store s = store.open()) {
            serve(spec.commandLine().getOut(), s, config, bind, port);
            return AuditorMain.OK;
        }
    }

    /** Starts the digest schedules when the config has an SMTP host and recipients (docs/digests.md). */
    static void startDigests(PrintWriter out, Db db, ConfigFile config, Store s, String servedAt) {
        DigestSettings settings = DigestSettings.from(config);
        var recipients = settings.digests().recipients();
        if (!settings.smtp().configured() || (recipients.dpo().isEmpty() && recipients.dsl().isEmpty())) {
            out.println("E-mail digests: off (no smtp.host or no digests.recipients in the config).");
            return;
        }
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        new DigestService(db, new DigestBuilder(db, AuditSettings.from(config), settings, zone).servedAt(servedAt),
                new Mailer(settings.smtp()), zone, Clock.systemUTC()).start();
        var d = settings.digests();
        out.println("E-mail digests: on (" + zone + "): weekly to the DPO "
                + (d.weekly().enabled() && !recipients.dpo().isEmpty() ? d.weekly().day() + " " + d.weekly().time() : "off")
                + ", daily to the DSL "
                + (d.daily().enabled() && !recipients.dsl().isEmpty() ? d.daily().time() : "off") + ".");
    }

    /** Serves until the process is stopped; shared with demo. */
    static void serve(PrintWriter out, Store s, ConfigFile config, String bind, int port) throws Exception {
        WebServer server = new WebServer(new Db(s.connection()), AuditSettings.from(config),
                IngestSettings.from(config).zoneOf(null), Clock.systemUTC());
        if (!server.web().users().any()) {
            out.println("No dashboard users yet: add one with ./auditor users add NAME --role dpo --db " + s.path());
        }
        server.web().templates().global("school", IngestSettings.from(config).school().name());
        Javalin app = server.create().start(bind, port);
        String url = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + app.port();
        startDigests(out, server.web().db(), config, s, url);
        if (!bind.equals("127.0.0.1") && !bind.equals("localhost") && !bind.equals("::1")) {
            out.println("Warning: listening on " + bind + ", not only this computer. Use HTTPS in front of it.");
        }
        out.println("Dashboard: " + url + "/");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            stopped.countDown();
        }));
        stopped.await();
    }
}
