package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Files that hold children's data, or the keys to it, are for the service's own user only: the
 * store, its WAL and spill folder, token and key files, backups and exported subject access
 * files are created 0600 (folders 0700) whatever the umask the auditor was started with.
 *
 * <p>Files the auditor writes itself are created with those modes. DuckDB creates its WAL and
 * spill files itself (and deletes and recreates the WAL at every checkpoint), so
 * {@link #restrictNewFiles()} also sets the process umask to 077 through libc. On a file system
 * without POSIX permissions (Windows) every method here does nothing beyond creating the file:
 * there the folder's ACL decides who reads it.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static volatile Boolean umaskSet;

    private PrivateFiles() {
    }

    /** Whether files here have POSIX permissions at all. */
    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Sets this process's umask to 077, once, so files other code creates (DuckDB's WAL and spill
     * files, Parquet exports) are private too. Returns false where that is not possible (no POSIX,
     * or libc could not be called); the files the auditor creates itself are private either way.
     */
    public static synchronized boolean restrictNewFiles() {
        if (umaskSet == null) {
            umaskSet = posix() && callUmask();
        }
        return umaskSet;
    }

    private static boolean callUmask() {
        if (umaskIsPrivate()) {
            return true; // already 077 (the launcher sets it): no need to load JNA and unpack its library
        }
        try {
            LibC.INSTANCE.umask(0077);
            return true;
        } catch (LinkageError | RuntimeException e) {
            // No native access (e.g. a locked-down temp folder JNA cannot unpack to): fall back to
            // setting modes file by file, and let `auditor status` warn about the rest.
            return false;
        }
    }

    /** Whether this process's umask is already 077, from Linux's /proc; false where that cannot be read. */
    static boolean umaskIsPrivate() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return (Integer.parseInt(line.substring(6).strip(), 8) & 077) == 077;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: ask libc instead
        }
        return false;
    }

    /**
     * Creates a folder (and missing parents) for the service user only. An existing folder is left
     * as it is (it may be /tmp or a home folder): {@link #narrow} it where it is the auditor's own.
     */
    public static Path folder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        if (!posix()) {
            Files.createDirectories(abs);
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            folder(parent);
        }
        try {
            Files.createDirectory(abs, attribute(FOLDER));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return dir; // another process made it first
        }
        Files.setPosixFilePermissions(abs, FOLDER);
        return dir;
    }

    /** Creates an empty file only the service user can read, or narrows an existing one to 0600. */
    public static Path file(Path f) throws IOException {
        if (!Files.exists(f)) {
            if (posix()) {
                Files.createFile(f, attribute(FILE));
            } else {
                Files.createFile(f);
            }
        }
        return narrow(f);
    }

    /** Narrows an existing file to 0600 (a folder to 0700); nothing when it does not exist. */
    public static Path narrow(Path f) throws IOException {
        if (posix() && Files.exists(f)) {
            Files.setPosixFilePermissions(f, Files.isDirectory(f) ? FOLDER : FILE);
        }
        return f;
    }

    /** Opens a file for writing (truncating it), created or narrowed to 0600 before a byte is written. */
    public static OutputStream newOutputStream(Path f) throws IOException {
        file(f);
        return Files.newOutputStream(f, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Writes a whole file that only the service user can read. */
    public static void write(Path f, byte[] content) throws IOException {
        try (OutputStream out = newOutputStream(f)) {
            out.write(content);
        }
    }

    /** Deletes a folder and everything in it (a file alone too); nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Whether anyone but the owner may read, write or enter it (any group or other bit set);
     * false where there are no POSIX permissions or the file is missing.
     */
    public static boolean openToOthers(Path f) throws IOException {
        if (!posix() || !Files.exists(f)) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
        p.retainAll(OTHERS);
        return !p.isEmpty();
    }

    /** The mode as ls shows it, e.g. rw-r--r--; "" without POSIX permissions. */
    public static String mode(Path f) throws IOException {
        return posix() ? PosixFilePermissions.toString(Files.getPosixFilePermissions(f)) : "";
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
        return PosixFilePermissions.asFileAttribute(p);
    }

    /** The C library, for umask(2) only. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int umask(int mask);
    }
}
