package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.cli.internal.Terminal;
import dev.microvms.cli.internal.Utf8Output;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.ShellSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code shell}: an interactive PTY inside a MicroVM, through a shell token. */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        description = {
            "Open a shell inside a MicroVM (it needs the SHELL_INGRESS network connector). Input is sent as typed;"
                    + " when stdin is not a terminal, it is sent as it comes, so scripts can pipe commands in. The"
                    + " command ends when the remote shell exits.",
        })
public final class ShellCommand implements Callable<Integer> {
    /** How long a shell may go on once a piped script has ended without 'exit'. */
    private static final long AFTER_INPUT_SECONDS = 30;

    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
    String microvmId = "";

    /** @param context this run's context */
    public ShellCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Microvms microvms = connection.open(context);
                ShellSession shell = MicrovmIds.requireLive(MicrovmIds.resolve(microvms, microvmId))
                        .shell();
                Terminal terminal = Terminal.raw()) {
            terminal.size().ifPresent(size -> shell.resize(size[0], size[1]));
            Thread output = daemon("shell-output", () -> copyOutput(shell));
            // Input is read on a thread of its own: a read of the terminal blocks until a key is pressed, and
            // the command must end as soon as the remote shell exits, not at the next key.
            CompletableFuture<Void> inputEnded = new CompletableFuture<>();
            daemon("shell-input", () -> {
                copyInput(context.in(), shell);
                inputEnded.complete(null);
            });
            ShellSession.Exit exit = awaitExit(shell, inputEnded);
            output.join(TimeUnit.SECONDS.toMillis(5));
            context.err().println();
            context.err().println("Shell closed: " + exit.statusCode() + " " + exit.reason());
            return exit.normal() ? ExitCodes.OK : ExitCodes.SERVICE_ERROR;
        }
    }

    /** The shell's end; the end of piped input closes nothing (exit does), but the shell then gets 30 s. */
    private static ShellSession.Exit awaitExit(ShellSession shell, CompletableFuture<Void> inputEnded)
            throws Exception {
        CompletableFuture.anyOf(shell.exit(), inputEnded).get();
        try {
            return shell.exit().get(AFTER_INPUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new MicrovmsClientException("The input ended, but the shell did not exit within "
                    + AFTER_INPUT_SECONDS + " s; end a piped script with 'exit'.");
        }
    }

    /** Sends input until it ends or the shell exits. */
    private static void copyInput(InputStream in, ShellSession shell) {
        byte[] buffer = new byte[4096];
        try {
            while (!shell.exit().isDone()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                shell.write(Arrays.copyOf(buffer, n));
            }
        } catch (IOException | MicrovmsClientException e) {
            // The shell exited while a key was on its way, or the input broke: either way the exit ends the command.
        }
    }

    private void copyOutput(ShellSession shell) {
        byte[] buffer = new byte[8192];
        Utf8Output text = new Utf8Output(context.out());
        try (InputStream out = shell.output()) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                text.write(buffer, n);
            }
        } catch (IOException e) {
            context.err().println("The shell's output ended: " + e.getMessage());
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
