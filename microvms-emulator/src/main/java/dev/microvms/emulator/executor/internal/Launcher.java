package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts processes from one thread that lives as long as the JVM.
 *
 * <p>Why: {@code bwrap --die-with-parent} uses {@code PR_SET_PDEATHSIG}, which fires when the parent
 * <em>thread</em> exits, not the parent process. A sandbox started from a pooled request thread would be
 * killed as soon as the pool retired that thread.
 */
public final class Launcher {
    private static final ExecutorService THREAD =
            new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "microvms-process-launcher");
                thread.setDaemon(true);
                return thread;
            });

    private Launcher() {}

    /**
     * Starts a process from the launcher thread.
     *
     * @param builder the process to start
     * @return the started process
     * @throws IOException when it cannot be started
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started = THREAD.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    // The start cannot be abandoned half way: the process would run unowned.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IllegalStateException("Could not start " + builder.command() + ": " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for a process to end.
     *
     * @param process the process
     * @param millis how long to wait at most
     * @return true if it ended
     * @throws InterruptedIOException when the thread is interrupted
     */
    static boolean awaitExit(Process process, long millis) throws InterruptedIOException {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for pid " + process.pid());
        }
    }
}
