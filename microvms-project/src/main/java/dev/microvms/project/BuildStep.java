package dev.microvms.project;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Runs a project's {@code artifact.build} command (such as {@code mvn -B -q package}) before packaging. */
public final class BuildStep {
    /** ANSI escape sequences: colours and cursor moves, which a build's output is no place for. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private BuildStep() {}

    private static void copy(Process process, PrintWriter progress) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String plain = plain(line);
                if (plain.isBlank() && !line.isBlank()) {
                    continue; // a line of colour codes only, such as Debian's Maven leaves even with -B -q
                }
                progress.println("  | " + plain);
                progress.flush();
            }
        } catch (IOException e) {
            progress.println("  | (the rest of the output could not be read: " + e.getMessage() + ")");
            progress.flush();
        }
    }

    /**
     * @param line a line of a build's output
     * @return the line without ANSI escape sequences
     */
    static String plain(String line) {
        return line.indexOf('\u001B') < 0 ? line : ANSI.matcher(line).replaceAll("");
    }

    /**
     * Runs the command with {@code sh -c} in the project directory, its output copied to {@code progress}.
     *
     * @param project the project directory
     * @param command the command line
     * @param progress where its output goes (stderr: it is progress, not data)
     * @throws PackageException when it exits with another code than 0
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while it runs
     */
    public static void run(Path project, String command, PrintWriter progress)
            throws IOException, InterruptedException {
        run(project, command, Map.of(), progress);
    }

    /**
     * Runs the command as {@link #run(Path, String, PrintWriter)} does, with variables added to its environment.
     *
     * @param project the project directory
     * @param command the command line
     * @param environment variables set for the command, over those of this process
     * @param progress where its output goes
     * @throws PackageException when it exits with another code than 0
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while it runs; the command and its children are stopped
     */
    public static void run(Path project, String command, Map<String, String> environment, PrintWriter progress)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", command))
                .directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        // Copied on a thread of its own, so that an interrupt (Ctrl-C in a watch loop) stops the wait below.
        Thread copier = new Thread(() -> copy(process, progress), "build-output");
        copier.setDaemon(true);
        copier.start();
        try {
            process.waitFor();
            copier.join();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw e;
        }
        int code = process.exitValue();
        if (code != 0) {
            throw new PackageException("The build command '" + command + "' (artifact.build in microvm.yml) exited"
                    + " with code " + code + "; fix the build (its output is above) or run with --skip-build.");
        }
    }
}
