package dev.microvms.emulator.executor.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A user-mode network stack attached to a sandbox's own network namespace: the sandbox gets a tap
 * interface with a default route, and its connections leave through ordinary sockets of the host opened
 * by the stack, which refuses the host's loopback. So a build step or a MicroVM with {@code
 * INTERNET_EGRESS} reaches the internet but not the emulator's API nor any other service on the host's
 * 127.0.0.1.
 *
 * <p>{@code slirp4netns} ({@code --disable-host-loopback}, its own sandbox and seccomp filter) is
 * preferred; {@code pasta} (from passt, {@code --no-map-gw}, no port forwarding either way) is used where
 * only it is installed. The environment variable {@value #CHOICE} picks one ({@code slirp4netns}, {@code
 * pasta}) or none ({@code none}). Both run under {@code setpriv --pdeathsig KILL} from the launcher
 * thread, so they end with this JVM.
 */
public final class UserNetwork {
    /** The environment variable that picks the stack. */
    public static final String CHOICE = "MICROVMS_USER_NETWORK";

    /** The DNS server both stacks answer on inside the sandbox, which forwards to the host's resolver. */
    static final String DNS = "10.0.2.3";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    /** The TUN device both stacks open for the sandbox's tap interface. */
    static final Path TUN = Path.of("/dev/net/tun");

    /** The two stacks. */
    public enum Stack {
        SLIRP4NETNS("slirp4netns"),
        PASTA("pasta");

        private final String command;

        Stack(String command) {
            this.command = command;
        }

        /** @return the program's name */
        public String command() {
            return command;
        }
    }

    private final Stack stack;
    private final Path binary;
    private final Path setpriv;

    private UserNetwork(Stack stack, Path binary, Path setpriv) {
        this.stack = stack;
        this.binary = binary;
        this.setpriv = setpriv;
    }

    /** What was found, with the reason when nothing can be used. */
    public record Detected(Optional<UserNetwork> network, String detail) {}

    private static final class Holder {
        static final Detected INSTANCE = detect(System.getenv(CHOICE));
    }

    /** @return the stack of this machine, found once */
    public static Detected detected() {
        return Holder.INSTANCE;
    }

    /**
     * @param choice {@code slirp4netns}, {@code pasta}, {@code none}, or null or empty for the first
     *     installed
     * @return what was found
     */
    public static Detected detect(@Nullable String choice) {
        return detect(choice, Executables::find, TUN);
    }

    /**
     * @param choice {@code slirp4netns}, {@code pasta}, {@code none}, or null or empty for the first
     *     installed
     * @param programs finds a program by name, as {@link Executables#find} does
     * @param tun the TUN device both stacks open, {@code /dev/net/tun}
     * @return what was found
     */
    public static Detected detect(@Nullable String choice, Function<String, Optional<Path>> programs, Path tun) {
        String wanted = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("none")) {
            return new Detected(Optional.empty(), "no user-mode network, because " + CHOICE + "=none");
        }
        Optional<Path> setpriv = programs.apply("setpriv");
        if (setpriv.isEmpty()) {
            return new Detected(
                    Optional.empty(),
                    "no user-mode network, because setpriv is not installed (apt-get install util-linux)");
        }
        for (Stack stack : Stack.values()) {
            if (!wanted.isEmpty() && !wanted.equals(stack.command())) {
                continue;
            }
            Optional<Path> binary = programs.apply(stack.command());
            if (binary.isPresent() && !(Files.isReadable(tun) && Files.isWritable(tun))) {
                // Both stacks give the sandbox a tap device, which takes opening the host's TUN device.
                return new Detected(
                        Optional.empty(),
                        "no user-mode network, because " + tun + " cannot be opened by this user (most"
                                + " distributions make it mode 666; chmod 666 " + tun
                                + ", or run the emulator as root)");
            }
            if (binary.isPresent()) {
                return new Detected(
                        Optional.of(new UserNetwork(stack, binary.get(), setpriv.get())),
                        stack.command() + " at " + binary.get() + " (the host's loopback closed)");
            }
        }
        String missing = wanted.isEmpty() ? "neither slirp4netns nor pasta is" : wanted + " is not";
        return new Detected(
                Optional.empty(),
                "no user-mode network, because " + missing + " installed (apt-get install slirp4netns, or passt for"
                        + " pasta; dnf install slirp4netns)");
    }

    /** @return which stack */
    public Stack stack() {
        return stack;
    }

    /**
     * Starts the stack for a sandbox and waits until its namespace has a default route.
     *
     * @param pid a process inside the sandbox, in its network namespace
     * @param owner the user namespace that owns that network namespace
     * @param log where the stack's own output goes
     * @return the running stack; closing it ends the sandbox's way out
     * @throws IOException when the stack cannot be started or gives no route in time
     */
    public Attached attach(long pid, OwningUserNamespace owner, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--pdeathsig", "KILL", binary.toString()));
        command.addAll(stack == Stack.SLIRP4NETNS ? slirp4netns(pid, owner) : pasta(pid, owner));
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        Process process = Launcher.start(builder);
        Attached attached = new Attached(process);
        try {
            boolean ready = Poll.until(() -> !process.isAlive() || hasDefaultRoute(pid), READY_TIMEOUT);
            if (!process.isAlive()) {
                throw new IOException(stack.command() + " exited with code " + process.exitValue() + "; see " + log);
            }
            if (!ready) {
                throw new IOException(stack.command() + " gave the sandbox no route within " + READY_TIMEOUT.toSeconds()
                        + " s; see " + log);
            }
            return attached;
        } catch (IOException | RuntimeException e) {
            attached.close();
            throw e;
        }
    }

    private List<String> slirp4netns(long pid, OwningUserNamespace owner) {
        List<String> args = new ArrayList<>(List.of(
                "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-sandbox", "--enable-seccomp"));
        if (!owner.isOurs()) {
            args.add("--userns-path=" + owner.path());
        }
        args.addAll(List.of("--netns-type=path", "/proc/" + pid + "/ns/net", "tap0"));
        return args;
    }

    private List<String> pasta(long pid, OwningUserNamespace owner) {
        // pasta started by root drops to nobody before it opens the namespaces, which nobody may not open;
        // --runas with our own uid keeps what opening them takes (and changes nothing for a normal user).
        List<String> args = new ArrayList<>(List.of("--foreground", "--quiet", "--runas", Long.toString(ownUid())));
        // No port forwarding in either direction (-T/-U default to the host's bound loopback ports).
        args.addAll(List.of(
                "--config-net",
                "--no-map-gw",
                "--dns-forward",
                DNS,
                "-t",
                "none",
                "-u",
                "none",
                "-T",
                "none",
                "-U",
                "none"));
        if (!owner.isOurs()) {
            args.addAll(List.of("--userns", owner.path().toString()));
        }
        args.addAll(List.of("--netns", "/proc/" + pid + "/ns/net"));
        return args;
    }

    private static long ownUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** A default route in the process's network namespace: {@code /proc/<pid>/net/route} shows that namespace. */
    static boolean hasDefaultRoute(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "route")).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .anyMatch(fields -> fields.length > 2 && fields[1].equals("00000000"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A running stack. */
    public static final class Attached implements AutoCloseable {
        private final Process process;

        Attached(Process process) {
            this.process = process;
        }

        /** Ends the stack (it would otherwise keep the namespace alive). */
        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return stack.command() + " at " + binary;
    }
}
