package uk.schoolaccess.auditor.dashboard.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.store.StoreServer;

/** A real 'auditor serve' in its own process on a port the system picks, stopped (or killed) by the test. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("Dashboard: http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile int port = -1;

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts serve over the store and waits until the dashboard and the control channel answer. */
    static ServerProcess start(Path cwd, Path store) throws Exception {
        Process p = new ProcessBuilder(AuditorProcess.command("serve", "--db", store.toString(), "--port", "0"))
                .directory(cwd.toFile()).redirectErrorStream(true).start();
        ServerProcess s = new ServerProcess(p);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("serve exited: " + s.output());
            }
            if (s.port > 0 && StoreServer.running(store).isPresent()) {
                return s;
            }
            Thread.sleep(200);
        }
        s.kill();
        throw new IllegalStateException("serve did not start in 3 minutes: " + s.output());
    }

    int port() {
        return port;
    }

    String output() {
        return String.join("\n", lines);
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook runs, the control file stays behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A normal stop (SIGTERM), as systemd does. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
