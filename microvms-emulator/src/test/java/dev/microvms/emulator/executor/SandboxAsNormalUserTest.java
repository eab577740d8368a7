package dev.microvms.emulator.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.Executables;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's promises for a normal user, whose bubblewrap makes a user namespace of its own: {@link
 * SandboxSelfCheck} in a JVM of its own, as uid 65534 through {@code setpriv} when the tests run as root (as
 * in CI), else as the tests' own user. Its class path is copied where that user can read it.
 */
class SandboxAsNormalUserTest {
    private static final long NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void selfCheck_asANormalUser_appsStepsAndShellsAreConfinedAndMissingLimitsAreSaid() throws Exception {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        List<String> command = new ArrayList<>();
        if (uid == 0) {
            Optional<Path> setpriv = Executables.find("setpriv");
            assumeTrue(setpriv.isPresent(), "setpriv (util-linux) is needed to run the check as a normal user");
            command.addAll(
                    List.of(setpriv.get().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command.addAll(List.of(java.toString(), "-cp", classPath(), SandboxSelfCheck.class.getName()));

        Process check = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Not a timed assertion: the check ends on its own; this only keeps a hang from stopping the build.
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();

        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("sandbox self-check passed as uid " + (uid == 0 ? NOBODY : uid));
    }

    /**
     * The emulator's classes, the executor's test classes, JNA and SLF4J, copied into a directory every user
     * may read (the build's own directories and Maven's repository may not be).
     */
    private String classPath() throws IOException, URISyntaxException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = dir.resolve("classes");
        copyTree(location(SandboxExecutor.class), classes);
        Path tests = dir.resolve("test-classes");
        Path executor = Path.of("dev", "microvms", "emulator", "executor");
        Files.createDirectories(tests.resolve(executor));
        try (Stream<Path> files = Files.list(location(SandboxSelfCheck.class).resolve(executor))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(
                        file, tests.resolve(executor).resolve(file.getFileName().toString()));
            }
        }
        Path jna = Files.copy(location(Native.class), dir.resolve("jna.jar"));
        Path slf4j = Files.copy(location(LoggerFactory.class), dir.resolve("slf4j-api.jar"));
        List<Path> entries = List.of(classes, tests, jna, slf4j);
        for (Path entry : entries) {
            readableByAll(entry);
        }
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** @return the class directory or jar a class was loaded from */
    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void readableByAll(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(
                        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
