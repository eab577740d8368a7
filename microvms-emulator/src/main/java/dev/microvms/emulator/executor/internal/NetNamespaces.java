package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Opens sockets inside other network namespaces with {@code setns(2)}. A socket belongs for life to the
 * namespace it was opened in, so the caller then connects it to {@code 127.0.0.1:<port>} of that namespace
 * from any thread, and the bytes need no relay.
 *
 * <p>Entering a network namespace takes {@code CAP_SYS_ADMIN} in this process's own user namespace and in
 * the one that owns the namespace; {@link #probe()} says whether and how this process can:
 *
 * <ul>
 *   <li>as root, one dedicated thread enters the namespace, opens the socket and returns home;
 *   <li>in a user namespace of its own (the emulator started under {@code unshare --user
 *       --map-root-user}), it may enter the MicroVMs' namespaces, which its user namespace owns, but not
 *       return to the host's, so each socket is opened by a short-lived thread that ends where it went.
 * </ul>
 */
public final class NetNamespaces {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private final Libc libc;
    /** The thread that returns home after each socket; null when each socket gets a thread of its own. */
    private final @Nullable ExecutorService thread;

    private final int home;
    private volatile boolean lost;

    private NetNamespaces(Libc libc, @Nullable ExecutorService thread, int home) {
        this.libc = libc;
        this.thread = thread;
        this.home = home;
    }

    /** Whether namespaces can be entered here, with the reason; {@code namespaces} is null when they cannot. */
    public record Probe(@Nullable NetNamespaces namespaces, String detail) {}

    private static final class Probed {
        static final Probe INSTANCE = probe0();
    }

    /** @return whether this JVM can enter network namespaces, probed once */
    public static Probe probe() {
        return Probed.INSTANCE;
    }

    private static Probe probe0() {
        Libc libc = Libc.load().orElse(null);
        if (libc == null) {
            return new Probe(null, "the C library could not be loaded through JNA");
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "microvms-netns");
            t.setDaemon(true);
            return t;
        });
        try {
            // Opened by the dedicated thread, so "home" is that thread's namespace whatever others do.
            int home = thread.submit(() -> libc.open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC))
                    .get();
            try {
                // Re-entering our own namespace needs the same privilege as entering any other.
                thread.submit(() -> libc.setns(home, CLONE_NEWNET)).get();
            } catch (ExecutionException cannotReturn) {
                libc.close(home);
                thread.shutdown();
                return ownUserNamespace(libc, cannotReturn.getCause());
            }
            return new Probe(new NetNamespaces(libc, thread, home), "setns(2) into each MicroVM's network namespace");
        } catch (ExecutionException | RuntimeException e) {
            thread.shutdown();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return new Probe(null, "the network namespace of this process could not be opened (" + cause + ")");
        } catch (InterruptedException e) {
            thread.shutdown();
            Thread.currentThread().interrupt();
            return new Probe(null, "interrupted while probing setns(2)");
        }
    }

    /** @return namespaces entered by short-lived threads, as in a user namespace of its own; for tests */
    static NetNamespaces withShortLivedThreads() {
        return new NetNamespaces(Libc.load().orElseThrow(), null, -1);
    }

    /**
     * Without the right to return to the host's namespace, this process may still own the MicroVMs' ones:
     * it does when it may make a network namespace, which a short-lived thread tries.
     */
    private static Probe ownUserNamespace(Libc libc, Throwable cannotReturn) {
        FutureTask<Integer> attempt = new FutureTask<>(() -> libc.unshare(CLONE_NEWNET));
        Thread once = new Thread(attempt, "microvms-netns-probe");
        once.setDaemon(true);
        once.start();
        try {
            attempt.get();
            return new Probe(
                    new NetNamespaces(libc, null, -1),
                    "setns(2) into each MicroVM's network namespace, on a short-lived thread per connection (this"
                            + " process runs in a user namespace of its own)");
        } catch (ExecutionException e) {
            return new Probe(
                    null,
                    "entering a network namespace needs CAP_SYS_ADMIN, which this process has not ("
                            + cannotReturn.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(null, "interrupted while probing setns(2)");
        }
    }

    /**
     * @param pid a process inside the namespace
     * @return a descriptor of the process's network namespace, to pass to {@link #openSocket} and then
     *     {@link #release}; the namespace lives on while it is held
     * @throws IOException when the process has gone
     */
    public int namespaceOf(long pid) throws IOException {
        try {
            return libc.open("/proc/" + pid + "/ns/net", O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException(
                    "The network namespace of process " + pid + " could not be opened: " + e.getMessage(), e);
        }
    }

    /**
     * @param namespace a descriptor from {@link #namespaceOf}
     * @return an unconnected TCP/IPv4 channel that lives in that namespace
     * @throws IOException when the namespace cannot be entered
     */
    public SocketChannel openSocket(int namespace) throws IOException {
        if (lost) {
            throw lostHome();
        }
        Future<SocketChannel> opened;
        ExecutorService returning = thread;
        if (returning == null) {
            FutureTask<SocketChannel> task = new FutureTask<>(() -> {
                libc.setns(namespace, CLONE_NEWNET);
                return SocketChannel.open(StandardProtocolFamily.INET);
            });
            Thread once = new Thread(task, "microvms-netns-once");
            once.setDaemon(true);
            once.start(); // and it ends in the MicroVM's namespace, which only it has entered
            opened = task;
        } else {
            try {
                opened = returning.submit(() -> enterAndOpen(namespace, returning));
            } catch (RejectedExecutionException e) {
                throw lostHome();
            }
        }
        try {
            return opened.get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "Could not open a socket in a MicroVM's network namespace: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            if (!opened.cancel(false)) {
                // Under way or done: wait the moment it takes, and close the socket rather than leak it.
                try {
                    opened.get().close();
                } catch (ExecutionException | InterruptedException | IOException ignored) {
                    // nothing was opened, or it is closed now
                }
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening a socket in a MicroVM's network namespace");
        }
    }

    /** On the dedicated thread: into the namespace, a socket, and home again. */
    private SocketChannel enterAndOpen(int namespace, ExecutorService returning) throws IOException {
        libc.setns(namespace, CLONE_NEWNET);
        try {
            return SocketChannel.open(StandardProtocolFamily.INET);
        } finally {
            try {
                libc.setns(home, CLONE_NEWNET);
            } catch (LastErrorException e) {
                // Every later socket would land in a MicroVM: refuse rather than cross wires.
                lost = true;
                returning.shutdown();
            }
        }
    }

    private static IOException lostHome() {
        return new IOException("The thread that enters MicroVMs' network namespaces could not return to the"
                + " emulator's own; restart the emulator");
    }

    /** @param namespace a descriptor from {@link #namespaceOf}, closed here */
    public void release(int namespace) {
        try {
            libc.close(namespace);
        } catch (LastErrorException e) {
            // Already closed: nothing is held.
        }
    }
}
