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
    /** Decided once per input, from all of its bytes (TextDecoding). */
    private java.nio.charset.Charset charset;
    private String sha256;
    /** Whether the content ends with a line break (or holds no text at all); see {@link #endsWithLineBreak}. */
    private boolean endsWithLineBreak;

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

    /** The text encoding of the whole input, decided on first use (one extra read of it). */
    public synchronized java.nio.charset.Charset charset() throws IOException {
        if (charset == null) {
            digest();
        }
        return charset;
    }

    /** The SHA-256 of the uncompressed content, read once together with the encoding. */
    public synchronized String sha256() throws IOException {
        if (sha256 == null) {
            digest();
        }
        return sha256;
    }

    /**
     * Whether the text ends with a line break, as every row of a whole export does (Excel and the
     * MIS end the last row with one too); a download cut short almost never stops right after one.
     * An input without text is not cut short.
     */
    public synchronized boolean endsWithLineBreak() throws IOException {
        if (sha256 == null) {
            digest();
        }
        return endsWithLineBreak;
    }

    /** One read of the whole input: its hash, its encoding, its last bytes, and for a zip entry its CRC check. */
    private void digest() throws IOException {
        java.security.MessageDigest d;
        try {
            d = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        LastBytes last;
        try (InputStream in = last = new LastBytes(new java.security.DigestInputStream(open(), d))) {
            charset = TextDecoding.detect(in);
        }
        endsWithLineBreak = last.endsWithLineBreak(charset);
        sha256 = java.util.HexFormat.of().formatHex(d.digest());
    }

    /** Passes an input through, remembering its last two bytes. */
    private static final class LastBytes extends java.io.FilterInputStream {
        private int last = -1;
        private int beforeLast = -1;

        LastBytes(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                saw(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = Math.max(0, n - 2); i < n; i++) {
                saw(b[off + i] & 0xff);
            }
            return n;
        }

        private void saw(int b) {
            beforeLast = last;
            last = b;
        }

        /** A file with no records has no row to be cut short; only text files get here. */
        boolean endsWithLineBreak(java.nio.charset.Charset cs) {
            if (last < 0) {
                return true;
            }
            int ch = cs.equals(TextDecoding.UTF_16LE) ? beforeLast | last << 8
                    : cs.equals(java.nio.charset.StandardCharsets.UTF_16BE) ? beforeLast << 8 | last : last;
            return ch == '\n' || ch == '\r';
        }
    }

    public InputStream open() throws IOException {
        if (zipEntry != null) {
            ZipFile zip = new ZipFile(path.toFile());
            ZipEntry entry = zip.getEntry(zipEntry);
            if (entry == null) {
                zip.close();
                throw new IOException(displayName() + ": entry not found");
            }
            InputStream raw;
            try {
                raw = zip.getInputStream(entry);
            } catch (IOException e) {
                zip.close();
                throw new java.util.zip.ZipException("damaged zip entry: " + e.getMessage()
                        + "; the whole entry was rejected");
            }
            InputStream checked = new CheckedEntry(raw, entry.getCrc(), entry.getSize());
            return new ClosingStream(maybeGunzip(zipEntry, checked), zip);
        }
        return maybeGunzip(path.toString(), Files.newInputStream(path));
    }

    private static InputStream maybeGunzip(String name, InputStream in) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            return buffered;
        }
        try {
            return new BufferedInputStream(new DamagedGzip(new GZIPInputStream(buffered, 1 << 16)), 1 << 16);
        } catch (IOException e) {
            buffered.close();
            throw DamagedGzip.reason(e);
        }
    }

    /** Says in words what is wrong with a damaged .gz; Java's own errors may carry no message. */
    private static final class DamagedGzip extends java.io.FilterInputStream {
        DamagedGzip(InputStream in) {
            super(in);
        }

        static IOException reason(IOException e) {
            String why = e instanceof java.io.EOFException ? "it is cut short (truncated)"
                    : "it cannot be decompressed (" + e.getMessage() + ")";
            return new java.util.zip.ZipException("damaged .gz file: " + why + "; the whole file was rejected");
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw reason(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw reason(e);
            }
        }
    }

    @Override
    public String toString() {
        return displayName();
    }

    /**
     * A zip entry's bytes, checked against the CRC and size the archive records for it when the
     * end is reached. Java's ZipFile does not check them, so flipped bytes inside an export would
     * otherwise load as garbage rows; the whole entry is rejected instead. Every ingest reads an
     * entry to its end (for its content hash) before any row is kept.
     */
    private static final class CheckedEntry extends java.io.FilterInputStream {
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private final long expectedCrc;
        private final long expectedSize;
        private long size;
        private boolean verified;

        CheckedEntry(InputStream in, long expectedCrc, long expectedSize) {
            super(in);
            this.expectedCrc = expectedCrc;
            this.expectedSize = expectedSize;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (java.util.zip.ZipException e) {
                throw new java.util.zip.ZipException("damaged zip entry: it cannot be decompressed (" + e.getMessage()
                        + "); the whole entry was rejected");
            } catch (java.io.EOFException e) {
                throw new java.util.zip.ZipException("damaged zip entry: its data is cut short (the archive is "
                        + "truncated); the whole entry was rejected");
            }
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
            } else if (n < 0) {
                verify();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            verified = true;
            if ((expectedSize >= 0 && size != expectedSize) || (expectedCrc >= 0 && crc.getValue() != expectedCrc)) {
                throw new java.util.zip.ZipException("damaged zip entry: its CRC check failed (the archive is corrupt); "
                        + "the whole entry was rejected");
            }
        }
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
