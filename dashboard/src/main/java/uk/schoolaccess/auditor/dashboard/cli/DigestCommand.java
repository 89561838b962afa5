package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.digest.Digest;
import uk.schoolaccess.auditor.dashboard.digest.DigestBuilder;
import uk.schoolaccess.auditor.dashboard.digest.DigestService;
import uk.schoolaccess.auditor.dashboard.digest.DigestSettings;
import uk.schoolaccess.auditor.dashboard.digest.Mailer;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "digest", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Build an e-mail digest now and send it over the SMTP server in the config (or print it). "
                + "weekly (to the DPO): findings by detector and severity against the previous week, new "
                + "high-severity findings, data health, MFA and explanation coverage. daily (to the DSL): new "
                + "high-severity out_of_role_access and bulk_export findings since the last daily digest; nothing "
                + "is sent when there are none. No pupil names or ids, no incident text: links into the dashboard "
                + "instead. Each digest is sent once per period ('auditor serve' sends them on the schedules in "
                + "the config); see docs/digests.md.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sent, printed, already sent, or nothing new", "1:sending failed",
                "2:bad usage, an unusable store or config, or no SMTP server or recipients in the config (nothing recorded)"})
final class DigestCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "weekly",
            description = "weekly (default) or daily.")
    String kind;

    @Option(names = "--to", paramLabel = "ADDR", description = "Send to this address instead of the config's "
            + "recipients (a test send: not recorded as the period's digest).")
    List<String> to;

    @Option(names = "--dry-run", description = "Print the message (both parts) instead of sending it; records nothing.")
    boolean dryRun;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!kind.equals("weekly") && !kind.equals("daily")) {
            throw new IllegalArgumentException("--kind " + kind + ": use weekly or daily");
        }
        ConfigFile config = store.configFile();
        DigestSettings settings = DigestSettings.from(config);
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = store.openExisting()) {
            Db db = new Db(s.connection());
            DigestBuilder builder = new DigestBuilder(db, AuditSettings.from(config), settings, zone);
            Invocation inv = Invocation.current();
            if (inv.insideServer()) {
                builder.servedAt(inv.owner().servedAt()); // handed to a server: link where it listens, as its own digests do
            }
            Clock clock = Clock.systemUTC();
            List<String> recipients = to != null ? to
                    : kind.equals("weekly") ? settings.digests().recipients().dpo()
                    : settings.digests().recipients().dsl();
            LocalDate period = kind.equals("weekly") ? builder.defaultWeek(clock.instant())
                    : LocalDate.now(clock.withZone(zone));
            DigestService.Build build = () -> kind.equals("weekly") ? builder.weekly(period, recipients)
                    : builder.daily(period, recipients);
            if (!dryRun && !settings.smtp().configured()) {
                // Not a delivery failure: nothing is recorded, and the weekly page shows no failure.
                spec.commandLine().getErr().println("auditor: digests are not set up: the config has no smtp.host, so "
                        + "nothing was sent or recorded. Add an smtp section (docs/digests.md), or see the digest with "
                        + "--dry-run.");
                return AuditorMain.BAD_INPUT;
            }
            if (!dryRun && recipients.isEmpty()) {
                spec.commandLine().getErr().println("auditor: no one to send the " + kind + " digest to: add digests."
                        + "recipients." + (kind.equals("weekly") ? "dpo" : "dsl") + " to the config (docs/digests.md), "
                        + "or give --to ADDR. Nothing was sent or recorded.");
                return AuditorMain.BAD_INPUT;
            }
            if (dryRun || to != null) {
                Digest d = build.get();
                if (d.empty()) {
                    out.println("Nothing new for the " + kind + " digest of " + period + ": nothing would be sent.");
                    return AuditorMain.OK;
                }
                if (dryRun) {
                    print(out, d, settings);
                    return AuditorMain.OK;
                }
                new Mailer(settings.smtp()).send(d);
                out.println("Sent the " + kind + " digest of " + period + " to " + String.join(", ", d.to())
                        + " (a test send, not recorded).");
                return AuditorMain.OK;
            }
            DigestService service = new DigestService(db, builder, new Mailer(settings.smtp()), zone, clock);
            DigestService.Outcome o = service.sendOnce(kind, period.toString(), build);
            out.println(switch (o) {
                case SENT -> "Sent the " + kind + " digest of " + period + " to " + String.join(", ", recipients) + ".";
                case NOTHING_NEW -> "Nothing new for the " + kind + " digest of " + period + ": nothing sent.";
                case ALREADY_DONE -> "The " + kind + " digest of " + period + " was already sent (or had nothing new).";
                case WAITING -> "The " + kind + " digest of " + period + " failed recently; waiting out its back-off.";
                case GAVE_UP -> "The " + kind + " digest of " + period + " failed too often; see the weekly page.";
                case FAILED -> "Sending the " + kind + " digest of " + period + " failed: "
                        + DigestService.lastFailure(db).get("last_error");
            });
            return o == DigestService.Outcome.FAILED || o == DigestService.Outcome.GAVE_UP ? AuditorMain.NO_FINDINGS
                    : AuditorMain.OK;
        }
    }

    private static void print(PrintWriter out, Digest d, DigestSettings settings) {
        out.println("From: " + settings.smtp().from());
        out.println("To: " + (d.to().isEmpty() ? "(no recipients in the config)" : String.join(", ", d.to())));
        out.println("Subject: " + d.subject());
        out.println();
        out.println("--- text/plain ---");
        out.println(d.text().strip());
        out.println();
        out.println("--- text/html ---");
        out.println(d.html().strip());
        out.flush();
    }
}
