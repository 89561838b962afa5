package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine;
import uk.schoolaccess.auditor.dashboard.service.Forwardable;
import uk.schoolaccess.auditor.dashboard.service.Forwarder;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.ingest.store.StoreServer;

/**
 * Decides whether a parsed command line runs here or is handed to the server that owns its store
 * (docs/operations.md). A command touches a store when it has the --db options (StoreOptions);
 * when a live server owns that store, the server runs the command line and this process prints
 * what it prints.
 */
final class Handover {

    private Handover() {
    }

    /** The exit code of the server's run, or null when the command runs here. */
    static Integer toServer(CommandLine.ParseResult parsed, String[] args, PrintWriter out, PrintWriter err) {
        if (Invocation.current().insideServer()) {
            return null;
        }
        CommandLine leaf = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
        Object command = leaf.getCommand();
        if (command instanceof Forwardable f && !f.runsOnServer()) {
            return null;
        }
        Optional<Path> db = storeOf(leaf);
        if (db.isEmpty()) {
            return null;
        }
        Optional<StoreServer> server = StoreServer.running(db.get());
        if (server.isEmpty()) {
            return null;
        }
        List<String> sent = new ArrayList<>(List.of(args));
        byte[] stdin = new byte[0];
        if (command instanceof Forwardable f) {
            try {
                Forwardable.Handover h = f.prepareHandover();
                sent.addAll(h.extraArgs());
                stdin = h.stdin();
            } catch (Exception e) {
                err.println("auditor: " + UserErrors.message(e));
                return UserErrors.isUserError(e) ? AuditorMain.BAD_INPUT : AuditorMain.NO_FINDINGS;
            }
        }
        return Forwarder.forward(server.get(), sent, Invocation.current().cwd(), stdin, out, err);
    }

    private static Optional<Path> storeOf(CommandLine leaf) {
        for (CommandLine.Model.CommandSpec mixin : leaf.getCommandSpec().mixins().values()) {
            if (mixin.userObject() instanceof StoreOptions s && s.db != null) {
                return Optional.of(s.db);
            }
        }
        return Optional.empty();
    }
}
