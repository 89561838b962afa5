package uk.schoolaccess.auditor.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.TextDecoding;

/**
 * Whether a CSV file is "plain": one on which DuckDB's own CSV reader and {@link CsvRecords}
 * cannot disagree, so DuckDB may read it and data row k is file line k + 1.
 *
 * <p>Plain means: a file on disk (not a zip entry or a .gz), valid UTF-8 (a byte-order mark
 * allowed), every line ending the same way (\n, or \r\n), no control characters but tab, no
 * U+FFFD, no line longer than the record limit, the header on line 1, every line with exactly
 * the header's number of fields, and quotes only as RFC 4180 has them (a quoted field opens at
 * its start, doubles its inner quotes, and closes before a comma or the line's end; never a
 * quote inside an unquoted field, never a quoted field running on to the next line). Anything
 * else (a blank line, a truncated or stray quote, a short row, a Windows-1252 file) is read by
 * the Java reader, which quarantines what it must with the right line numbers.
 *
 * @param path        the file DuckDB reads
 * @param header      the header's fields, as {@link CsvRecords} splits them
 * @param dataRows    the records after the header
 * @param crlf        whether lines end with \r\n (else \n)
 * @param maxLineBytes the longest line, in bytes
 * @param padded      whether any field starts or ends with a space or tab (which a reader trims)
 */
public record PlainCsv(Path path, Header header, long dataRows, boolean crlf, int maxLineBytes, boolean padded) {

    /** The plain form of {@code file}, or empty when the Java reader must read it. */
    public static Optional<PlainCsv> check(SourceFile file, int maxChars) throws IOException {
        String shown = file.displayName();
        if (shown.toLowerCase(Locale.ROOT).endsWith(".gz") || shown.contains("!/")) {
            return Optional.empty();
        }
        Path path = Path.of(shown);
        if (!Files.isRegularFile(path) || !StandardCharsets.UTF_8.equals(file.charset())) {
            return Optional.empty();
        }
        Scan scan = new Scan(maxChars);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buf = new byte[1 << 16];
            boolean first = true;
            for (int n; (n = in.read(buf)) > 0; ) {
                int from = 0;
                if (first) {
                    first = false;
                    if (n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                        from = 3;
                    }
                }
                if (!scan.feed(buf, from, n)) {
                    return Optional.empty();
                }
            }
        }
        if (!scan.end() || scan.lines < 2) {
            return Optional.empty();
        }
        Header header;
        try (BufferedReader reader = TextDecoding.reader(file)) {
            CsvRecords records = new CsvRecords(reader, false, maxChars);
            CsvRecord r = records.hasNext() ? records.next() : null;
            if (r == null || r.problem() != null || r.isBlank() || r.size() != scan.headerFields) {
                return Optional.empty();
            }
            header = new Header(r.fields());
        }
        return Optional.of(new PlainCsv(path, header, scan.lines - 1, scan.crlf == 1, scan.longest, scan.padded));
    }

    /** The byte-level checks, fed the file in pieces. */
    private static final class Scan {
        private final int maxBytes;
        long lines;
        int headerFields = -1;
        int longest;
        /** -1 undecided, 0 \n, 1 \r\n. */
        int crlf = -1;
        private int fields = 1;
        private int lineBytes;
        private boolean fieldStart = true;
        private boolean quoted;
        /** Inside a quoted field, just after a quote: a second one, a comma or the line's end must follow. */
        private boolean quoteSeen;
        /** Just after a closing quote: a comma or the line's end must follow. */
        private boolean closed;
        private boolean cr;
        private int need;
        private int codePoint;
        private int min;
        boolean padded;
        /** Whether the current field has had a character yet, and whether its last one was a space or tab. */
        private boolean content;
        private boolean blank;

        Scan(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        boolean feed(byte[] b, int from, int n) {
            for (int i = from; i < n; i++) {
                int c = b[i] & 0xff;
                if (cr && c != '\n') {
                    return false; // a lone \r
                }
                if (need > 0) {
                    if ((c & 0xC0) != 0x80) {
                        return false;
                    }
                    codePoint = (codePoint << 6) | (c & 0x3F);
                    if (--need == 0 && (codePoint < min || codePoint > 0x10FFFF
                            || (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint == 0xFFFD
                            || Character.isWhitespace(codePoint))) {
                        return false;
                    }
                    if (++lineBytes > maxBytes) {
                        return false;
                    }
                    if (quoteSeen || closed) {
                        return false;
                    }
                    fieldStart = false;
                    continue;
                }
                if (c == '\n') {
                    if (!endLine(cr ? 1 : 0)) {
                        return false;
                    }
                    cr = false;
                    continue;
                }
                if (c == '\r') {
                    cr = true;
                    continue;
                }
                if (++lineBytes > maxBytes) {
                    return false;
                }
                if (c >= 0x80) {
                    if (!quotedOrPlainChar(c)) {
                        return false;
                    }
                    if (c >= 0xC2 && c <= 0xDF) {
                        need = 1;
                        codePoint = c & 0x1F;
                        min = 0x80;
                    } else if (c >= 0xE0 && c <= 0xEF) {
                        need = 2;
                        codePoint = c & 0x0F;
                        min = 0x800;
                    } else if (c >= 0xF0 && c <= 0xF4) {
                        need = 3;
                        codePoint = c & 0x07;
                        min = 0x10000;
                    } else {
                        return false;
                    }
                    continue;
                }
                if (c < 0x20 && c != '\t') {
                    return false;
                }
                if (c == '"') {
                    if (quoted) {
                        if (quoteSeen) {
                            quoteSeen = false; // a doubled quote inside the field
                            content = true;
                            blank = false;
                        } else {
                            quoteSeen = true;
                        }
                    } else if (fieldStart && !closed) {
                        quoted = true;
                        fieldStart = false;
                    } else {
                        return false; // a quote inside an unquoted field, or after a closed one
                    }
                    continue;
                }
                if (c == ',') {
                    if (quoted && !quoteSeen) {
                        continue; // a comma inside the quotes
                    }
                    quoted = false;
                    quoteSeen = false;
                    closed = false;
                    fields++;
                    fieldStart = true;
                    padded |= blank;
                    content = false;
                    blank = false;
                    continue;
                }
                if (!quotedOrPlainChar(c)) {
                    return false;
                }
            }
            return true;
        }

        /** An ordinary character: fine inside quotes or an unquoted field, not right after a closing quote. */
        private boolean quotedOrPlainChar(int c) {
            if (quoteSeen || closed) {
                return false;
            }
            fieldStart = false;
            boolean space = c == ' ' || c == '\t';
            padded |= space && !content;
            content = true;
            blank = space;
            return true;
        }

        private boolean endLine(int ending) {
            if (need > 0) {
                return false;
            }
            if (quoted && !quoteSeen) {
                return false; // the quoted field runs on to the next line
            }
            if (crlf == -1) {
                crlf = ending;
            } else if (crlf != ending) {
                return false;
            }
            if (headerFields == -1) {
                if (fields < 2) {
                    return false;
                }
                headerFields = fields;
            } else if (fields != headerFields) {
                return false;
            }
            lines++;
            padded |= blank;
            content = false;
            blank = false;
            longest = Math.max(longest, lineBytes);
            fields = 1;
            lineBytes = 0;
            fieldStart = true;
            quoted = false;
            quoteSeen = false;
            closed = false;
            return true;
        }

        /** The end of the file: a last line without its line break counts, a lone \r does not. */
        boolean end() {
            if (cr || need > 0) {
                return false;
            }
            if (lineBytes == 0 && fields == 1 && fieldStart) {
                return true; // the file ended with a line break
            }
            int ending = crlf == -1 ? 0 : crlf;
            return endLine(ending);
        }
    }
}
