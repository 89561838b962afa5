package uk.schoolaccess.auditor.analytics.engine;

/**
 * Per-statement timings on standard error, for profiling an audit on either engine: set the
 * environment variable AUDITOR_TRACE (or -Dauditor.trace=true). Prints the statement's first
 * words only: SQL text carries ids, never names, but a trace is still kept short.
 */
public final class EngineTrace {

    private static final boolean ON = Boolean.getBoolean("auditor.trace") || System.getenv("AUDITOR_TRACE") != null;

    private EngineTrace() {
    }

    public static long start() {
        return ON ? System.nanoTime() : 0L;
    }

    public static void done(String engine, String sql, long started) {
        if (ON) {
            String flat = sql.strip().replaceAll("\\s+", " ");
            System.err.printf("[%s %6d ms] %s%n", engine, (System.nanoTime() - started) / 1_000_000,
                    flat.substring(0, Math.min(100, flat.length())));
        }
    }

    /** Wall time from the JVM's start (the JVM's and the command line's share) to now. */
    public static void sinceProcessStart(String name) {
        if (ON) {
            // The JVM's own uptime: ProcessHandle's start instant counts from the boot time in whole
            // seconds (/proc/stat), so it read up to a second late.
            System.err.printf("[phase  %6d ms] %s%n",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), name);
        }
    }

    /** A step of the audit outside any one statement (a detector, saving the findings), with its wall time. */
    public static void phase(String name, long started) {
        if (ON) {
            System.err.printf("[phase  %6d ms] %s%n", (System.nanoTime() - started) / 1_000_000, name);
        }
    }

    /** A fact worth seeing beside the timings (ids and times only, never names). */
    public static void note(String text) {
        if (ON) {
            System.err.printf("[note          ] %s%n", text);
        }
    }
}
