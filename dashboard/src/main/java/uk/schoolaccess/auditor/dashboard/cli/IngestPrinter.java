package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.UnrecognisedFile;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Quarantined;

/**
 * Prints an ingest as it goes: a line per file with its figures, the first quarantine reasons,
 * and a closing total. On a terminal a long file shows a live progress line; otherwise (a log,
 * a pipe, CI) a plain progress line at most every few seconds.
 */
final class IngestPrinter implements Ingestor.Listener {

    private static final long PLAIN_PROGRESS_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Readers readers;
    private final boolean terminal = System.console() != null;
    /** Taken on the command's own thread: the listener may be called from the ingest's others. */
    private final Invocation invocation = Invocation.current();
    private long fileStarted;
    private long lastPlainProgress;
    private boolean progressShown;

    IngestPrinter(PrintWriter out, PrintWriter err, Readers readers) {
        this.out = out;
        this.err = err;
        this.readers = readers;
    }

    /**
     * Alone, Ctrl+C ends the process; through a server, the caller going away ends the run here:
     * the ingest then begins no further file, and the files already begun are loaded whole or not at all.
     */
    @Override
    public void started(SourceFile file, String format) {
        if (invocation.callerGone().getAsBoolean()) {
            throw new IllegalStateException("the caller went away (Ctrl+C): no further file is loaded");
        }
        fileStarted = System.nanoTime();
        lastPlainProgress = fileStarted;
    }

    @Override
    public void progress(SourceFile file, long records) {
        long now = System.nanoTime();
        double rate = records / Math.max(1e-9, (now - fileStarted) / 1e9);
        String line = String.format(Locale.UK, "  %s: %,d rows so far, %,.0f rows/s", shown(file.displayName()),
                records, rate);
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
            progressShown = true;
        } else if (now - lastPlainProgress >= PLAIN_PROGRESS_NANOS) {
            out.println(line);
            lastPlainProgress = now;
        }
    }

    @Override
    public void finished(BatchResult r) {
        clearProgress();
        StringBuilder b = new StringBuilder(String.format(Locale.UK,
                "%s: %s, read %,d, added %,d, duplicates skipped %,d, quarantined %,d, %.2f s, %,.0f rows/s",
                shown(r.path()), r.format(), r.rowsRead(), r.added(), r.duplicates(), r.quarantined(), r.seconds(),
                r.rowsPerSecond()));
        if (r.ignored() > 0) {
            b.append(String.format(Locale.UK, ", ignored %,d (not sign-in, logon or access events)", r.ignored()));
        }
        if (r.updated() > 0) {
            b.append(String.format(Locale.UK, ", updated %,d", r.updated()));
        }
        if (r.removed() > 0) {
            b.append(String.format(Locale.UK, ", removed %,d (logins or relationships this roster file no longer "
                    + "lists)", r.removed()));
        }
        if (r.ambiguousTimes() > 0) {
            b.append(String.format(Locale.UK, ", ambiguous local times %,d (clock change; kept in file order)",
                    r.ambiguousTimes()));
        }
        if (r.implausibleTimes() > 0) {
            b.append(String.format(Locale.UK, ", times outside the plausible window %,d (quarantined)",
                    r.implausibleTimes()));
        }
        if (r.unresolvedAccounts() > 0) {
            b.append(String.format(Locale.UK, ", accounts not in the roster %,d (kept)", r.unresolvedAccounts()));
        }
        out.println(b);
        if (r.snapshotIncomplete()) {
            out.println("  " + r.incompleteSnapshot());
        }
        for (Quarantined q : r.quarantinePreview()) {
            out.println("  quarantined " + shown(r.path()) + ":" + q.line() + ": " + q.reason());
        }
        if (r.quarantined() > r.quarantinePreview().size()) {
            out.printf(Locale.UK, "  ... and %,d more (all kept, batch %d: 'auditor quarantine --file NAME' lists them)%n",
                    r.quarantined() - r.quarantinePreview().size(), r.batchId());
        }
        out.flush();
    }

    @Override
    public void unreadable(Path path, String reason) {
        clearProgress();
        err.println("auditor: " + shown(path.toString()) + ": " + reason + ", skipped");
        err.flush();
    }

    @Override
    public void empty(SourceFile file) {
        clearProgress();
        out.println(shown(file.displayName()) + ": empty export, 0 rows (nothing to load; not an error)");
        out.flush();
    }

    @Override
    public void unrecognised(SourceFile file, UnrecognisedFile seen) {
        clearProgress();
        // described, never quoted: without its header a file's first line is a pupil's record
        err.println("auditor: " + shown(file.displayName()) + ": format not recognised, skipped. " + seen.describe()
                + ". Use --format (one of: " + String.join(", ", readers.formats()) + ") or --profile FILE.");
        err.flush();
    }

    @Override
    public void failed(SourceFile file, String reason) {
        clearProgress();
        err.println("auditor: " + shown(file.displayName()) + ": not loaded (nothing from it was stored): " + reason);
        err.flush();
    }

    void total(IngestSummary s) {
        double seconds = s.seconds();
        out.printf(Locale.UK, "Total: %d file(s), read %,d, added %,d, duplicates skipped %,d, quarantined %,d, "
                        + "%.2f s, %,.0f rows/s%n", s.batches().size(), s.rowsRead(), s.added(), s.duplicates(),
                s.quarantined(), seconds, seconds <= 0 ? 0.0 : s.rowsRead() / seconds);
        if (s.removed() > 0) {
            out.printf(Locale.UK, "Removed %,d login(s) or relationship(s) the roster files loaded no longer list.%n",
                    s.removed());
        }
        if (s.quarantined() > 0) {
            out.printf(Locale.UK, "Warning: %,d row(s) quarantined; their good neighbours were loaded. "
                    + "'auditor quarantine' lists them with their lines and reasons.%n", s.quarantined());
        }
        if (s.unrecognised() > 0 || s.failed() > 0) {
            err.printf(Locale.UK, "auditor: %d file(s) not recognised, %d file(s) could not be read.%n",
                    s.unrecognised(), s.failed());
        }
        out.flush();
        err.flush();
    }

    private void clearProgress() {
        if (progressShown) {
            out.print("\r" + " ".repeat(100) + "\r");
            progressShown = false;
        }
    }

    /** Paths under the working folder are shown relative to it, as the user typed them. */
    private static String shown(String path) {
        try {
            Path cwd = uk.schoolaccess.auditor.dashboard.service.Invocation.current().cwd();
            Path p = Path.of(path.contains("!/") ? path.substring(0, path.indexOf("!/")) : path).toAbsolutePath();
            String rest = path.contains("!/") ? path.substring(path.indexOf("!/")) : "";
            return (p.startsWith(cwd) ? cwd.relativize(p).toString() : path.replace(rest, "")) + rest;
        } catch (RuntimeException e) {
            return path;
        }
    }
}
