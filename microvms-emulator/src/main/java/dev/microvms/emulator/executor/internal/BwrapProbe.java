package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds bubblewrap and checks that it can make namespaces here. */
public final class BwrapProbe {
    private static final long TIMEOUT_MILLIS = 15_000L;

    /**
     * What the probe found.
     *
     * @param bwrap the binary, when one was found
     * @param works whether it made a sandbox with every namespace
     * @param detail why not, or its version
     */
    public record Result(Optional<Path> bwrap, boolean works, String detail) {}

    private BwrapProbe() {}

    /**
     * @return the {@code bwrap} on {@code PATH}, else in {@code /usr/bin}, {@code /bin}, {@code /usr/sbin} or
     *     {@code /sbin}, if executable
     */
    public static Optional<Path> find() {
        return Executables.find("bwrap");
    }

    /**
     * Runs {@code bwrap --unshare-all --die-with-parent --ro-bind / / true}.
     *
     * @param bwrap the binary to try, or empty when none was found
     * @return the result
     */
    public static Result probe(Optional<Path> bwrap) {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return new Result(bwrap, false, "namespaces need Linux, this is " + System.getProperty("os.name"));
        }
        if (bwrap.isEmpty()) {
            return new Result(
                    bwrap,
                    false,
                    "bubblewrap is not installed (no bwrap on PATH or in " + String.join(", ", Executables.USUAL_DIRS)
                            + ")");
        }
        List<String> command = List.of(
                bwrap.get().toString(),
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--ro-bind",
                "/",
                "/",
                "true");
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!Launcher.awaitExit(process, TIMEOUT_MILLIS)) {
                process.destroyForcibly();
                return new Result(bwrap, false, String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                return new Result(
                        bwrap,
                        false,
                        String.join(" ", command) + " failed with exit code " + process.exitValue() + ": " + output);
            }
            return new Result(bwrap, true, version(bwrap.get()));
        } catch (IOException e) {
            return new Result(bwrap, false, "could not run " + bwrap.get() + ": " + e.getMessage());
        }
    }

    /**
     * @param bwrap the binary
     * @return whether it takes {@code --size} before {@code --tmpfs} (bubblewrap 0.8 and later)
     */
    public static boolean sizesTmpfs(Path bwrap) {
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--help")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Launcher.awaitExit(process, TIMEOUT_MILLIS);
            return output.contains("--size");
        } catch (IOException e) {
            return false;
        }
    }

    private static String version(Path bwrap) {
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Launcher.awaitExit(process, TIMEOUT_MILLIS);
            return output.isEmpty() ? bwrap.toString() : output + " at " + bwrap;
        } catch (IOException e) {
            return bwrap.toString();
        }
    }
}
