package dev.microvms.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Completes a future after a delay without holding a thread; injected so that tests of retries do not wait. */
@FunctionalInterface
public interface Scheduler {
    /** The real one, on the JDK's shared delay timer. */
    Scheduler SYSTEM = delay -> delay.isZero() || delay.isNegative()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));

    /**
     * Returns a future that completes after a delay.
     *
     * @param delay how long
     * @return the future
     */
    CompletableFuture<Void> after(Duration delay);
}
