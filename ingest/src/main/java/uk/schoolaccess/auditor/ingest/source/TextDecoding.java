package uk.schoolaccess.auditor.ingest.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an export as text, with one encoding decided per file. A byte-order mark decides it:
 * UTF-8 (Excel, Azure), or UTF-16 little- or big-endian (Excel's "Unicode text"). Without one,
 * the file is UTF-8 when all of it is valid UTF-8 (or nearly all: well-formed accented characters
 * outnumber stray bytes), otherwise Windows-1252 (older Excel on Windows): the whole file is
 * checked, not its start, so a name with an accent deep in a file is never half-decoded. Bytes
 * that still cannot be decoded become U+FFFD, and the CSV and JSON loops quarantine any record
 * that holds one rather than store it. The BOM is dropped.
 */
public final class TextDecoding {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    public static final Charset UTF_16LE = StandardCharsets.UTF_16LE;
    public static final Charset UTF_16BE = StandardCharsets.UTF_16BE;

    private TextDecoding() {
    }

    /** The file decoded in its encoding, without its byte-order mark. */
    public static BufferedReader reader(SourceFile file) throws IOException {
        Charset cs = file.charset();
        InputStream in = file.open();
        try {
            in.skipNBytes(bomLength(in, cs));
            return new BufferedReader(new InputStreamReader(in, decoder(cs)), 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A decoder that replaces what it cannot decode with U+FFFD (then quarantined), never drops it. */
    private static CharsetDecoder decoder(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    private static int bomLength(InputStream in, Charset cs) throws IOException {
        byte[] head = new byte[3];
        in.mark(3);
        int n = in.readNBytes(head, 0, 3);
        in.reset();
        if (cs.equals(StandardCharsets.UTF_8)) {
            return n == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        }
        if (cs.equals(UTF_16LE) || cs.equals(UTF_16BE)) {
            return n >= 2 && bom16(head) != null ? 2 : 0;
        }
        return 0;
    }

    private static Charset bom16(byte[] head) {
        if ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            return UTF_16LE;
        }
        if ((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            return UTF_16BE;
        }
        return null;
    }

    /** Decides the encoding of a whole input, reading it to its end. */
    public static Charset detect(InputStream in) throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        if (n == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return StandardCharsets.UTF_8;
        }
        Charset sixteen = n >= 2 ? bom16(head) : null;
        if (sixteen != null) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return sixteen;
        }
        Utf8Check check = new Utf8Check();
        check.feed(head, n);
        byte[] buf = new byte[1 << 16];
        for (int k; (k = in.read(buf)) > 0; ) {
            check.feed(buf, k);
        }
        return check.valid() ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    /**
     * Scans bytes as UTF-8, counting well-formed multi-byte characters and bytes that cannot be
     * UTF-8. A file with none of the latter is UTF-8. A file with more good multi-byte characters
     * than bad bytes is UTF-8 with a few stray bytes (their records are quarantined), rather than
     * Windows-1252, which would silently turn every accented UTF-8 name into mojibake.
     */
    static final class Utf8Check {
        private long multiByte;
        private long invalid;
        private int need;

        void feed(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                int c = b[i] & 0xff;
                if (need > 0) {
                    if ((c & 0xC0) == 0x80) {
                        if (--need == 0) {
                            multiByte++;
                        }
                        continue;
                    }
                    invalid++;
                    need = 0;
                }
                if (c < 0x80) {
                    continue;
                }
                if (c >= 0xC2 && c <= 0xDF) {
                    need = 1;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    need = 2;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    need = 3;
                } else {
                    invalid++;
                }
            }
        }

        boolean valid() {
            if (need > 0) {
                invalid++;
                need = 0;
            }
            return invalid == 0 || multiByte > invalid;
        }
    }
}
