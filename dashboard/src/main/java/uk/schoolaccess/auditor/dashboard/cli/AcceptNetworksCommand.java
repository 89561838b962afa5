package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.health.SchoolNetworks;
import uk.schoolaccess.auditor.dashboard.web.SchoolNetworkConfig;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "accept-networks", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Add the school's own address ranges, as the data suggests them ('auditor status' and the "
                + "weekly page show the same), to networks.school in the config: the --config file, else auditor.yaml "
                + "beside the store (started if there is none). Only suggested ranges networks.school does not cover "
                + "yet are added; the rest of the file and its comments stay exactly as they are, and a second run adds "
                + "nothing. Takes effect for the next audit. Without networks.school every address counts as off-site.",
                ""})
final class AcceptNetworksCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--only", paramLabel = "RANGE", split = ",",
            description = "Accept only these of the suggested ranges (comma-separated), e.g. 198.51.100.0/28.")
    List<String> only;

    @Option(names = "--dry-run", description = "Show the suggestions and their evidence; change nothing.")
    boolean dryRun;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ConfigFile config = store.configFile();
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        SchoolNetworkConfig networks = SchoolNetworkConfig.of(config, null);
        String where = networks.file() == null ? "the built-in defaults" : networks.file().toString();
        try (Store s = store.openExisting()) {
            List<SchoolNetworks.Suggestion> suggested = SchoolNetworks.suggest(s.connection(), zone);
            List<SchoolNetworks.Suggestion> missing = networks.missing(s.connection(), zone).stream()
                    .filter(g -> only == null || only.contains(g.cidr())).toList();
            if (only != null) {
                for (String asked : only) {
                    if (suggested.stream().noneMatch(g -> g.cidr().equals(asked))) {
                        throw new IllegalArgumentException("--only " + asked + ": not a range the data suggests ("
                                + (suggested.isEmpty() ? "none" : String.join(", ", suggested.stream()
                                .map(SchoolNetworks.Suggestion::cidr).toList())) + "); add other ranges by hand "
                                + "(docs/configuration.md)");
                    }
                }
            }
            if (suggested.isEmpty()) {
                out.println("No address is shared by enough staff signed in at school computers to suggest one; "
                        + "nothing changed.");
                return AuditorMain.OK;
            }
            if (missing.isEmpty()) {
                out.printf(Locale.UK, "Nothing to add: networks.school (in %s) already covers %s.%n", where,
                        String.join(", ", suggested.stream().map(SchoolNetworks.Suggestion::cidr).toList()));
                return AuditorMain.OK;
            }
            for (SchoolNetworks.Suggestion g : missing) {
                out.printf(Locale.UK, "Suggested: %s: %s. Addresses seen: %s.%n", g.cidr(), g.evidence(),
                        String.join(", ", g.addresses()));
            }
            if (dryRun) {
                out.printf(Locale.UK, "Dry run: nothing written. Without --dry-run these go into networks.school in "
                        + "%s.%n", where);
                return AuditorMain.OK;
            }
            SchoolNetworkConfig.Accepted done = networks.accept(s.connection(), zone, only);
            out.printf(Locale.UK, "Added %s to networks.school in %s (the rest of the file is unchanged). It takes "
                    + "effect for the next audit: run 'auditor audit' to apply it now.%n", String.join(", ", done.added()),
                    done.file());
            out.flush();
            return AuditorMain.OK;
        }
    }
}
