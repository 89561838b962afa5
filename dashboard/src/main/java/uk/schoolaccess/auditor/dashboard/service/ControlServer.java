package uk.schoolaccess.auditor.dashboard.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.schoolaccess.auditor.ingest.store.StoreCopy;
import uk.schoolaccess.auditor.ingest.store.StoreServer;

/**
 * The local channel through which other processes hand their work to the server that owns the
 * store. It listens on 127.0.0.1 only, on a port the system picks, and serves nobody without the
 * token of the store's control file (0600, so only the store's owner can read it). A command
 * line sent here runs in this process, against the owned store, and its output streams back.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private static final java.util.concurrent.ScheduledExecutorService HEARTBEAT =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "control-heartbeat");
                t.setDaemon(true);
                return t;
            });

    /** Commands that only read, so they need not wait for a running ingest or audit. */
    private static final Set<String> READERS = Set.of("status", "quarantine", "config", "jobs");

    /** Runs one command line with the given writers and returns its exit code. */
    @FunctionalInterface
    public interface CommandRunner {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }

    private final StoreOwner owner;
    private final CommandRunner runner;
    private final HttpServer http;
    private final ExecutorService pool;
    private final StoreServer identity;

    private ControlServer(StoreOwner owner, CommandRunner runner, HttpServer http, ExecutorService pool,
                          StoreServer identity) {
        this.owner = owner;
        this.runner = runner;
        this.http = http;
        this.pool = pool;
        this.identity = identity;
    }

    /** Starts the channel and publishes the store's control file. */
    public static ControlServer start(StoreOwner owner, CommandRunner runner) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "control");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        StoreServer identity = StoreServer.create(owner.store().path(), http.getAddress().getPort());
        ControlServer server = new ControlServer(owner, runner, http, pool, identity);
        http.createContext("/ping", server.guarded(server::ping));
        http.createContext("/run", server.guarded(server::runCommand));
        http.createContext("/snapshot", server.guarded(server::snapshot));
        http.start();
        identity.publish();
        return server;
    }

    public StoreServer identity() {
        return identity;
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange x) throws Exception;
    }

    private com.sun.net.httpserver.HttpHandler guarded(Handler h) {
        return x -> {
            try (x) {
                String token = x.getRequestHeaders().getFirst(StoreServer.TOKEN_HEADER);
                if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                        identity.token().getBytes(StandardCharsets.UTF_8))) {
                    reply(x, 403, "not authorised: the token in the store's .server file is needed");
                    return;
                }
                h.handle(x);
            } catch (Exception e) {
                LOG.warn("control request {} failed: {}", x.getRequestURI().getPath(), firstLine(e));
                try {
                    reply(x, 500, firstLine(e));
                } catch (IOException | RuntimeException ignored) {
                    // headers already sent: the caller sees the stream end without an exit frame
                }
            }
        };
    }

    private void ping(HttpExchange x) throws IOException {
        reply(x, 200, "auditor " + identity.pid());
    }

    private void runCommand(HttpExchange x) throws Exception {
        JsonNode req = StoreServer.json().readTree(x.getRequestBody());
        List<String> args = new ArrayList<>();
        req.path("args").forEach(a -> args.add(a.asText()));
        if (args.isEmpty()) {
            reply(x, 400, "no command");
            return;
        }
        Path cwd = Path.of(req.path("cwd").asText("/"));
        byte[] stdin = req.hasNonNull("stdin") ? Base64.getDecoder().decode(req.path("stdin").asText()) : new byte[0];
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(200, 0);
        OutputStream body = x.getResponseBody();
        Frames frames = new Frames(body);
        PrintWriter out = frames.writer(Frames.OUT);
        PrintWriter err = frames.writer(Frames.ERR);
        String name = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(args.get(0));
        // Log the command name only: arguments may be file names, and never include a password.
        LOG.info("running '{}' for another process", name);
        int code;
        // A frame every second or two, so a caller that went away (Ctrl+C) is noticed while the
        // command is quiet: writing to its closed connection fails.
        java.util.concurrent.ScheduledFuture<?> still = HEARTBEAT.scheduleWithFixedDelay(() -> {
            frames.send(Frames.STILL_RUNNING, "");
            if (frames.callerGone()) {
                throw new IllegalStateException("caller gone"); // ends this schedule
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Invocation inv = new Invocation(cwd, new ByteArrayInputStream(stdin), owner,
                    req.path("user").asText("unknown"), frames::callerGone);
            StoreOwner.Work<Integer> work = () -> inv.run(() -> runner.run(args.toArray(String[]::new), out, err));
            code = READERS.contains(name) ? work.run()
                    : owner.exclusive("'auditor " + name + "' from another process", m -> err.println("auditor: " + m),
                    work);
        } finally {
            still.cancel(false);
            out.close();
            err.close();
        }
        if (frames.callerGone()) {
            LOG.info("'{}' for another process ended (exit {}) after its caller went away", name, code);
        }
        frames.send(Frames.EXIT, Integer.toString(code));
    }

    private void snapshot(HttpExchange x) throws Exception {
        JsonNode req = StoreServer.json().readTree(x.getRequestBody());
        Path to = Path.of(req.path("to").asText());
        if (!to.isAbsolute() || Files.exists(to)) {
            reply(x, 400, "the snapshot target must be an absolute path that does not exist yet");
            return;
        }
        StoreCopy.copy(owner.store(), to);
        reply(x, 200, to.toString());
    }

    private static void reply(HttpExchange x, int code, String text) throws IOException {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        identity.withdraw();
        http.stop(0);
        pool.shutdownNow();
    }
}
