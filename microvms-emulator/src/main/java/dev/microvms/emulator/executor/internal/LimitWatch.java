package dev.microvms.emulator.executor.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that asks every running MicroVM's cgroup, every {@value #INTERVAL_MILLIS} ms, whether it has
 * run out of memory or processes. The kernel offers no wake-up that works across cgroup v1 and v2, and a
 * read of two small files per MicroVM costs microseconds.
 */
final class LimitWatch {
    /** How often each MicroVM is checked; a fork bomb is stopped within about this much of its limit. */
    static final long INTERVAL_MILLIS = 100;

    static final Duration INTERVAL = Duration.ofMillis(INTERVAL_MILLIS);

    private static final Logger LOG = LoggerFactory.getLogger(LimitWatch.class);

    private static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "microvms-limits");
        thread.setDaemon(true);
        return thread;
    });

    private LimitWatch() {}

    /**
     * @param check what to run at every interval; it must not block
     * @return what cancels it
     */
    static Future<?> watch(Runnable check) {
        return THREAD.scheduleWithFixedDelay(
                () -> {
                    try {
                        check.run();
                    } catch (RuntimeException e) {
                        // One MicroVM's failure must not end the watch of the others.
                        LOG.warn("Checking a MicroVM's limits failed", e);
                    }
                },
                INTERVAL_MILLIS,
                INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }
}
