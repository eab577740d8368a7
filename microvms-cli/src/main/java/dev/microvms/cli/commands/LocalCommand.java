package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.LocalEmulator;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.EmulatorMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code local start|status|stop|reset}: the emulator on this machine. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "The local emulator: start, status, stop, reset.",
        subcommands = {
            LocalCommand.Start.class,
            LocalCommand.Status.class,
            LocalCommand.Stop.class,
            LocalCommand.Reset.class
        })
public final class LocalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "Missing a subcommand: start, status, stop or reset.");
    }

    /** The options every local subcommand takes. */
    static final class Where {
        @Option(
                names = "--port",
                paramLabel = "PORT",
                description = "The port on 127.0.0.1 (default: LAMBDA_MICROVMS_LOCAL_PORT or 4599).")
        @Nullable
        Integer port;

        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                description = "The emulator's state (default: ~/.lambda-microvms/emulator).")
        @Nullable
        Path stateDir;

        LocalEmulator emulator(CliContext context) {
            int p = port != null ? port : Settings.localPort(context.env());
            if (p < 1 || p > 65535) {
                throw new UsageException("--port " + p + " is not a port; give a number from 1 to 65535.");
            }
            return new LocalEmulator(
                    p, (stateDir != null ? stateDir : EmulatorMain.defaultStateDirectory()).toAbsolutePath());
        }
    }

    /** {@code local start}. */
    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description =
                    "Start the emulator in the background (or in this process with --foreground) and print its endpoint.")
    public static final class Start implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Where where;

        @Option(names = "--foreground", description = "Run in this process until Ctrl-C.")
        boolean foreground;

        @Option(
                names = "--user-namespace",
                paramLabel = "WHEN",
                description = "auto, always or never: run the background emulator in a user namespace of its own"
                        + " (unshare --user --map-root-user), so that it reaches MicroVMs' ports without a relay;"
                        + " auto does for a normal user on Linux (default: ${DEFAULT-VALUE}).")
        LocalEmulator.UserNamespace userNamespace = LocalEmulator.UserNamespace.AUTO;

        /** @param context this run's context */
        public Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            LocalEmulator local = where.emulator(context);
            if (foreground) {
                Emulator emulator = Emulator.builder()
                        .port(local.port())
                        .stateDirectory(local.stateDirectory())
                        .start();
                context.out().println(emulator.endpoint());
                context.err().println("Emulator running in the foreground; Ctrl-C stops it.");
                emulator.closeAtShutdown();
                return ExitCodes.OK;
            }
            if (local.healthy()) {
                context.err().println("An emulator already answers at " + local.endpoint() + ".");
                context.out().println(local.endpoint());
                return ExitCodes.OK;
            }
            context.err()
                    .println("Starting the emulator on " + local.endpoint() + " (state in " + local.stateDirectory()
                            + ")...");
            long pid = local.startInBackground(userNamespace);
            context.err()
                    .println("Emulator running as process " + pid + "; stop it with 'lambda-microvms local stop'.");
            context.out().println(local.endpoint());
            return ExitCodes.OK;
        }
    }

    /** {@code local status}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Say whether the emulator answers; exit 3 if not.")
    public static final class Status implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Where where;

        /** @param context this run's context */
        public Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            LocalEmulator local = where.emulator(context);
            if (local.healthy()) {
                context.out()
                        .println("running " + local.endpoint()
                                + local.pid().map(p -> " pid " + p).orElse(""));
                return ExitCodes.OK;
            }
            context.out().println("stopped " + local.endpoint());
            context.err().println("Start it with 'lambda-microvms local start'.");
            return ExitCodes.CLIENT_ERROR;
        }
    }

    /** {@code local stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the background emulator.")
    public static final class Stop implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Where where;

        /** @param context this run's context */
        public Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            LocalEmulator local = where.emulator(context);
            context.err().println(local.stop() ? "Stopped the emulator." : "No background emulator was running.");
            return ExitCodes.OK;
        }
    }

    /** {@code local reset --yes}. */
    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = "Stop the emulator and delete its state directory (needs --yes).")
    public static final class Reset implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Where where;

        @Option(names = "--yes", description = "Confirm: delete every image, MicroVM, object and log of the emulator.")
        boolean yes;

        /** @param context this run's context */
        public Reset(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            LocalEmulator local = where.emulator(context);
            if (!yes) {
                throw new UsageException(
                        "reset deletes everything in " + local.stateDirectory() + "; add --yes to confirm.");
            }
            local.stop();
            local.deleteState();
            context.err().println("Deleted " + local.stateDirectory() + ".");
            return ExitCodes.OK;
        }
    }
}
