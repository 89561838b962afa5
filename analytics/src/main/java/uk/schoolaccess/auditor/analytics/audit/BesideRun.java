package uk.schoolaccess.auditor.analytics.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.EngineTrace;
import uk.schoolaccess.auditor.analytics.explain.Explanations;
import uk.schoolaccess.auditor.analytics.session.Sessions;

/**
 * An audit's detection on DuckDB with both cores: the explanations are many small statements
 * that mostly use one core, and most detectors never read them. So a second connection to the
 * same database builds the sessions and runs those detectors on a second thread while the audit's
 * own connection builds the explanations and then runs the detectors that read them.
 *
 * <p>Temporary tables belong to a connection, so each side reads only what it built. The two
 * sides write different tables (kept sessions on the second; kept teaching and kept history
 * days on the first), each statement its own transaction, so they cannot conflict: DuckDB only
 * refuses two transactions changing the same rows. A failure on either side fails the audit
 * with that side's exception once both sides have stopped; the second connection is always
 * closed (its temporary tables go with it).
 */
final class BesideRun {

    private BesideRun() {
    }

    /** Each detector's findings (identity-keyed), whichever side found them. */
    static Map<Detector, List<Finding>> detect(AuditContext context, List<Detector> detectors) {
        List<Detector> explained = new ArrayList<>();
        List<Detector> others = new ArrayList<>();
        detectors.forEach(d -> (d.readsExplanations() ? explained : others).add(d));
        Map<Detector, List<Finding>> found = Collections.synchronizedMap(new IdentityHashMap<>());
        Detectors.SharedReads shared = new Detectors.SharedReads();
        DuckDbEngine second = ((DuckDbEngine) context.engine()).beside();
        AuditContext beside = new AuditContext(second, context.period(), context.settings(), context.zone(),
                context.purgeCutoff());
        Threads threads;
        try {
            threads = Threads.fewerWhileBoth(second);
        } catch (RuntimeException e) {
            second.closeBeside();
            throw e;
        }
        FutureTask<Void> besideWork = new FutureTask<>(() -> {
            Throwable primary = null;
            try {
                long t = EngineTrace.start();
                Sessions.build(beside);
                EngineTrace.phase("sessions (second connection)", t);
                run(beside, others, shared, found, " (second connection)");
                return null;
            } catch (RuntimeException | Error e) {
                primary = e;
                throw e;
            } finally {
                // the explanations, often still running, get the whole machine back
                try {
                    threads.restore(second);
                } catch (RuntimeException e) {
                    if (primary == null) {
                        throw e;
                    }
                    primary.addSuppressed(e);
                }
            }
        });
        Thread thread = new Thread(besideWork, "audit-second-connection");
        thread.setDaemon(true);
        Throwable failure = null;
        try {
            thread.start();
            long t = EngineTrace.start();
            Explanations.build(context);
            EngineTrace.phase("explanations", t);
            run(context, explained, shared, found, "");
            // This side is done: on a long audit the second side, still running, gets the
            // machine back (each side restores once, whichever ends first).
            threads.restore(context.engine());
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        long waiting = EngineTrace.start();
        failure = joined(besideWork, thread, failure);
        EngineTrace.phase("waiting for the second connection", waiting);
        try {
            threads.restore(context.engine()); // done already, unless the second thread never ran
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        try {
            // Closing would drop them too; dropped first, as on the audit's own connection.
            second.dropDerived();
            second.closeBeside();
        } catch (RuntimeException e) {
            try {
                second.closeBeside();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error r) {
            throw r;
        }
        if (failure != null) {
            throw new IllegalStateException("the audit's second connection failed", failure);
        }
        return found;
    }

    /**
     * DuckDB's threads while both sides run: one fewer than the database's setting (each
     * connection's own thread works its statements, and DuckDB's workers are the setting less
     * one), so the two sides ask for no more threads than there are cores. Measured: on two cores
     * the audit then took less CPU and wall than with both sides and the worker contending for
     * them (docs/performance.md, paraudit9). The setting is the database's, so it is put back as
     * soon as the second side ends, whatever happened there.
     */
    private static final class Threads {
        private final long setting;
        private final java.util.concurrent.atomic.AtomicBoolean restored = new java.util.concurrent.atomic.AtomicBoolean();

        private Threads(long setting) {
            this.setting = setting;
        }

        static Threads fewerWhileBoth(DuckDbEngine engine) {
            long n = engine.query("SELECT current_setting('threads') AS t").get(0).number("t");
            Threads t = new Threads(n);
            if (n > 1) {
                engine.execute("SET threads = " + (n - 1));
            } else {
                t.restored.set(true);
            }
            return t;
        }

        void restore(uk.schoolaccess.auditor.analytics.engine.Engine engine) {
            if (restored.compareAndSet(false, true)) {
                try {
                    engine.execute("SET threads = " + setting);
                } catch (RuntimeException e) {
                    restored.set(false); // the other side, or the end of the audit, tries again
                    throw e;
                }
            }
        }
    }

    private static void run(AuditContext context, List<Detector> detectors, Detectors.SharedReads shared,
                            Map<Detector, List<Finding>> found, String side) {
        long[] started = {EngineTrace.start()};
        Detectors.run(context, detectors, shared, (d, f) -> {
            EngineTrace.phase("detector " + d.info().id() + side, started[0]);
            found.put(d, f);
            started[0] = EngineTrace.start();
        });
    }

    /**
     * Waits for the second side to stop (it is never left running on a connection about to be
     * closed, even when this thread is interrupted), and returns the first failure of either.
     */
    private static Throwable joined(FutureTask<Void> work, Thread thread, Throwable failure) {
        boolean interrupted = false;
        Throwable result = failure;
        while (true) {
            try {
                if (!thread.isAlive() && !work.isDone()) {
                    // the thread never started: nothing ran on the second connection
                    break;
                }
                work.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (result == null) {
                    result = cause;
                } else {
                    result.addSuppressed(cause);
                }
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }
}
