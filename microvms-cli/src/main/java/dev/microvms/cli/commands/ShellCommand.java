package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.Terminal;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.ShellSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code shell}: an interactive PTY inside a MicroVM, through a shell token. */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        description = {
            "Open a shell inside a MicroVM (it needs the SHELL_INGRESS network connector). Input is sent as typed;"
                    + " when stdin is not a terminal, it is sent as it comes, so scripts can pipe commands in.",
        })
public final class ShellCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id.")
    String microvmId = "";

    /** @param context this run's context */
    public ShellCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Microvms microvms = connection.open(context);
                ShellSession shell = microvms.microvm(microvmId).shell();
                Terminal terminal = Terminal.raw()) {
            terminal.size().ifPresent(size -> shell.resize(size[0], size[1]));
            Thread output = new Thread(() -> copyOutput(shell), "shell-output");
            output.setDaemon(true);
            output.start();
            copyInput(context.in(), shell);
            ShellSession.Exit exit = shell.exit().get(30, TimeUnit.SECONDS);
            output.join(TimeUnit.SECONDS.toMillis(5));
            context.err().println();
            context.err().println("Shell closed: " + exit.statusCode() + " " + exit.reason());
            return exit.normal() ? ExitCodes.OK : ExitCodes.SERVICE_ERROR;
        }
    }

    /** Sends input until it ends or the shell exits; the end of a piped script closes nothing, exit does. */
    private static void copyInput(InputStream in, ShellSession shell) throws IOException {
        byte[] buffer = new byte[4096];
        while (shell.isOpen() && !shell.exit().isDone()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            shell.write(Arrays.copyOf(buffer, n));
        }
    }

    private void copyOutput(ShellSession shell) {
        byte[] buffer = new byte[8192];
        try (InputStream out = shell.output()) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                context.out().write(new String(buffer, 0, n, StandardCharsets.UTF_8));
                context.out().flush();
            }
        } catch (IOException e) {
            context.err().println("The shell's output ended: " + e.getMessage());
        }
    }
}
