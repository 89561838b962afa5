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
import uk.schoolaccess.auditor.analytics.health.RosterHealth;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show what the store holds and where an audit would be blind: the roster, each source's "
                + "events and the dates they cover, quarantined rows, accounts nobody in the roster owns, and roster "
                + "health: explanation coverage by the roster and from activity, and teaching the roster's teaching "
                + "groups do not list (from the last audit).", ""})
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
        try (Store s = store.open()) {
            print(spec.commandLine().getOut(), s, DataHealth.of(s.connection(), accounts));
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
        rosterHealth(out, store);
        out.flush();
    }

    /** Coverage by the roster and from activity, and the teaching the roster does not list (the last audit's). */
    private static void rosterHealth(PrintWriter out, Store store) {
        try {
            RosterHealth.Coverage c = RosterHealth.coverage(store.connection(), null, null);
            if (c.accesses() == 0) {
                out.println("Explanation coverage: no audit yet");
                return;
            }
            out.printf(Locale.UK, "Explanation coverage (audited days): %s of %,d pupil-level accesses; by the roster "
                    + "%s, only from activity %s%n", c.share(), c.accesses(), c.rosterShare(), c.activityShare());
            RosterHealth.Report h = RosterHealth.of(store.connection(), 10);
            out.printf(Locale.UK, "Roster health: %,d class(es) taught by %,d staff that the teaching groups do not list"
                    + "%s%n", h.total(), h.staff(), h.healthy() ? "" : " (fix the export; explained from activity meanwhile):");
            for (RosterHealth.Gap g : h.gaps()) {
                out.printf(Locale.UK, "  %s%n", g.sentence());
            }
            if (h.total() > h.gaps().size()) {
                out.printf(Locale.UK, "  ... and %,d more%n", h.total() - h.gaps().size());
            }
        } catch (java.sql.SQLException e) {
            out.println("Roster health: unreadable (" + Store.firstLine(e) + ")");
        }
    }

    private static String when(Instant i) {
        return i == null ? "-" : WHEN.format(i);
    }
}
