package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreKey;

/** The options every command that touches the store shares. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "FILE", description = "DuckDB store (default: ${DEFAULT-VALUE}). "
            + "Created, or migrated to the current schema, on open.", defaultValue = "auditor-data/audit.duckdb")
    Path db;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: auditor.yaml "
            + "beside the database, else built-in defaults; see docs/configuration.md).")
    Path config;

    ConfigFile configFile() {
        return ConfigFile.locate(config, db);
    }

    Store open() {
        return Store.open(db, StoreKey.from(configFile(), System.getenv()));
    }
}
