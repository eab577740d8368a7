package dev.microvms.sdk.internal.sandbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs an action once a deadline has passed, unless cancelled first: how blocking reads of a shell or an
 * agent's socket are given a timeout (the action closes the connection, and the read ends).
 */
final class Watchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "microvms-sandbox-timer");
        t.setDaemon(true);
        return t;
    });

    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int DISARMED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final @Nullable ScheduledFuture<?> task;

    private Watchdog(@Nullable Duration after, Runnable action) {
        this.task = after == null
                ? null
                : TIMER.schedule(
                        () -> {
                            if (state.compareAndSet(ARMED, FIRED)) {
                                action.run();
                            }
                        },
                        after.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    /**
     * @param after how long to wait; null never fires
     * @param action what to do then
     * @return the running watchdog
     */
    static Watchdog start(@Nullable Duration after, Runnable action) {
        return new Watchdog(after, action);
    }

    /** @return whether the action ran */
    boolean fired() {
        return state.get() == FIRED;
    }

    /** Stops it from firing, if it has not yet. */
    @Override
    public void close() {
        state.compareAndSet(ARMED, DISARMED);
        if (task != null) {
            task.cancel(false);
        }
    }
}
