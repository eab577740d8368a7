package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The user namespace that owns a sandbox's other namespaces, held open so that helpers started on the
 * host ({@code slirp4netns}, {@code pasta}, the shell's {@code bwrap --userns}) can join it by the path
 * {@link #path()}.
 *
 * <p>Bubblewrap run by a normal user makes two user namespaces: an outer one that owns the mount,
 * network and other namespaces, and an inner one its processes run in. Only the outer one gives the
 * right to enter the others, and no process is in it, so it is found with {@code ioctl(NS_GET_USERNS)} on
 * the process's network namespace. Run by root, there is one user namespace and this finds it.
 */
public final class OwningUserNamespace implements AutoCloseable {
    /** {@code NS_GET_USERNS}: {@code _IO(0xb7, 0x1)}. */
    private static final long NS_GET_USERNS = 0xb701L;

    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private final Libc libc;
    private final int fd;
    private final boolean ours;
    private final Path path;
    private boolean closed;

    private OwningUserNamespace(Libc libc, int fd, boolean ours, Path path) {
        this.libc = libc;
        this.fd = fd;
        this.ours = ours;
        this.path = path;
    }

    /**
     * @param pid a process inside the sandbox
     * @return the user namespace that owns its network namespace, or empty where JNA is not available
     * @throws IOException when the namespace cannot be opened (the process is gone, say)
     */
    public static Optional<OwningUserNamespace> of(long pid) throws IOException {
        Optional<Libc> loaded = Libc.load();
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Libc libc = loaded.get();
        int net;
        try {
            net = libc.open("/proc/" + pid + "/ns/net", O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("Cannot open the network namespace of pid " + pid + ": " + e.getMessage(), e);
        }
        try {
            int owner = libc.ioctl(net, NS_GET_USERNS);
            String identity =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + owner)).toString();
            boolean ours = identity.equals(
                    ProcFs.namespace(ProcessHandle.current().pid(), "user").orElse(""));
            // Where the process is in it (root's sandboxes), its own link serves, and a helper that has
            // dropped its capabilities may open it; our descriptor it may not (ptrace access rules).
            Path path = identity.equals(ProcFs.namespace(pid, "user").orElse(""))
                    ? Path.of("/proc", Long.toString(pid), "ns", "user")
                    : Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(owner));
            return Optional.of(new OwningUserNamespace(libc, owner, ours, path));
        } catch (LastErrorException e) {
            throw new IOException(
                    "Cannot find the user namespace that owns pid " + pid + "'s network: " + e.getMessage(), e);
        } finally {
            libc.close(net);
        }
    }

    /** @return true when it is this JVM's own user namespace (run by root): nothing needs to join it */
    public boolean isOurs() {
        return ours;
    }

    /**
     * @return a path another process of this user may open to join it, while this stays open: the
     *     sandbox process's own {@code /proc/<pid>/ns/user} where it is in it, else this JVM's descriptor
     */
    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
