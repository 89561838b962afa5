package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.health.DataHealth;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show what the store holds and where an audit would be blind: the roster, each source's "
                + "events and the dates they cover, quarantined rows, and accounts nobody in the roster owns.", ""})
final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    StoreOptions store;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "10",
            description = "List at most N unknown accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Store s = store.openExisting()) {
            print(spec.commandLine().getOut(), s, DataHealth.of(s.connection(), accounts));
            if (uk.schoolaccess.auditor.analytics.config.AuditSettings.from(store.configFile()).networks().school().isEmpty()) {
                suggestNetworks(spec.commandLine().getOut(),
                        uk.schoolaccess.auditor.analytics.health.SchoolNetworks.suggest(s.connection()));
            }
            return AuditorMain.OK;
        }
    }

    static void print(PrintWriter out, Store store, DataHealth.Report r) {
        var roster = r.roster();
        out.printf(Locale.UK, "Store: %s%n", store.path());
        out.printf(Locale.UK, "Roster: %,d staff (%,d logins), %,d pupils, %,d relationships, %,d incidents%n",
                roster.staff(), roster.staffAccounts(), roster.pupils(), roster.relationships(), roster.incidents());
        if (roster.staff() == 0) {
            out.println("  No roster loaded: accesses cannot be tied to staff or explained. Ingest staff.csv and "
                    + "the other roster files.");
        }
        out.println("Sources:");
        if (r.sources().isEmpty()) {
            out.println("  none loaded yet");
        }
        for (DataHealth.SourceCoverage c : r.sources()) {
            out.printf(Locale.UK, "  %-14s %-12s %,12d events  %s .. %s%s%n", c.table(), c.source(), c.events(),
                    when(c.first()), when(c.last()),
                    c.unresolvedEvents() > 0 ? String.format(Locale.UK, "  (%,d with no known owner)", c.unresolvedEvents())
                            : "");
        }
        out.printf(Locale.UK, "Ingested files: %,d batch(es); quarantined rows: %,d%n", r.batches(), r.quarantined());
        if (r.pupilAccountsSeen() > 0) {
            out.printf(Locale.UK, "Pupils' own logins seen (known from the roster): %,d%n", r.pupilAccountsSeen());
        }
        out.printf(Locale.UK, "Accounts nobody in the roster owns: %,d%n", r.unknownAccountCount());
        for (DataHealth.UnknownAccount a : r.unknownAccounts()) {
            out.printf(Locale.UK, "  %-10s %-40s %,d events%n", a.source(), a.account(), a.events());
        }
        StoreProtection.print(out, store);
        out.flush();
    }

    /** With no networks.school every address is off-site: offer the school's own ranges, seen in the data. */
    static void suggestNetworks(PrintWriter out, java.util.List<uk.schoolaccess.auditor.analytics.health.SchoolNetworks
            .Suggestion> suggestions) {
        out.println("School network: networks.school is not set, so every address counts as off-site.");
        if (suggestions.isEmpty()) {
            out.println("  No address is shared by enough staff signed in at school computers to suggest one.");
        }
        for (var g : suggestions) {
            out.printf(Locale.UK, "  Suggested: %-18s %d staff signed in from it while logged on at school computers "
                    + "(%s)%n", g.cidr(), g.staff(), String.join(", ", g.addresses()));
        }
        if (!suggestions.isEmpty()) {
            out.println("  If these are the school's own, add them under networks.school in auditor.yaml.");
        }
        out.flush();
    }

    private static String when(Instant i) {
        return i == null ? "-" : WHEN.format(i);
    }
}
