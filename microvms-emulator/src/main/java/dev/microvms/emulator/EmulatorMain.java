package dev.microvms.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the emulator until Ctrl-C: {@code java -jar microvms-emulator.jar [--port 4599] [--state-dir DIR]}. */
@Command(
        name = "microvms-emulator",
        mixinStandardHelpOptions = true,
        description = "The local emulator of AWS Lambda MicroVMs: the API, and the S3 subset, STS, IAM roles and"
                + " CloudWatch Logs a project uses, on one port of 127.0.0.1.")
public final class EmulatorMain implements Callable<Integer> {

    @Option(names = "--port", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port = Emulator.DEFAULT_PORT;

    @Option(
            names = "--state-dir",
            description = "Where images, MicroVMs, objects and logs are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir = defaultStateDirectory();

    @Option(names = "--account", description = "The account id in ARNs (default: ${DEFAULT-VALUE}).")
    String account = "000000000000";

    @Option(names = "--region", description = "The region of unsigned calls (default: ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(
            names = "--standby-pool",
            paramLabel = "N",
            description = "Apps each image version keeps started and frozen after ready, so that RunMicrovm"
                    + " starts as from the service's snapshot; 0 starts each app afresh (default: "
                    + Emulator.STANDBY_POOL_VARIABLE + " or 1).")
    @Nullable
    Integer standbyPool;

    @Option(
            names = "--no-admin",
            description = "Disable the emulator's own endpoints under /_emulator/ (health, logs), leaving only what"
                    + " the service offers.")
    boolean noAdmin;

    @Option(
            names = "--artifact-dir",
            paramLabel = "DIR",
            description = "Lets codeArtifact.uri name file:// zips under DIR (repeatable). None by default: the"
                    + " service reads artifacts from S3 only, and the emulator's S3 is on the same port.")
    List<Path> artifactDirectories = new ArrayList<>();

    /** @return {@code ~/.lambda-microvms/emulator} */
    public static Path defaultStateDirectory() {
        return Path.of(System.getProperty("user.home"), ".lambda-microvms", "emulator");
    }

    /** Starts the emulator and waits for Ctrl-C. */
    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof VirtualMachineError) {
                exitAfter(e);
            }
            e.printStackTrace();
        });
        System.exit(new CommandLine(new EmulatorMain()).execute(args));
    }

    /**
     * Ends the process after an error the JVM cannot go on safely after (such as {@link
     * OutOfMemoryError}), with status 3, rather than leave it half alive: a port that accepts and never
     * answers, or timers that stopped. It halts rather than exits: shutdown hooks would close the emulator,
     * which may hang in a JVM out of memory, and the state directory is safe at any instant (each write is
     * atomic and durable). The launchers also start the JVM with {@code -XX:+ExitOnOutOfMemoryError}, which
     * covers the threads the emulator does not own.
     */
    static void exitAfter(Throwable error) {
        try {
            System.err.println("lambda-microvms emulator: " + error + "; exiting (status 3)");
        } finally {
            Runtime.getRuntime().halt(3);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Emulator.Builder builder = Emulator.builder()
                .port(port)
                .stateDirectory(stateDir.toAbsolutePath())
                .account(account)
                .region(region)
                .adminEndpoints(!noAdmin)
                .onFatalError((e, error) -> exitAfter(error));
        if (standbyPool != null) {
            builder.standbyPool(standbyPool);
        }
        artifactDirectories.forEach(builder::artifactDirectory);
        Emulator emulator = builder.start();
        System.err.println("lambda-microvms emulator listening on " + emulator.endpoint());
        System.err.println("state directory: " + stateDir.toAbsolutePath());
        System.err.println("Ctrl-C stops it.");
        emulator.closeAtShutdown();
        return 0;
    }
}
