package dev.microvms.cli;

import dev.microvms.cli.commands.BootstrapCommand;
import dev.microvms.cli.commands.CallCommand;
import dev.microvms.cli.commands.CpCommand;
import dev.microvms.cli.commands.DemoCommand;
import dev.microvms.cli.commands.DeployCommand;
import dev.microvms.cli.commands.DevCommand;
import dev.microvms.cli.commands.DoctorCommand;
import dev.microvms.cli.commands.ExecCommand;
import dev.microvms.cli.commands.GetCommand;
import dev.microvms.cli.commands.ImagesCommand;
import dev.microvms.cli.commands.LocalCommand;
import dev.microvms.cli.commands.LogsCommand;
import dev.microvms.cli.commands.ManagedImagesCommand;
import dev.microvms.cli.commands.NewCommand;
import dev.microvms.cli.commands.PackageCommand;
import dev.microvms.cli.commands.PortForwardCommand;
import dev.microvms.cli.commands.PsCommand;
import dev.microvms.cli.commands.RunCommand;
import dev.microvms.cli.commands.ShellCommand;
import dev.microvms.cli.commands.StateCommands;
import dev.microvms.cli.commands.TagCommands;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ContextFactory;
import dev.microvms.cli.internal.ErrorHandler;
import dev.microvms.cli.internal.VersionProvider;
import dev.microvms.cli.internal.WholeWordsHelp;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code lambda-microvms} command line.
 *
 * <pre>{@code
 * int code = Main.run(System.out, System.err, "ps", "--local", "--output", "json");
 * }</pre>
 *
 * <p>Exit codes ({@link ExitCodes}), the same for the same cause in every command: 0 done; 1 the service refused
 * the request; 2 a usage error; 3 a client or connection error (an endpoint that cannot be reached, always); 4 a
 * waiter failed or timed out. Data goes to stdout, progress and errors to stderr.
 */
@Command(
        name = "lambda-microvms",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run and manage AWS Lambda MicroVMs and their images, on AWS or in the local emulator.",
        subcommands = {
            NewCommand.class,
            BootstrapCommand.class,
            DoctorCommand.class,
            PackageCommand.class,
            DeployCommand.class,
            DevCommand.class,
            LocalCommand.class,
            PsCommand.class,
            GetCommand.class,
            RunCommand.class,
            StateCommands.Suspend.class,
            StateCommands.Resume.class,
            StateCommands.Terminate.class,
            ImagesCommand.class,
            ManagedImagesCommand.class,
            TagCommands.Tags.class,
            TagCommands.Tag.class,
            TagCommands.Untag.class,
            LogsCommand.class,
            CallCommand.class,
            ShellCommand.class,
            ExecCommand.class,
            CpCommand.class,
            PortForwardCommand.class,
            DemoCommand.class,
            AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the service (or the MicroVM's app) refused the request",
            "2:usage error: a bad option, argument or value",
            "3:client error: the endpoint could not be reached, credentials, files",
            "4:a waiter failed or timed out"
        },
        footer = {
            "%nStart with: lambda-microvms new hello, cd hello, lambda-microvms local start, lambda-microvms deploy"
                    + " --local, lambda-microvms run --local; or see the whole loop with: lambda-microvms demo."
        })
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    /** Prints the help when no command is given. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command, such as 'ps', 'run' or 'local start'.");
    }

    /**
     * Runs the CLI and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // The embedded emulator's server logs at INFO; a command line shows only warnings unless asked.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the CLI in this process.
     *
     * @param out where data goes
     * @param err where progress and errors go
     * @param args the command line
     * @return the exit code, as in {@link ExitCodes}
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /**
     * Runs the CLI in this process with the given environment variables.
     *
     * @param out where data goes
     * @param err where progress and errors go
     * @param env the environment variables to read settings from
     * @param args the command line
     * @return the exit code, as in {@link ExitCodes}
     */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(System.in, out, err, env, args);
    }

    /**
     * Runs the CLI in this process with the given input and environment variables.
     *
     * @param in where interactive input, such as a shell's, comes from
     * @param out where data goes
     * @param err where progress and errors go
     * @param env the environment variables to read settings from
     * @param args the command line
     * @return the exit code, as in {@link ExitCodes}
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CliContext context = new CliContext(in, o, e, out, err, env);
        ErrorHandler errors = new ErrorHandler(context);
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(context))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(o)
                .setErr(e)
                .setHelpFactory(WholeWordsHelp.FACTORY)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        try {
            return cli.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }
}
