package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Progress;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.Views;
import dev.microvms.cli.internal.aws.AccountRecord;
import dev.microvms.cli.internal.aws.Accounts;
import dev.microvms.project.Deployer;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code deploy}: check, package, upload, create or update the image, wait for its build. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Check that the endpoint answers and the settings are complete, package the project, upload the zip to"
                    + " S3, create the image (or update it to a new version when it exists) and wait for the build;"
                    + " a failed build's reason is shown, with the command that prints its log.",
        })
public final class DeployCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ProjectOptions project;

    @Mixin
    OutputOptions output;

    @Option(names = "--skip-build", description = "Package what is there without running artifact.build.")
    boolean skipBuild;

    @Option(
            names = "--timeout",
            paramLabel = "MINUTES",
            description = "How long to wait for the build (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    /** @param context this run's context */
    public DeployCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ProjectFile file = project.load();
        Settings settings = connection.settings(context, file, project.directory());
        String region = settings.regionOrChain();
        try (Microvms microvms = ConnectionOptions.open(context, settings);
                S3Client s3 = settings.s3()) {
            Deployer deployer = new Deployer(microvms, s3, settings.local(), this::progress);
            // Before the build, which takes seconds to minutes: a deploy that cannot go on says so at once.
            Deployer.AccountDefaults defaults = defaults(file, settings);
            deployer.check(file, defaults);
            Packager.Result pkg = PackageCommand.pack(context, project, file, skipBuild);
            long start = System.nanoTime();
            Deployer.Started started = deployer.start(file, pkg, region, defaults);
            Thread interrupted = new Thread(() -> onInterrupt(file.name()), "deploy-interrupted");
            Runtime.getRuntime().addShutdownHook(interrupted);
            Deployer.Deployment d;
            try {
                d = deployer.finish(
                        started,
                        Progress.waiter(context.err(), settings.loopback()).toBuilder()
                                .timeout(Duration.ofMinutes(timeoutMinutes))
                                .build());
            } catch (WaiterException e) {
                throw new CliException(
                        ExitCodes.WAITER_FAILED,
                        e.getMessage() + System.lineSeparator() + "The build's log: lambda-microvms images log"
                                + connection.asFlags() + " " + file.name());
            } finally {
                forget(interrupted);
            }
            progress((d.created() ? "Created " : "Updated ") + d.image().name() + " version " + d.imageVersion()
                    + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            new Printer(context.out(), output.format())
                    .print(d.image().data(), Views.image(d.image().data()));
        }
        return ExitCodes.OK;
    }

    /** Ctrl-C while waiting stops the waiting only: the build goes on in the service, and this says so. */
    private void onInterrupt(String name) {
        String flags = connection.asFlags();
        context.err().println();
        context.err()
                .println("Stopped waiting; the build of " + name + " goes on. Watch it with 'lambda-microvms"
                        + " images versions" + flags + " " + name + "' or wait for it with 'lambda-microvms images wait"
                        + flags + " " + name + "'.");
        context.err().flush();
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already: the hook runs, as it should.
        }
    }

    /**
     * What microvm.yml leaves out comes from what bootstrap recorded for the account and Region (the emulator's
     * account is bootstrapped when nothing is); checked before anything is built.
     */
    private Deployer.AccountDefaults defaults(ProjectFile file, Settings settings) {
        if (file.artifact().bucket() != null && file.image().buildRoleArn() != null) {
            return Deployer.AccountDefaults.NONE;
        }
        Accounts accounts = new Accounts(settings, this::progress);
        AccountRecord record = accounts.recorded();
        if (record == null) {
            // Deployer.check says what is missing and that bootstrap makes it.
            return Deployer.AccountDefaults.NONE;
        }
        return new Deployer.AccountDefaults(
                record.bucket(),
                record.buildRoleArn(),
                record.logGroup(file.name()),
                "recorded by 'lambda-microvms bootstrap' in " + accounts.recordFile());
    }

    private void progress(String line) {
        context.err().println(line);
        context.err().flush();
    }
}
