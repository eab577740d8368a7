package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.List;
import java.util.Optional;

/**
 * The few calls of the C library that the JDK does not offer, through JNA (which pty4j brings anyway):
 * entering namespaces, finding the user namespace that owns one, sending signals without starting a
 * process, and making the named pipe that holds a sandbox back until its network is up.
 */
public interface Libc extends Library {
    /** SIGCONT on Linux. */
    int SIGCONT = 18;

    /** SIGSTOP on Linux. */
    int SIGSTOP = 19;

    /** No such process. */
    int ESRCH = 3;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    /** Only for requests without an argument, such as {@code NS_GET_USERNS}. */
    int ioctl(int fd, long request) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    /**
     * @return the C library, or empty where JNA cannot load it (its native part could not be unpacked, say)
     *     or where this is not Linux on one of the architectures whose numbers these are
     */
    static Optional<Libc> load() {
        return Loaded.LIBC;
    }

    /** Loaded once, on first use. */
    final class Loaded {
        static final Optional<Libc> LIBC = load0();

        private Loaded() {}

        private static Optional<Libc> load0() {
            // The calls and the signal numbers above are Linux's, as on these architectures (not on MIPS,
            // SPARC or Alpha, nor on macOS, where SIGSTOP is 17).
            boolean known = Platform.isIntel()
                    || Platform.isARM()
                    || List.of("riscv64", "ppc64le", "s390x").contains(Platform.ARCH);
            if (!Platform.isLinux() || !known) {
                return Optional.empty();
            }
            try {
                return Optional.of(Native.load("c", Libc.class));
            } catch (LinkageError e) {
                return Optional.empty();
            }
        }
    }
}
