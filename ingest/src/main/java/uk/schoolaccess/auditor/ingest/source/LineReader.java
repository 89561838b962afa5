package uk.schoolaccess.auditor.ingest.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line, like {@link java.io.BufferedReader#readLine()}, but never holds more
 * than {@code maxChars} of one line: the rest of an over-long line (a 200 MB export with no line
 * breaks) is read past and dropped, and {@link #wasCut()} says so, so the reader can quarantine
 * the record with its first characters and go on. Lines end at \n, \r or \r\n.
 */
public final class LineReader implements Closeable {

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean skipLf;
    private boolean cut;
    private long length;

    public LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, or null at the end of the input. */
    public String readLine() throws IOException {
        cut = false;
        length = 0;
        StringBuilder line = null;
        while (true) {
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return line == null ? null : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            if (line == null && pos < len && pos - start <= maxChars) {
                // The usual case, a whole line inside the buffer: one copy, no builder.
                length = pos - start;
                skipLf = buf[pos] == '\r';
                pos++;
                return new String(buf, start, (int) length);
            }
            if (line == null) {
                line = new StringBuilder(Math.min(maxChars, 256));
            }
            append(line, start, pos);
            if (pos < len) {
                skipLf = buf[pos] == '\r';
                pos++;
                return line.toString();
            }
        }
    }

    private void append(StringBuilder line, int from, int to) {
        int n = to - from;
        length += n;
        int room = maxChars - line.length();
        if (n > room) {
            cut = true;
            n = Math.max(room, 0);
        }
        line.append(buf, from, n);
    }

    /** Whether the last line returned was longer than the limit and was cut to it. */
    public boolean wasCut() {
        return cut;
    }

    /** The full length of the last line returned, in characters, including any part dropped. */
    public long lastLength() {
        return length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
