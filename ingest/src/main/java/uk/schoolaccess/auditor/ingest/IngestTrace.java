package uk.schoolaccess.auditor.ingest;

/**
 * Per-file phase timings of an ingest on standard error, for profiling: set the environment
 * variable AUDITOR_TRACE (or -Dauditor.trace=true), as for the audit's statement timings. Prints
 * the file's name and the phase only, never record contents.
 */
public final class IngestTrace {

    private static final boolean ON = Boolean.getBoolean("auditor.trace") || System.getenv("AUDITOR_TRACE") != null;

    private IngestTrace() {
    }

    public static boolean on() {
        return ON;
    }

    public static long start() {
        return ON ? System.nanoTime() : 0L;
    }

    /** Prints how long {@code phase} of {@code file} took since {@code started}; returns the time now. */
    public static long done(String file, String phase, long started) {
        if (!ON) {
            return 0L;
        }
        long now = System.nanoTime();
        System.err.printf("[ingest %6d ms] %-14s %s%n", (now - started) / 1_000_000, phase, file);
        return now;
    }
}
