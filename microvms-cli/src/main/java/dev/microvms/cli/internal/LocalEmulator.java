package dev.microvms.cli.internal;

import dev.microvms.emulator.executor.internal.Executables;
import dev.microvms.emulator.images.Trees;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The emulator as a background process: started, found by the pid file in its state directory, stopped. */
public final class LocalEmulator {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path stateDirectory;

    /**
     * @param port its port on 127.0.0.1
     * @param stateDirectory its state directory, where the pid file is kept
     */
    public LocalEmulator(int port, Path stateDirectory) {
        this.port = port;
        this.stateDirectory = stateDirectory;
    }

    /** @return its port */
    public int port() {
        return port;
    }

    /** @return its state directory */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private Path pidFile() {
        return stateDirectory.resolve("emulator.pid");
    }

    /** @return the pid of the background process, if one is alive */
    public Optional<Long> pid() throws IOException {
        if (!Files.exists(pidFile())) {
            return Optional.empty();
        }
        long pid = Long.parseLong(
                Files.readString(pidFile(), StandardCharsets.UTF_8).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    }

    /** @return whether {@code /_emulator/health} answers 200 */
    public boolean healthy() {
        try {
            return EmulatorAdmin.get(endpoint().resolve("/_emulator/health"), Duration.ofSeconds(2))
                            .status()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts {@code EmulatorMain} as a process on this JVM's class path, keeps its pid, and waits until it answers.
     *
     * @return its pid
     * @throws IOException when it cannot start or does not answer within a minute (its log is named)
     * @throws InterruptedException when interrupted while waiting
     */
    public long startInBackground(UserNamespace userNamespace) throws IOException, InterruptedException {
        Files.createDirectories(stateDirectory);
        Path log = stateDirectory.resolve("emulator.log");
        List<String> prefix = userNamespace.prefix();
        if (!prefix.isEmpty()) {
            try {
                return launch(prefix, log);
            } catch (IOException refused) {
                // User namespaces may be switched off here; the emulator runs all the same, with its relay.
                Files.writeString(
                        log,
                        "Started again without " + String.join(" ", prefix) + ": " + refused.getMessage() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
        return launch(List.of(), log);
    }

    /**
     * Whether the background emulator starts in a user namespace of its own ({@code unshare --user
     * --map-root-user}), where it owns the MicroVMs' network namespaces: it then reaches their ports
     * directly instead of through a relay JVM in each (faster, and about 40 MiB less per MicroVM). Files it
     * writes still belong to the user.
     */
    public enum UserNamespace {
        /** For a normal user on Linux with {@code unshare}; root needs none. */
        AUTO,
        /** Always, root included (which tests the normal user's way); fails without {@code unshare}. */
        ALWAYS,
        /** Never: a normal user's emulator then reaches ports through the relay. */
        NEVER;

        /** @return whether a background emulator started now would run in a user namespace of its own */
        public boolean applies() {
            try {
                return !prefix().isEmpty();
            } catch (IOException | UsageException e) {
                return false;
            }
        }

        List<String> prefix() throws IOException {
            if (this == NEVER || (this == AUTO && !wanted())) {
                return List.of();
            }
            Optional<Path> unshare = Executables.find("unshare");
            if (unshare.isPresent()) {
                return List.of(unshare.get().toString(), "--user", "--map-root-user");
            }
            if (this == ALWAYS) {
                throw new UsageException("--user-namespace always needs unshare, which is not installed; install"
                        + " util-linux (apt-get install util-linux) or use --user-namespace auto.");
            }
            return List.of();
        }

        /** A normal user on Linux, unless MICROVMS_PORT_BRIDGE=relay asks for the relay. */
        private static boolean wanted() throws IOException {
            Path status = Path.of("/proc/self/status");
            if (!Files.isReadable(status)) {
                return false; // not Linux: no namespaces, and the host executor needs no relay
            }
            boolean root = Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+"))
                    .anyMatch(uids -> uids.length > 2 && uids[2].equals("0"));
            return !root && !"relay".equalsIgnoreCase(System.getenv("MICROVMS_PORT_BRIDGE"));
        }
    }

    private long launch(List<String> prefix, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                java,
                // A JVM out of memory ends, instead of keeping a port that accepts and never answers.
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.microvms.emulator.EmulatorMain",
                "--port",
                String.valueOf(port),
                "--state-dir",
                stateDirectory.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())))
                .start();
        Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!healthy()) {
            if (!process.isAlive()) {
                Files.deleteIfExists(pidFile());
                throw new IOException("The emulator exited with code " + process.exitValue() + " before answering on "
                        + endpoint() + "; see " + log + ". Is port " + port + " taken? Try --port.");
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                Files.deleteIfExists(pidFile());
                throw new IOException("The emulator did not answer on " + endpoint() + " within "
                        + START_TIMEOUT.toSeconds() + "s; see " + log + ".");
            }
            Thread.sleep(100); // waiting on another process; there is nothing to latch on
        }
        return process.pid();
    }

    /**
     * Stops the background process, if any, and forgets its pid.
     *
     * @return whether a process was stopped
     * @throws IOException when the pid file cannot be read or removed
     * @throws InterruptedException when interrupted while waiting for it to exit
     */
    public boolean stop() throws IOException, InterruptedException {
        Optional<ProcessHandle> handle = pid().flatMap(ProcessHandle::of);
        Files.deleteIfExists(pidFile());
        if (handle.isEmpty()) {
            return false;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        }
        return true;
    }

    /**
     * Deletes the state directory and everything in it.
     *
     * @throws IOException when a file cannot be deleted
     */
    public void deleteState() throws IOException {
        Trees.deleteRecursively(stateDirectory);
    }

    private static String nullDevice() {
        return System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
