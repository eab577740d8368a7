package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Progress;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.Views;
import dev.microvms.project.Deployer;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvms;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code deploy}: package, upload, create or update the image, wait for its build. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Package the project, upload the zip to S3, create the image (or update it to a new version when it"
                    + " exists) and wait for the build; a failed build's reason is shown.",
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
        Settings settings = connection.settings(context, file);
        String region = settings.regionOrChain();
        Packager.Result pkg = PackageCommand.pack(context, project, file, skipBuild);
        long start = System.nanoTime();
        try (Microvms microvms = ConnectionOptions.open(context, settings);
                S3Client s3 = settings.s3()) {
            Deployer.Deployment d = new Deployer(microvms, s3, settings.local(), this::progress)
                    .deploy(
                            file,
                            pkg,
                            region,
                            Progress.waiter(context.err(), settings.local()).toBuilder()
                                    .timeout(Duration.ofMinutes(timeoutMinutes))
                                    .build());
            progress((d.created() ? "Created " : "Updated ") + d.image().name() + " version " + d.imageVersion()
                    + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            new Printer(context.out(), output.format())
                    .print(d.image().data(), Views.image(d.image().data()));
        }
        return ExitCodes.OK;
    }

    private void progress(String line) {
        context.err().println(line);
        context.err().flush();
    }
}
