package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * How the bridge relay is started inside a sandbox: with the host's JDK (this JVM's own {@code java})
 * and this module's classes, both mounted read-only, in a JVM kept small.
 *
 * @param java the {@code java} launcher of this JVM
 * @param javaHome this JVM's home, mounted when no system directory holds it
 * @param classpath the jar or directory that holds {@link BridgeRelay}
 */
public record RelayRuntime(Path java, Path javaHome, Path classpath) {
    /** Where the run directory (the relay's socket and log) is mounted inside the sandbox. */
    public static final String RUN_DIR = "/.microvms/run";

    /** The relay's socket in the run directory. */
    public static final String SOCKET = "bridge.sock";

    /** The relay's own output in the run directory. */
    public static final String LOG = "relay.log";

    private static final String CLASSPATH_DIR = "/.microvms/relay";

    /** Small and quick to start: the relay only copies bytes. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms4m",
            "-Xmx24m",
            "-Xss256k",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=32m",
            "-XX:-UsePerfData",
            "-Xshare:auto");

    /** @return the runtime of this JVM */
    public static RelayRuntime current() {
        Path home = Path.of(System.getProperty("java.home"));
        Path java = ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .filter(Files::isExecutable)
                .orElse(home.resolve("bin").resolve("java"));
        return new RelayRuntime(java, home, codeSource());
    }

    /**
     * @param systemDirs the directories the sandbox mounts from the host anyway
     * @return the mounts the relay needs
     */
    public List<MountPlan.Bind> binds(List<Path> systemDirs) {
        List<MountPlan.Bind> binds = new ArrayList<>();
        Path realHome = realPath(javaHome);
        boolean covered = systemDirs.stream().map(RelayRuntime::realPath).anyMatch(realHome::startsWith);
        if (!covered) {
            binds.add(new MountPlan.Bind(realHome, realHome.toString(), false));
        }
        binds.add(new MountPlan.Bind(classpath, classpathInSandbox(), false));
        return binds;
    }

    /**
     * @return the shell command that starts the relay in the background, with an empty environment so the
     *     app's {@code JAVA_TOOL_OPTIONS} and the like do not reach it
     */
    public String shellCommand() {
        List<String> words =
                new ArrayList<>(List.of("/usr/bin/env", "-i", realPath(java).toString()));
        words.addAll(JVM_OPTIONS);
        words.addAll(List.of("-cp", classpathInSandbox(), BridgeRelay.class.getName(), RUN_DIR + "/" + SOCKET));
        StringBuilder command = new StringBuilder();
        for (String word : words) {
            command.append(quote(word)).append(' ');
        }
        return command.append("</dev/null >>")
                .append(quote(RUN_DIR + "/" + LOG))
                .append(" 2>&1")
                .toString();
    }

    private String classpathInSandbox() {
        return CLASSPATH_DIR + (Files.isDirectory(classpath) ? "/classes" : "/relay.jar");
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Path codeSource() {
        CodeSource source = BridgeRelay.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("Cannot find the jar or directory of " + BridgeRelay.class.getName()
                    + ": the sandbox needs it to start the port bridge");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The location of " + BridgeRelay.class.getName() + " is not a file: " + source.getLocation(), e);
        }
    }
}
