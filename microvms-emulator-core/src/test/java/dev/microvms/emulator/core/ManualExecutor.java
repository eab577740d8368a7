package dev.microvms.emulator.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An executor that only queues: the test runs the tasks when it chooses, on its own thread, so the
 * states between a call and its background work (PENDING, SUSPENDING, DELETING) can be observed, and
 * two tasks can be run in the order a thread pool might pick.
 */
final class ManualExecutor implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.addLast(task);
    }

    /** @return how many tasks wait */
    synchronized int pending() {
        return tasks.size();
    }

    /** Runs the oldest task; @return false when there was none */
    boolean runNext() {
        return run(poll(true));
    }

    /** Runs the newest task, as a pool whose other thread is slow would; @return false when there was none */
    boolean runNewest() {
        return run(poll(false));
    }

    /** Runs tasks, and the tasks they queue, until none is left; @return how many ran */
    int runAll() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    /** Drops every queued task, as a stop of the emulator loses the work its threads had not begun. */
    synchronized void discard() {
        tasks.clear();
    }

    private synchronized @Nullable Runnable poll(boolean oldest) {
        return oldest ? tasks.pollFirst() : tasks.pollLast();
    }

    private static boolean run(@Nullable Runnable task) {
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }
}
