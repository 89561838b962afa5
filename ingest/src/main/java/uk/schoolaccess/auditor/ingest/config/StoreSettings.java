package uk.schoolaccess.auditor.ingest.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How much memory DuckDB may use for the store, and where it spills beyond that
 * ({@code store:} in auditor.yaml, docs/configuration.md). Set when the store is opened, so every
 * command (ingest, audit, serve) keeps within it. Unset, DuckDB may use {@link #DEFAULT_MEMORY_LIMIT}
 * and spills to {@code <store>.tmp} beside the store.
 */
public record StoreSettings(String memoryLimit, String tempDirectory) {

    public static final StoreSettings DEFAULTS = new StoreSettings(null, null);

    /**
     * DuckDB's limit when the configuration sets none. With the launcher's 512 MiB Java heap this
     * keeps a command within 1 GiB (488 MiB + 512 MiB), where DuckDB's own default, 80% of the
     * machine's memory, let an audit grow to several GiB (docs/performance.md).
     */
    public static final String DEFAULT_MEMORY_LIMIT = "512MB";

    public StoreSettings {
        memoryLimit = memoryLimit == null || memoryLimit.isBlank() ? null : memoryLimit.strip();
        tempDirectory = tempDirectory == null || tempDirectory.isBlank() ? null : tempDirectory.strip();
        if (memoryLimit != null && !memoryLimit.matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new ConfigException("store.memory_limit: '" + memoryLimit + "' is not a size such as 512MB or 2GB");
        }
        if (memoryLimit != null && bytes(memoryLimit) < (64L << 20)) {
            throw new ConfigException("store.memory_limit: " + memoryLimit + " is below 64MB, too little to load a file");
        }
    }

    /** The limit to set: the configured one, else {@link #DEFAULT_MEMORY_LIMIT}. */
    public String memoryLimitOrDefault() {
        return memoryLimit != null ? memoryLimit : DEFAULT_MEMORY_LIMIT;
    }

    public static StoreSettings from(ConfigFile config) {
        return config.section("store", StoreSettings.class, DEFAULTS);
    }

    /** The spill folder: as configured (relative to the store's folder), else {@code <store>.tmp}. */
    public Path spillFolder(Path store) {
        Path abs = store.toAbsolutePath();
        if (tempDirectory == null) {
            return Path.of(abs + ".tmp");
        }
        Path p = Path.of(tempDirectory);
        return p.isAbsolute() || abs.getParent() == null ? p : abs.getParent().resolve(p);
    }

    private static long bytes(String size) {
        String s = size.toUpperCase(Locale.ROOT).replace(" ", "");
        int unitAt = 0;
        while (unitAt < s.length() && (Character.isDigit(s.charAt(unitAt)) || s.charAt(unitAt) == '.')) {
            unitAt++;
        }
        double n = Double.parseDouble(s.substring(0, unitAt));
        String unit = s.substring(unitAt);
        int power = switch (unit.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            default -> 4;
        };
        double base = unit.contains("I") ? 1024 : 1000;
        return (long) (n * Math.pow(base, power));
    }
}
