package uk.schoolaccess.auditor.dashboard.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The control channel's reply to a command: one line per frame, {@code O} for a line of standard
 * output, {@code E} for one of standard error, {@code X} with the exit code last. Lines are sent
 * as they are printed, so a long ingest shows its progress in the caller's terminal.
 */
final class Frames {

    static final char OUT = 'O';
    static final char ERR = 'E';
    static final char EXIT = 'X';
    /** Sent while a command is quiet, so a caller that went away is noticed (older callers skip it). */
    static final char STILL_RUNNING = 'H';

    private final OutputStream sink;
    private volatile boolean callerGone;

    Frames(OutputStream sink) {
        this.sink = sink;
    }

    synchronized void send(char kind, String text) {
        try {
            sink.write((kind + text.replace("\r", "").replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8));
            sink.flush();
        } catch (IOException e) {
            // The caller went away (Ctrl+C). What the command does then is its own (an ingest
            // begins no further file; others run to the end): callerGone() tells it.
            callerGone = true;
        }
    }

    boolean callerGone() {
        return callerGone;
    }

    PrintWriter writer(char kind) {
        return new PrintWriter(new LineWriter(kind), true);
    }

    /** Collects characters into lines and sends each whole line as one frame. */
    private final class LineWriter extends Writer {
        private final char kind;
        private final StringBuilder line = new StringBuilder();

        LineWriter(char kind) {
            this.kind = kind;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    send(kind, line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {
            // Only whole lines travel; the rest goes when its line ends or the command does.
        }

        @Override
        public synchronized void close() {
            if (line.length() > 0) {
                send(kind, line.toString());
                line.setLength(0);
            }
        }
    }
}
