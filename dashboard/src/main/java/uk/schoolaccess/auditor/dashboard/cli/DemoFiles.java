package uk.schoolaccess.auditor.dashboard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the demo may replace. It starts from a fresh store at every run, so before anything is
 * deleted it makes sure the store and the config beside it are its own: a store it made carries a
 * mark file beside it ({@code demo.duckdb.demo}), and a config it copied starts with its own
 * header line. A school that points the demo at its real store or folder, or runs it while a
 * server uses the store, is refused with nothing touched.
 */
final class DemoFiles {

    private static final String CONFIG_HEADER = "# Copied by 'auditor demo' from the sample school; replaced at every demo run.";

    private DemoFiles() {
    }

    /** The mark beside a store the demo made. */
    static Path markOf(Path store) {
        return store.resolveSibling(store.getFileName() + ".demo");
    }

    /** The demo's copy of the sample school's config: the sample's text under the demo's header. */
    static String configCopy(Path sampleConfig) throws IOException {
        return CONFIG_HEADER + "\n" + Files.readString(sampleConfig, StandardCharsets.UTF_8);
    }

    /**
     * Refuses, naming why, unless the demo may replace the store: asked before anything is made,
     * so a refused demo writes nothing (not even a sample school).
     */
    static void requireStoreReplaceable(Path store) {
        StoreOptions.requireNotServed(store, "stop that server first (Ctrl-C where it runs), or give the demo another --db");
        boolean storeThere = Files.exists(store) || Files.exists(walOf(store));
        if (storeThere && !Files.isRegularFile(markOf(store))) {
            throw new IllegalArgumentException(store + " was not made by 'auditor demo' (no " + markOf(store).getFileName()
                    + " beside it): the demo replaces its store at every run, so it leaves this one alone; give --db a new file");
        }
    }

    /** Refuses unless the config beside the store is absent, or the demo's own copy of this sample's. */
    static void requireConfigReplaceable(Path store, String configCopy) throws IOException {
        Path config = store.resolveSibling("auditor.yaml");
        if (Files.isRegularFile(config) && !isDemoCopy(config, configCopy)) {
            throw new IllegalArgumentException(config + " holds other settings (a school's own?) and the demo would "
                    + "replace them: give --db a file in a folder of its own");
        }
    }

    /** Deletes the demo's earlier store and marks the new one as the demo's before it is made. */
    static void fresh(Path store) throws IOException {
        Files.deleteIfExists(store);
        Files.deleteIfExists(walOf(store));
        Files.createDirectories(store.getParent());
        Files.writeString(markOf(store), "Made by 'auditor demo', which replaces " + store.getFileName()
                + " at every run. Delete this file and the demo will no longer touch the store.\n");
    }

    private static Path walOf(Path store) {
        return store.resolveSibling(store.getFileName() + ".wal");
    }

    /**
     * The demo's own copy, or a plain copy of the same sample (as demos before the header made).
     * Compared as bytes: a school's own file need not be UTF-8.
     */
    private static boolean isDemoCopy(Path config, String configCopy) throws IOException {
        String text = new String(Files.readAllBytes(config), StandardCharsets.ISO_8859_1);
        String ours = configCopy == null ? null
                : new String(configCopy.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return text.startsWith(CONFIG_HEADER) || (ours != null && ours.substring(CONFIG_HEADER.length() + 1).equals(text));
    }
}
