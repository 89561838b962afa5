package uk.schoolaccess.auditor.dashboard.service;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where one command line runs: its working folder (relative paths are the caller's, also when a
 * server runs the command for another process), its standard input, and, inside a server, the
 * store the server owns. A command reads these instead of the JVM's own, so it behaves the same
 * alone and through a server. {@code callerGone} tells a command run for another process that the
 * caller went away (Ctrl+C): alone, that would have ended the process.
 */
public record Invocation(Path cwd, InputStream stdin, StoreOwner owner, String user,
                         java.util.function.BooleanSupplier callerGone) {

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    /** A command run by this process for itself. */
    public static Invocation local() {
        return new Invocation(Path.of("").toAbsolutePath(), System.in, null, System.getProperty("user.name"), () -> false);
    }

    public static Invocation current() {
        Invocation i = CURRENT.get();
        return i == null ? local() : i;
    }

    /** Runs work with this invocation current on this thread. */
    public <T> T run(java.util.concurrent.Callable<T> work) throws Exception {
        Invocation before = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** True when a server runs this command on behalf of another process. */
    public boolean insideServer() {
        return owner != null;
    }

    /** A path as the caller typed it, against the caller's working folder. */
    public Path resolve(String typed) {
        Path p = Path.of(typed);
        return p.isAbsolute() ? p.normalize() : cwd.resolve(p).normalize();
    }
}
