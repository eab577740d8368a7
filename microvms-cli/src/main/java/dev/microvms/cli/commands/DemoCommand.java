package dev.microvms.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.Main;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.Settings;
import dev.microvms.emulator.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole loop against an emulator embedded in this process, each step a real command of this
 * CLI, timed: new, package, deploy, run, call, suspend, resume with the app's state kept, terminate.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Show the whole loop against an emulator embedded in this process: scaffold a project, package it,"
                    + " deploy it (a real build with hooks), run a MicroVM, call it, suspend and resume it with its"
                    + " memory kept, terminate it. Each step prints the command it runs and its time."
        })
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext context;

    @Option(
            names = "--directory",
            paramLabel = "DIR",
            description = "Where to create the demo project and the emulator's state (default: a new temporary"
                    + " directory).")
    @Nullable
    Path directory;

    private final List<String[]> timings = new ArrayList<>();
    private Map<String, String> env = Map.of();

    /** @param context this run's context */
    public DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Path root = directory != null ? directory : Files.createTempDirectory("lambda-microvms-demo");
        Path project = root.resolve("hello-microvm");
        long all = System.nanoTime();
        long t = System.nanoTime();
        try (Emulator emulator = Emulator.builder()
                .port(0)
                .stateDirectory(root.resolve("emulator"))
                .start()) {
            env = new HashMap<>(context.env());
            env.put(Settings.LOCAL_PORT_VARIABLE, String.valueOf(emulator.port()));
            // The demo's emulator lives as long as the demo: what deploy bootstraps in it is recorded beside it.
            env.put(Settings.HOME_VARIABLE, root.resolve("home").toString());
            step("start the embedded emulator on " + emulator.endpoint(), t);

            cli("new", "hello-microvm", "--directory", project.toString());
            cli("package", "--project", project.toString());
            cli("deploy", "--local", "--project", project.toString(), "--skip-build");
            String id = cli("run", "--local", "hello-microvm", "--ingress", "HTTP_INGRESS", "-o", "json")
                    .path("microvmId")
                    .asText();
            for (int i = 0; i < 3; i++) {
                cli("call", "--local", id, "POST", "/count");
            }
            String before = text("call", "--local", id, "/count");
            cli("suspend", "--local", id, "-o", "json");
            cli("resume", "--local", id, "-o", "json");
            String after = text("call", "--local", id, "/count");
            cli("terminate", "--local", id, "-o", "json");

            context.err().println();
            context.err().printf("%-62s %9s%n", "step", "ms");
            for (String[] row : timings) {
                context.err().printf("%-62s %9s%n", row[0], row[1]);
            }
            context.err().printf("%-62s %9d%n", "the whole loop", (System.nanoTime() - all) / 1_000_000);
            boolean kept = before.equals(after);
            context.out()
                    .println("count before suspend " + before + ", after resume " + after
                            + (kept ? ": the MicroVM kept its memory." : ": the count changed!"));
            context.err().println("The project is in " + project + "; try 'lambda-microvms new' for your own.");
            return kept ? ExitCodes.OK : ExitCodes.SERVICE_ERROR;
        }
    }

    private JsonNode cli(String... args) throws IOException {
        String out = text(args);
        if (args.length > 1 && args[args.length - 2].equals("-o")) {
            return JSON.readTree(out);
        }
        return JSON.nullNode();
    }

    /** Runs one command of this CLI in process, echoing it and its stderr, and returns its stdout. */
    private String text(String... args) {
        String shown = "lambda-microvms " + String.join(" ", args);
        context.err().println("$ " + shown);
        context.err().flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t = System.nanoTime();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new ByteArrayInputStream(new byte[0]), o, e, env, args);
        }
        step(shown, t);
        String stderr = err.toString(StandardCharsets.UTF_8);
        stderr.lines().forEach(l -> context.err().println("    " + l));
        String stdout = out.toString(StandardCharsets.UTF_8).trim();
        if (!stdout.isEmpty() && !args[args.length - 1].equals("json")) {
            stdout.lines().limit(12).forEach(l -> context.err().println("    > " + l));
        }
        context.err().flush();
        if (code != ExitCodes.OK) {
            throw new DemoFailed("'" + shown + "' exited with " + code + ": " + stderr.trim());
        }
        return stdout;
    }

    private void step(String name, long startNanos) {
        String label = name.length() > 62 ? name.substring(0, 59) + "..." : name;
        timings.add(new String[] {label, String.valueOf((System.nanoTime() - startNanos) / 1_000_000)});
    }

    /** A step of the demo that failed; its message holds the command and what it printed. */
    static final class DemoFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailed(String message) {
            super(message);
        }
    }
}
