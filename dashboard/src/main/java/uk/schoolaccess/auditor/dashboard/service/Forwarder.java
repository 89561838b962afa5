package uk.schoolaccess.auditor.dashboard.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.schoolaccess.auditor.ingest.store.StoreServer;

/**
 * Hands a command line to the server that owns its store and prints what the server's run of it
 * prints, ending with its exit code: the caller cannot tell it from running the command alone.
 */
public final class Forwarder {

    /** The exit code when the server could not be reached or stopped mid-command. */
    public static final int SERVER_LOST = 1;

    private Forwarder() {
    }

    public static int forward(StoreServer server, List<String> args, Path cwd, byte[] stdin, PrintWriter out,
                              PrintWriter err) {
        ObjectNode req = StoreServer.json().createObjectNode();
        args.forEach(req.putArray("args")::add);
        req.put("cwd", cwd.toString());
        if (stdin != null && stdin.length > 0) {
            req.put("stdin", Base64.getEncoder().encodeToString(stdin));
        }
        try (InputStream in = server.post("/run", req);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                String text = line.substring(1);
                switch (line.charAt(0)) {
                    case Frames.OUT -> out.println(text);
                    case Frames.ERR -> err.println(text);
                    case Frames.EXIT -> {
                        out.flush();
                        err.flush();
                        return Integer.parseInt(text.strip());
                    }
                    default -> { } // a frame kind from a newer server: nothing to show
                }
            }
            err.println("auditor: the server owning " + server.store() + " (process " + server.pid()
                    + ") stopped before the command finished; run 'auditor status' to see what was stored, and "
                    + "run the command again (loading a file twice adds nothing).");
            return SERVER_LOST;
        } catch (IOException e) {
            err.println("auditor: " + e.getMessage());
            return SERVER_LOST;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
