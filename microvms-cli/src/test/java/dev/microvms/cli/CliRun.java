package dev.microvms.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of the CLI: its exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(Map<String, String> env, String... args) {
        return withInput("", env, args);
    }

    public static CliRun withInput(String input, Map<String, String> env, String... args) {
        return withInput(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), env, args);
    }

    public static CliRun withInput(java.io.InputStream input, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                input,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
