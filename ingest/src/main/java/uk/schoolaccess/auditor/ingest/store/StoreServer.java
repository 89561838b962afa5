package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The running server that owns a store, as other processes find it: a small file beside the
 * store ({@code audit.duckdb.server}, 0600) with the server's process id, its loopback control
 * port and a random token. Only the store's owner can read the token, so only they can hand work
 * to the server (docs/operations.md). A file left by a server that died is ignored: the port no
 * longer answers, or answers with another token.
 */
public record StoreServer(long pid, int port, String token, Path store) {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String TOKEN_HEADER = "X-Auditor-Token";

    /**
     * Made on first use: every command that touches a store asks {@link #running} whether a server
     * owns it, and building a client (its thread, TLS set-up) is wasted on the usual answer, no.
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The control file of a store: beside it, named after it. */
    public static Path fileOf(Path store) {
        Path abs = store.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".server");
    }

    /** A new server's identity, with a fresh token; written by {@link #publish}. */
    public static StoreServer create(Path store, int port) {
        byte[] t = new byte[32];
        new SecureRandom().nextBytes(t);
        return new StoreServer(ProcessHandle.current().pid(), port, HexFormat.of().formatHex(t),
                store.toAbsolutePath().normalize());
    }

    /** Writes the control file, readable by the store's owner only whatever the umask. */
    public void publish() throws IOException {
        Path f = fileOf(store);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the folder's own protection applies
        } catch (FileAlreadyExistsException e) {
            throw new IOException(tmp + " appeared while writing it");
        }
        ObjectNode n = JSON.createObjectNode().put("pid", pid).put("port", port).put("token", token)
                .put("store", store.toString()).put("started", Instant.now().toString());
        Files.writeString(tmp, JSON.writeValueAsString(n), StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the control file if it is still this server's. */
    public void withdraw() {
        try {
            Optional<StoreServer> there = read(fileOf(store));
            if (there.isPresent() && there.get().token.equals(token)) {
                Files.deleteIfExists(fileOf(store));
            }
        } catch (IOException ignored) {
            // The process is ending; a stale file is recognised and ignored by the next command.
        }
    }

    /**
     * The server that owns this store now, if one does: its control file exists, its process is
     * alive and it answers with the same token.
     */
    public static Optional<StoreServer> running(Path store) {
        Path f = fileOf(store);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Optional<StoreServer> s;
        try {
            s = read(f);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (s.isEmpty() || !ProcessHandle.of(s.get().pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        return s.get().answers() ? s : Optional.empty();
    }

    private static Optional<StoreServer> read(Path f) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (n == null || !n.hasNonNull("port") || !n.hasNonNull("token")) {
            return Optional.empty();
        }
        return Optional.of(new StoreServer(n.path("pid").asLong(), n.path("port").asInt(), n.path("token").asText(),
                Path.of(n.path("store").asText(f.toString()))));
    }

    private boolean answers() {
        try {
            HttpResponse<String> r = Http.CLIENT.send(request("/ping").GET().timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A request to the control channel, with the token. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header(TOKEN_HEADER, token);
    }

    /** Sends a JSON body and returns the reply as a stream (the server streams a command's output). */
    public InputStream post(String path, JsonNode body) throws IOException {
        try {
            HttpResponse<InputStream> r = Http.CLIENT.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String why;
                try (InputStream in = r.body()) {
                    why = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                throw new IOException("the auditor server (process " + pid + ") refused the request: "
                        + (why.isEmpty() ? "HTTP " + r.statusCode() : why));
            }
            return r.body();
        } catch (ConnectException e) {
            throw new IOException("the auditor server (process " + pid + ") did not answer on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Asks the server for a consistent copy of the store, written to {@code target} (which must
     * not exist). Used for read-only work such as the notebooks while the server runs.
     */
    public void snapshot(Path target) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("to", target.toAbsolutePath().toString());
        try (InputStream in = post("/snapshot", body)) {
            in.readAllBytes();
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
