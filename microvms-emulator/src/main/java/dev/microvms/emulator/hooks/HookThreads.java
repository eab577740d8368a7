package dev.microvms.emulator.hooks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The threads hook calls use: blocking exchanges on a cached pool (a connection into a MicroVM is a
 * blocking channel), and one timer for timeouts and the pauses between tries, so that no thread sleeps
 * while an app starts.
 */
final class HookThreads {
    static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> daemon(r, "hook-call"));
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private HookThreads() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "hook-timer"));
        // Most timeouts are cancelled long before they are due; do not keep them queued until then.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
