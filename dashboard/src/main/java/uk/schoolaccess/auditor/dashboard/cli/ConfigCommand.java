package uk.schoolaccess.auditor.dashboard.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.DetectorInfo;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;

@Command(name = "config", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Print the effective configuration: the file's values with every default filled in, "
                + "including each detector's thresholds. Paste it into auditor.yaml to start your own. "
                + "'auditor config accept-networks' adds the school's own networks, suggested from the data.", ""},
        subcommands = AcceptNetworksCommand.class)
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = store.configFile();
        IngestSettings ingest = IngestSettings.from(file);
        AuditSettings audit = AuditSettings.from(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("school", ingest.school());
        out.put("sources", ingest.sources());
        out.put("ingest", ingest.ingest());
        out.put("networks", audit.networks());
        out.put("apps", audit.apps());
        out.put("school_day", audit.schoolDay());
        out.put("terms", audit.terms());
        out.put("privileged_roles", audit.privilegedRoles());
        out.put("baseline", audit.baseline());
        out.put("role_remits", audit.roleRemits());
        Map<String, Map<String, Double>> thresholds = new TreeMap<>();
        for (Detector d : Detectors.all()) {
            DetectorInfo info = d.info();
            Map<String, Double> own = new TreeMap<>();
            for (DetectorInfo.Threshold t : info.thresholds()) {
                own.put(t.name(), audit.detectors().getOrDefault(info.id(), Map.of()).getOrDefault(t.name(),
                        t.defaultValue()));
            }
            thresholds.put(info.id(), own);
        }
        out.put("detectors", thresholds);
        // The SMTP password is never in the config (only the variable or file that holds it), so never printed.
        var digests = uk.schoolaccess.auditor.dashboard.digest.DigestSettings.from(file);
        out.put("smtp", digests.smtp());
        out.put("digests", digests.digests());
        out.put("dashboard", uk.schoolaccess.auditor.dashboard.web.DashboardSettings.from(file));
        // Where the store's key is, never the key (docs/security.md).
        out.put("encryption", uk.schoolaccess.auditor.ingest.store.StoreKey.settings(file));
        out.put("retention", uk.schoolaccess.auditor.dashboard.lifecycle.RetentionSettings.from(file));
        out.put("store", uk.schoolaccess.auditor.ingest.config.StoreSettings.from(file));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        var w = spec.commandLine().getOut();
        w.println("# Effective configuration (from " + file.origin() + "); see docs/configuration.md");
        w.print(yaml.writeValueAsString(out));
        w.flush();
        return AuditorMain.OK;
    }
}
