package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's "Could not set lock on file" into what a person can act on: which process holds
 * the store and what to do. An auditor server is never the answer here: commands hand their work
 * to a running server instead of opening the file.
 */
final class StoreLock {

    private static final Pattern HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    private StoreLock() {
    }

    static String explain(Path store, String duckdbMessage) {
        if (!duckdbMessage.contains("Could not set lock")) {
            return store + ": cannot open the database: " + duckdbMessage;
        }
        Matcher m = HOLDER.matcher(duckdbMessage);
        String who = "another program";
        String pid = null;
        if (m.find()) {
            pid = m.group(1);
            who = "process " + pid + commandOf(pid);
        }
        return store + " is in use by " + who + ", which is not an auditor server this command can hand its work "
                + "to. If it is a notebook or another auditor command, wait for it to finish or stop it"
                + (pid == null ? "" : " (kill " + pid + ")")
                + "; if it is 'auditor serve' from an older version, stop it and start this version's 'auditor serve'. "
                + "Then run this command again.";
    }

    private static String commandOf(String pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
            String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            // The program and its first words are enough to recognise it; arguments may be long.
            return cmd.isEmpty() ? "" : " (" + (cmd.length() > 120 ? cmd.substring(0, 120) + "..." : cmd) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
