package org.rapaio.jupyter.kernel.channels;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's LoopThread (same public API), compiled by
 * run-notebooks.sh and placed ahead of the kernel jar. 3.0.1 sets its running flag after
 * starting the thread (a quickly scheduled thread exits at once) and dies on the first failed
 * iteration (an early request before the handlers are registered): about one kernel start in
 * ten never answers. This one sets the flag first, waits briefly before its first poll, and
 * logs a failed iteration instead of dying.
 */
public final class LoopThread extends Thread {

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            running = false;
            return;
        }
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                System.err.println("LoopThread " + getName() + ": iteration failed, continuing: " + e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
