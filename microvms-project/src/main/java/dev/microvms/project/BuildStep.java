package dev.microvms.project;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Runs a project's {@code artifact.build} command (such as {@code mvn -B -q package}) before packaging. */
public final class BuildStep {
    /** ANSI escape sequences: colours and cursor moves, which a build's output is no place for. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private BuildStep() {}

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
        Process process = new ProcessBuilder(List.of("sh", "-c", command))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
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
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new PackageException("The build command '" + command + "' (artifact.build in microvm.yml) exited"
                    + " with code " + code + "; fix the build (its output is above) or run with --skip-build.");
        }
    }
}
