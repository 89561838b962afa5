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

    /**
     * The process's CPU time too: on a shared machine the wall time of a phase says little. Set up
     * only when tracing (a holder class): the management classes are start-up time of every ingest.
     */
    private static final class Cpu {
        static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    }
    private static volatile long lastCpu; // written by the loading and the committer threads

    public static long start() {
        if (!ON) {
            return 0L;
        }
        lastCpu = Cpu.OS.getProcessCpuTime();
        return System.nanoTime();
    }

    /** Prints how long {@code phase} of {@code file} took since {@code started}; returns the time now. */
    public static long done(String file, String phase, long started) {
        if (!ON) {
            return 0L;
        }
        long now = System.nanoTime();
        long cpu = Cpu.OS.getProcessCpuTime();
        System.err.printf("[ingest %6d ms %6d ms cpu] %-14s %s%n", (now - started) / 1_000_000,
                (cpu - lastCpu) / 1_000_000, phase, file);
        lastCpu = cpu;
        return now;
    }

    /** A phase run on another thread (wall time only: the process's CPU is shared with the loading thread). */
    public static void ahead(String file, String phase, long startedNanos) {
        if (!ON) {
            return;
        }
        System.err.printf("[ingest %6d ms           ] %-14s %s%n", (System.nanoTime() - startedNanos) / 1_000_000,
                phase, file);
    }

    /** Something the run decided that explains its timings. */
    public static void note(String what) {
        if (ON) {
            System.err.printf("[ingest                    ] %s%n", what);
        }
    }

    /** The CPU time of the calling thread so far (a reading thread's share of the process's). */
    public static void threadCpu(String what) {
        if (!ON) {
            return;
        }
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.err.printf("[ingest           %6d ms cpu] %-14s %s%n", cpu / 1_000_000, what, Thread.currentThread().getName());
    }

    /** The process's CPU and wall time so far (JVM start and opening the store before the first file). */
    public static void process(String what) {
        if (!ON) {
            return;
        }
        long up = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.err.printf("[ingest %6d ms %6d ms cpu] %-14s since the process started%n", up,
                Cpu.OS.getProcessCpuTime() / 1_000_000, what);
    }
}
