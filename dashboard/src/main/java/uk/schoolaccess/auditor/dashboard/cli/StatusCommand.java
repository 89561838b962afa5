package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.health.DataHealth;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.analytics.health.RosterHealth;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show what the store holds and where an audit would be blind: the roster, each source's "
                + "events and the dates they cover, quarantined rows, accounts nobody in the roster owns, and roster "
                + "health: explanation coverage by the roster and from activity, and teaching the roster's teaching "
                + "groups do not list (from the last audit).", ""})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "10",
            description = "List at most N unknown accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (accounts < 0) {
            throw new IllegalArgumentException("--accounts must be 0 or more (was " + accounts + ")");
        }
        try (Store s = store.openExisting()) {
            var config = store.configFile(); // read once for the zone and the networks
            ZoneId zone = IngestSettings.from(config).zoneOf(null);
            print(spec.commandLine().getOut(), s, DataHealth.of(s.connection(), accounts), zone);
            if (uk.schoolaccess.auditor.analytics.config.AuditSettings.from(config).networks().school().isEmpty()) {
                suggestNetworks(spec.commandLine().getOut(),
                        uk.schoolaccess.auditor.analytics.health.SchoolNetworks.suggest(s.connection(), zone));
            }
            return AuditorMain.OK;
        }
    }

    static void print(PrintWriter out, Store store, DataHealth.Report r, ZoneId zone) throws SQLException {
        SchoolTime time = new SchoolTime(zone);
        var roster = r.roster();
        out.printf(Locale.UK, "Store: %s%n", store.path());
        out.println(time.note());
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
                    when(time, c.first()), when(time, c.last()),
                    c.unresolvedEvents() > 0 ? String.format(Locale.UK, "  (%,d with no known owner)", c.unresolvedEvents())
                            : "");
        }
        long files = count(store, "SELECT count(DISTINCT sha256) FROM ingest_batches");
        out.printf(Locale.UK, "Ingested files: %,d (read %,d time(s) in all; a file read again adds nothing); "
                + "quarantined rows: %,d%n", files, r.batches(), r.quarantined());
        if (r.pupilAccountsSeen() > 0) {
            out.printf(Locale.UK, "Pupils' own logins seen (known from the roster): %,d%n", r.pupilAccountsSeen());
        }
        out.printf(Locale.UK, "Accounts nobody in the roster owns: %,d%n", r.unknownAccountCount());
        for (DataHealth.UnknownAccount a : r.unknownAccounts()) {
            out.printf(Locale.UK, "  %-10s %-40s %,d events%n", a.source(), a.account(), a.events());
        }
        out.println(lastAudit(store, time));
        StoreProtection.print(out, store);
        rosterHealth(out, store);
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
            out.printf(Locale.UK, "  Suggested: %-18s %s (%s)%n", g.cidr(), g.evidence(), String.join(", ",
                    g.addresses()));
        }
        if (!suggestions.isEmpty()) {
            out.println("  If these are the school's own, add them under networks.school in auditor.yaml, or run "
                    + "'auditor config accept-networks' (the weekly page has the same button for the DPO).");
        }
        out.flush();
    }

    /** When the last audit ran, so a DPO knows whether the findings are fresh. */
    static String lastAudit(Store store, SchoolTime time) throws SQLException {
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT started_at, period_from, period_to, findings, new_findings FROM audit_runs "
                     + "ORDER BY started_at DESC LIMIT 1")) {
            if (!rs.next()) {
                long findings = count(store, "SELECT count(*) FROM findings");
                return findings == 0 ? "Last audit: none yet (run 'auditor audit')."
                        : String.format(Locale.UK, "Last audit: not recorded (an audit by an older version); %,d "
                                + "finding(s) in the store.", findings);
            }
            return String.format(Locale.UK, "Last audit: %s, of %s to %s: %,d finding(s), %,d new.",
                    time.format(rs.getObject(1, LocalDateTime.class)), time.day(rs.getObject(2, LocalDateTime.class)),
                    time.day(rs.getObject(3, LocalDateTime.class).minusSeconds(1)), rs.getLong(4), rs.getLong(5));
        }
    }

    private static long count(Store store, String sql) throws SQLException {
        try (Statement st = store.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String when(SchoolTime time, Instant i) {
        return i == null ? "-" : time.format(i);
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
}
