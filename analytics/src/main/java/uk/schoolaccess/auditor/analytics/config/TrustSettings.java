package uk.schoolaccess.auditor.analytics.config;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * How a multi-academy trust's audit (the Spark engine over many schools) judges people:
 * {@code per_school} (default) gives every school its own baselines and peer groups;
 * {@code trust_wide} judges everybody against the whole trust (staff ids must then be unique
 * across the trust). Section {@code trust} of auditor.yaml.
 */
public record TrustSettings(String baselines) {

    public static final TrustSettings DEFAULTS = new TrustSettings("per_school");

    public TrustSettings {
        baselines = baselines == null ? "per_school" : baselines;
        if (!baselines.equals("per_school") && !baselines.equals("trust_wide")) {
            throw new ConfigException("trust.baselines: per_school or trust_wide (was " + baselines + ")");
        }
    }

    public boolean trustWide() {
        return baselines.equals("trust_wide");
    }

    public static TrustSettings from(ConfigFile config) {
        return config.section("trust", TrustSettings.class, DEFAULTS);
    }
}
