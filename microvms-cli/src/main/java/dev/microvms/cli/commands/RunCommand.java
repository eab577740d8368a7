package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.AwsFailures;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Progress;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.cli.internal.Views;
import dev.microvms.cli.internal.aws.AccountRecord;
import dev.microvms.cli.internal.aws.Accounts;
import dev.microvms.cli.internal.aws.RunLogging;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run}: a new MicroVM of an image, waited for until RUNNING. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a new MicroVM of an image and wait until it is RUNNING; prints the MicroVM with its endpoint.",
            "IMAGE is the name or ARN of an image in the configured account and Region; without it, the"
                    + " project's microvm.yml names the image and gives the defaults of the run options."
        })
public final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Mixin
    ProjectOptions project;

    @Parameters(
            paramLabel = "IMAGE",
            arity = "0..1",
            description = "The image's ARN or name (default: the name in microvm.yml).")
    @Nullable
    String image;

    @Option(
            names = "--image-version",
            paramLabel = "VERSION",
            description = "A version of the image (default: the latest active one).")
    @Nullable
    String imageVersion;

    @Option(names = "--payload", paramLabel = "TEXT", description = "The run hook's payload.")
    @Nullable
    String payload;

    @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the run hook's payload from a file.")
    @Nullable
    Path payloadFile;

    @Option(names = "--idle-max", paramLabel = "SECONDS", description = "Suspend after this long without traffic.")
    @Nullable
    Integer idleMax;

    @Option(names = "--idle-suspended", paramLabel = "SECONDS", description = "Terminate after this long suspended.")
    @Nullable
    Integer idleSuspended;

    @Option(names = "--auto-resume", description = "Resume a suspended MicroVM when a request arrives.")
    boolean autoResume;

    @Option(names = "--max-duration", paramLabel = "SECONDS", description = "Terminate after this long in all.")
    @Nullable
    Integer maxDuration;

    @Option(
            names = "--ingress",
            paramLabel = "CONNECTOR",
            description = "An ingress network connector: HTTP_INGRESS, SHELL_INGRESS, ALL_INGRESS, NO_INGRESS or an"
                    + " ARN (repeatable).")
    List<String> ingress = new ArrayList<>();

    @Option(
            names = "--egress",
            paramLabel = "CONNECTOR",
            description = "An egress network connector: INTERNET_EGRESS or an ARN (repeatable).")
    List<String> egress = new ArrayList<>();

    @Option(names = "--no-wait", description = "Return once the service accepts the call; do not wait for RUNNING.")
    boolean noWait;

    @Option(
            names = "--execution-role-arn",
            paramLabel = "ARN",
            description = "The role the MicroVM runs as, which writes its logs (default: run.executionRoleArn in"
                    + " microvm.yml, else the one 'bootstrap' made, which logs to /lambda-microvms/<image name>).")
    @Nullable
    String executionRoleArn;

    /** @param context this run's context */
    public RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        ProjectFile file = image == null ? project.load() : null;
        String name = file != null ? file.name() : Objects.requireNonNull(image);
        String runPayload = payload();
        IdlePolicy idle = idlePolicy();
        if (file != null) {
            ProjectFile.RunSettings run = file.run();
            runPayload = runPayload != null ? runPayload : run.payload();
            idle = idle != null || run.idle() == null ? idle : run.idle().toModel();
            maxDuration = maxDuration != null ? maxDuration : run.maxDurationSeconds();
            imageVersion = imageVersion != null ? imageVersion : run.imageVersion();
            if (ingress.isEmpty() && run.ingress() != null) {
                ingress = new ArrayList<>(run.ingress());
            }
        }
        Settings settings = connection.settings(context, file, project.directory());
        try (Microvms microvms = ConnectionOptions.open(context, settings)) {
            String region = settings.regionOrChain();
            ingress = ingress.stream()
                    .map(c -> ProjectFile.connectorArn(region, c))
                    .toList();
            egress = egress.stream()
                    .map(c -> ProjectFile.connectorArn(region, c))
                    .toList();
            String arn = imageArn(microvms, name, region);
            RunMicrovmRequest.Builder request =
                    RunMicrovmRequest.builder().imageIdentifier(arn).imageVersion(imageVersion);
            request.runHookPayload(runPayload).idlePolicy(idle).maximumDurationInSeconds(maxDuration);
            RunLogging logging = RunLogging.resolve(
                    executionRoleArn,
                    file == null ? null : file.run(),
                    arn.substring(arn.lastIndexOf(':') + 1),
                    () -> recorded(settings));
            request.executionRoleArn(logging.executionRoleArn()).logging(logging.logging());
            if (!ingress.isEmpty()) {
                request.ingressNetworkConnectors(ingress);
            }
            if (!egress.isEmpty()) {
                request.egressNetworkConnectors(egress);
            }
            Microvm vm = run(microvms, request.build(), name);
            context.err().println("Started " + vm.id() + " from " + arn);
            Microvm seen;
            try {
                seen = noWait ? vm.refresh() : vm.waitUntilRunning(Progress.waiter(context.err(), context.local()));
            } catch (WaiterException e) {
                throw new CliException(
                        ExitCodes.WAITER_FAILED,
                        e.getMessage() + System.lineSeparator() + "The app's output: lambda-microvms logs"
                                + connection.asFlags() + (context.local() ? " --stderr " : " ") + vm.id());
            }
            new Printer(context.out(), output.format()).print(seen.data(), Views.microvm(seen.data()));
        }
        return ExitCodes.OK;
    }

    /** The image's ARN, from its name or ARN, with the way on when there is no such image. */
    private String imageArn(Microvms microvms, String image, String region) {
        try {
            return microvms.image(image).arn();
        } catch (ResourceNotFoundException e) {
            throw new CliException(
                    ExitCodes.SERVICE_ERROR,
                    "There is no image " + image + " in " + region + ". Deploy it with"
                            + " 'lambda-microvms deploy" + connection.asFlags() + "' in its project, or see the"
                            + " images with 'lambda-microvms images list" + connection.asFlags() + "'.");
        }
    }

    /** RunMicrovm, with the way on when the image has no version that can run. */
    private Microvm run(Microvms microvms, RunMicrovmRequest request, String image) {
        try {
            return microvms.run(request);
        } catch (ResourceNotFoundException e) {
            throw new CliException(
                    ExitCodes.SERVICE_ERROR,
                    serviceMessage(e) + ". See the versions with 'lambda-microvms images versions"
                            + connection.asFlags()
                            + " " + image + "'; a version that is INACTIVE runs again after 'lambda-microvms images"
                            + " activate" + connection.asFlags() + " " + image + " VERSION'.");
        }
    }

    private static String serviceMessage(ResourceNotFoundException e) {
        String m = e.errorMessage() == null ? e.getMessage() : e.errorMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** What bootstrap recorded; a run without it goes on, without CloudWatch logging. */
    private @Nullable AccountRecord recorded(Settings settings) {
        try {
            return new Accounts(settings, line -> context.err().println(line)).recorded();
        } catch (RuntimeException e) {
            context.err()
                    .println("Running without CloudWatch logging: what 'lambda-microvms bootstrap' recorded"
                            + " could not be looked up (" + AwsFailures.rootCause(e) + ").");
            return null;
        }
    }

    private @Nullable String payload() {
        if (payload != null && payloadFile != null) {
            throw new UsageException("--payload and --payload-file both give the payload; give only one of them.");
        }
        if (payloadFile == null) {
            return payload;
        }
        try {
            return Files.readString(payloadFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--payload-file " + payloadFile + " does not exist; give the path of a file.");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read --payload-file " + payloadFile + ": " + e.getMessage(), e);
        }
    }

    private @Nullable IdlePolicy idlePolicy() {
        if (idleMax == null && idleSuspended == null && !autoResume) {
            return null;
        }
        if (idleMax == null || idleSuspended == null) {
            throw new UsageException("An idle policy needs both --idle-max and --idle-suspended (in seconds), "
                    + "such as --idle-max 900 --idle-suspended 1800.");
        }
        return new IdlePolicy(idleMax, idleSuspended, autoResume);
    }
}
