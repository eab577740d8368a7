package dev.microvms.cli.commands;

import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.TerminalExec;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.sdk.ExecException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.ExecResult;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.Sandbox;
import dev.microvms.sdk.SandboxOptions;
import dev.microvms.sdk.SandboxTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exec}: a command inside a MicroVM, its exit code this process's. */
@Command(
        name = "exec",
        mixinStandardHelpOptions = true,
        description = {
            "Run a command inside a MicroVM and exit with its exit code. Its stdout and stderr come here byte for"
                    + " byte; this process's stdin is passed to it (--no-stdin gives it none).",
            "It goes through the guest library's agent when the image declares one (LAMBDA_MICROVMS_AGENT_PORT),"
                    + " else through the shell, which needs the SHELL_INGRESS connector and coreutils in the image.",
            "If the command cannot start, the exit code is 127 (not found) or 126 (no such working directory); 124"
                    + " when --timeout killed it.",
            "Examples: exec microvm-1 -- ls -l /app    exec microvm-1 -- sh -c 'ps aux | wc -l'    exec -t microvm-1"
                    + " -- top",
        },
        sortOptions = false)
public final class ExecCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "MICROVM-ID", description = "The MicroVM's id.")
    String microvmId = "";

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The program and its arguments, after --, run without a shell (use sh -c '...' for one).")
    List<String> command = new ArrayList<>();

    @Option(
            names = {"-t", "--tty"},
            description = "Run it on a terminal, interactively (through the shell; needs SHELL_INGRESS).")
    boolean tty;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "NAME=VALUE",
            description = "An environment variable for the command (repeatable).")
    List<String> environment = new ArrayList<>();

    @Option(
            names = {"-w", "--workdir"},
            paramLabel = "DIR",
            description = "The working directory inside the MicroVM.")
    @Nullable
    String workdir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Kill the command after this many seconds (exit code 124).")
    @Nullable
    Integer timeoutSeconds;

    @Option(names = "--no-stdin", description = "Give the command an empty stdin instead of this one's.")
    boolean noStdin;

    @Option(
            names = "--transport",
            paramLabel = "auto|shell|agent",
            description = "How to reach inside (default: ${DEFAULT-VALUE}: the agent when the image declares it).")
    SandboxTransport transport = SandboxTransport.AUTO;

    /** @param context this run's context */
    public ExecCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ExecRequest request = request();
        try (Microvms microvms = connection.open(context)) {
            Microvm vm = microvms.microvm(microvmId);
            if (tty) {
                if (transport == SandboxTransport.AGENT) {
                    throw new UsageException("-t runs on the shell's terminal; the agent has none. Drop"
                            + " --transport agent, or drop -t.");
                }
                return TerminalExec.run(vm, request, context);
            }
            try (Sandbox sandbox =
                    vm.sandbox(SandboxOptions.builder().transport(transport).build())) {
                ExecResult r = sandbox.exec(request, ExecListener.of(context.rawOut(), context.rawErr()));
                return r.exitCode();
            } catch (ExecException e) {
                context.err().println("Error: " + e.getMessage());
                return switch (e.reason()) {
                    case COMMAND_NOT_FOUND -> 127;
                    case WORKING_DIRECTORY_NOT_FOUND -> 126;
                    case TIMED_OUT -> 124;
                    default -> 1;
                };
            }
        }
    }

    private ExecRequest request() {
        ExecRequest.Builder b = ExecRequest.builder().command(command);
        for (String e : environment) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("The environment variable '" + e + "' is not NAME=VALUE; write it as, for"
                        + " example, -e MODE=fast.");
            }
            b.environment(e.substring(0, eq), e.substring(eq + 1));
        }
        if (workdir != null) {
            b.workingDirectory(workdir);
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 1) {
                throw new UsageException(
                        "--timeout " + timeoutSeconds + " is not a number of seconds; give 1 or" + " more.");
            }
            b.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (!noStdin && !tty) {
            b.stdin(context.in());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
