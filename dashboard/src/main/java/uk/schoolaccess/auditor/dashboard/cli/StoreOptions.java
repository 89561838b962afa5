package uk.schoolaccess.auditor.dashboard.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.StoreSettings;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreKey;
import uk.schoolaccess.auditor.ingest.store.StoreServer;

/** The options every command that touches the store shares. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "FILE", description = "DuckDB store (default: ${DEFAULT-VALUE}). "
            + "Migrated to the current schema on open; created when missing only by the commands that load "
            + "data or users (ingest, serve, jobs, users), refused when missing by the others.", defaultValue = "auditor-data/audit.duckdb")
    Path db;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: auditor.yaml "
            + "beside the database, else built-in defaults; see docs/configuration.md).")
    Path config;

    ConfigFile configFile() {
        return ConfigFile.locate(config, db);
    }

    /** Opens the store, creating it if it does not exist (for the commands that load data). */
    Store open() {
        Store owned = ownedHere();
        return owned != null ? owned : Store.open(db, key(), StoreSettings.from(configFile()));
    }

    /** Opens a store that must exist: a mistyped --db is an error, not a new empty store. */
    Store openExisting() {
        Store owned = ownedHere();
        return owned != null ? owned : Store.openExisting(db, key(), StoreSettings.from(configFile()));
    }

    /**
     * Refuses when a live server owns the store: for the commands that must have the file to
     * themselves (serve, restore). The advice says what to do instead.
     */
    void requireNotServed(String advice) {
        requireNotServed(db, advice);
    }

    /** As {@link #requireNotServed(String)}, for a store named otherwise (the demo's). */
    static void requireNotServed(Path store, String advice) {
        var server = StoreServer.running(store);
        if (server.isPresent()) {
            throw new IllegalArgumentException(store + " is served by process " + server.get().pid() + ": " + advice);
        }
    }

    /** The same file by another path (a link to the store or to a folder above it). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The store's key: AUDITOR_DB_KEY or encryption.key_file (docs/security.md); none for a plain store. */
    StoreKey key() {
        return StoreKey.from(configFile(), System.getenv());
    }

    /**
     * Inside a running server, a connection of its own to the store the server owns (closing it
     * leaves the server's open); null when this process is not a server.
     */
    private Store ownedHere() {
        Invocation inv = Invocation.current();
        if (!inv.insideServer()) {
            return null;
        }
        Path owned = inv.owner().store().path().toAbsolutePath().normalize();
        if (!owned.equals(db.toAbsolutePath().normalize()) && !sameFile(owned, db)) {
            throw new IllegalArgumentException("this server owns " + owned + ", not " + db);
        }
        return Store.shareOf(inv.owner().store());
    }
}
