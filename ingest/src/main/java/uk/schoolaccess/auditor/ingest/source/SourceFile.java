package uk.schoolaccess.auditor.ingest.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One input to read: a plain file, a gzipped file, or one entry of a zip. It can be opened more
 * than once (once to recognise the format, once to read it); each open gives the uncompressed
 * bytes, so a file and its .gz copy have the same content hash.
 */
public final class SourceFile {

    private final Path path;
    private final String zipEntry;

    private SourceFile(Path path, String zipEntry) {
        this.path = path;
        this.zipEntry = zipEntry;
    }

    public static SourceFile of(Path path) {
        return new SourceFile(path, null);
    }

    public static SourceFile zipEntry(Path zip, String entry) {
        return new SourceFile(zip, entry);
    }

    /** What the user sees: the path, and for a zip entry {@code archive.zip!/entry}. */
    public String displayName() {
        return zipEntry == null ? path.toString() : path + "!/" + zipEntry;
    }

    /** The name without compression suffixes, for messages and format hints. */
    public String name() {
        String n = zipEntry == null ? path.getFileName().toString() : zipEntry;
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    public InputStream open() throws IOException {
        if (zipEntry != null) {
            ZipFile zip = new ZipFile(path.toFile());
            ZipEntry entry = zip.getEntry(zipEntry);
            if (entry == null) {
                zip.close();
                throw new IOException(displayName() + ": entry not found");
            }
            return new ClosingStream(maybeGunzip(zipEntry, zip.getInputStream(entry)), zip);
        }
        return maybeGunzip(path.toString(), Files.newInputStream(path));
    }

    private static InputStream maybeGunzip(String name, InputStream in) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")
                ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
    }

    @Override
    public String toString() {
        return displayName();
    }

    /** Closes the zip archive together with the entry's stream. */
    private static final class ClosingStream extends java.io.FilterInputStream {
        private final AutoCloseable owner;

        ClosingStream(InputStream in, AutoCloseable owner) {
            super(in);
            this.owner = owner;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                try {
                    owner.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }
}
