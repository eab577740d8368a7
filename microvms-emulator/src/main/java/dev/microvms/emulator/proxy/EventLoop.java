package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread and one {@link Selector} for every endpoint: it accepts, reads, parses and writes for all
 * of them, so an idle MicroVM costs a listening socket and no thread, and a busy one no thread hand-offs
 * per request. Everything that could block (resuming a MicroVM, opening a socket inside it) runs on small
 * bounded pools, whose threads live only while there is such work, and comes back as a task. Connections
 * are checked for their timeouts once a second.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Threads that open sockets inside MicroVMs: quick steps, and serialized by the way into a namespace. */
    private static final int CONNECTORS = 4;
    /** Connections waiting for a socket to the app; past this, a request is answered 502 at once. */
    private static final int CONNECTS_QUEUED = 4096;
    /** Threads that resume MicroVMs for traffic, one per MicroVM at most, each for its resume hook's time. */
    private static final int RESUMERS = 32;
    /** How long an idle thread of either pool lives. */
    private static final long KEEP_ALIVE_SECONDS = 5;

    /** What a registered channel's key is attached to. */
    interface Handler {
        /** The channel is ready for what its key is interested in; runs on the loop's thread. */
        void ready(SelectionKey key) throws IOException;

        /** {@link #ready} threw: closes what the handler holds. */
        void failed(Exception e);
    }

    final EndpointServer.Settings settings;
    private final Selector selector;
    private final Thread thread;
    private final ThreadPoolExecutor connectors;
    private final ThreadPoolExecutor resumers;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Run after the next select, which is when the keys cancelled before it are gone. */
    private List<Runnable> afterSelect = new ArrayList<>();

    private final Set<ClientConnection> connections = new HashSet<>();
    private volatile boolean open = true;

    EventLoop(EndpointServer.Settings settings) throws IOException {
        this.settings = settings;
        this.selector = Selector.open();
        this.connectors = pool("endpoint-connect", CONNECTORS, new LinkedBlockingQueue<>(CONNECTS_QUEUED));
        this.resumers = pool("endpoint-resume", RESUMERS, new SynchronousQueue<>());
        this.thread = new Thread(this, "endpoint-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a task on the loop's thread, soon; from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /**
     * Opens a socket off the loop; the step hands its result back with {@link #execute}.
     *
     * @return false when too many wait already: the caller answers at once instead
     */
    boolean connect(Runnable blocking) {
        return offload(connectors, blocking, "connections waiting for the app");
    }

    /**
     * Resumes a MicroVM off the loop; the step hands its result back with {@link #execute}.
     *
     * @return false when too many MicroVMs resume already: the caller answers at once instead
     */
    boolean resume(Runnable blocking) {
        return offload(resumers, blocking, "MicroVMs resuming");
    }

    private static boolean offload(ThreadPoolExecutor pool, Runnable blocking, String what) {
        try {
            pool.execute(blocking);
            return true;
        } catch (RejectedExecutionException full) {
            LOG.warn("The endpoint proxy has too many {}; answering 502 meanwhile", what);
            return false;
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, queue, runnable -> {
                    Thread t = new Thread(runnable, name);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Registers a channel with the loop's selector; on the loop's thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Runs {@code action} once the keys cancelled so far are off the selector; on the loop's thread only. */
    void afterNextSelect(Runnable action) {
        afterSelect.add(action);
    }

    void added(ClientConnection connection) {
        connections.add(connection);
    }

    void removed(ClientConnection connection) {
        connections.remove(connection);
    }

    int connections() {
        return connections.size();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void run() {
        long lastSweep = System.nanoTime();
        while (open) {
            try {
                List<Runnable> flushed = afterSelect;
                afterSelect = new ArrayList<>();
                if (flushed.isEmpty() && tasks.isEmpty()) {
                    selector.select(this::dispatch, 1000);
                } else {
                    selector.selectNow(this::dispatch);
                }
                flushed.forEach(EventLoop::runQuietly);
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    runQuietly(task);
                }
                long now = System.nanoTime();
                if (now - lastSweep >= SWEEP_NANOS) {
                    lastSweep = now;
                    for (ClientConnection c : connections.toArray(new ClientConnection[0])) {
                        runQuietly(() -> c.tick(now));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("The endpoint proxy's loop failed once; it goes on", e);
            }
        }
        for (ClientConnection c : connections.toArray(new ClientConnection[0])) {
            c.close();
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void dispatch(SelectionKey key) {
        Handler handler = (Handler) key.attachment();
        try {
            handler.ready(key);
        } catch (IOException | RuntimeException e) {
            handler.failed(e);
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("A task of the endpoint proxy failed", e);
        }
    }

    /** Stops the loop, closing every socket it holds, and waits for it. */
    void close() {
        open = false;
        selector.wakeup();
        connectors.shutdownNow();
        resumers.shutdownNow();
        if (!inLoop()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
