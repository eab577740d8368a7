package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition on a file of {@code /proc} or {@code /sys}, which offer no way to be woken. */
final class Poll {

    /** A condition that may fail to be read. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws IOException;
    }

    private Poll() {}

    /**
     * Polls quickly at first (a freeze takes a few milliseconds), then backs off to one millisecond.
     *
     * @return true if the condition held before the timeout
     */
    static boolean until(Condition condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50_000L;
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 1_000_000L);
        }
    }
}
