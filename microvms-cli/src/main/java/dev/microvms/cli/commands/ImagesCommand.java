package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Progress;
import dev.microvms.cli.internal.Table;
import dev.microvms.cli.internal.Views;
import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterException;
import dev.microvms.sdk.WaiterOptions;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code images}: list, get, versions, builds, log, wait, activate, deactivate, delete. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = "Images: list, get, versions, builds, log, wait, activate, deactivate, delete.",
        subcommands = {
            ImagesCommand.ListImages.class,
            ImagesCommand.Get.class,
            ImagesCommand.Versions.class,
            ImagesCommand.Builds.class,
            ImageLogCommand.class,
            ImagesCommand.Wait.class,
            ImagesCommand.Activate.class,
            ImagesCommand.Deactivate.class,
            ImagesCommand.Delete.class
        })
public final class ImagesCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "Missing a subcommand: list, get, versions, builds, log, wait, activate, deactivate or delete.");
    }

    /** The options every images subcommand takes, and the frame most of them share. */
    static final class Common {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        OutputOptions output;

        /**
         * Connects, asks, and prints the answer as the service's JSON or as the table {@code view} makes.
         *
         * @return {@link ExitCodes#OK}; failures are exceptions, which the error handler turns into codes
         */
        <T> int show(CliContext context, Function<LambdaMicrovmsClient, T> ask, Function<T, Table> view) {
            try (Microvms microvms = connection.open(context)) {
                T answer = ask.apply(microvms.client());
                new Printer(context.out(), output.format()).print(answer, view.apply(answer));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code images list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List images, every page.")
    public static final class ListImages implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Option(names = "--name", paramLabel = "FILTER", description = "Only images whose name contains this.")
        @org.jspecify.annotations.Nullable
        String name;

        /** @param context this run's context */
        public ListImages(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return common.show(
                    context,
                    client -> client
                            .listMicrovmImagesPaginator(
                                    ListMicrovmImagesRequest.builder().build())
                            .stream()
                            .filter(i -> name == null || i.name().contains(name))
                            .toList(),
                    Views::images);
        }
    }

    /** {@code images get IMAGE}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one image.")
    public static final class Get implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "IMAGE", description = "The image's ARN or name.")
        String image = "";

        /** @param context this run's context */
        public Get(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return common.show(
                    context,
                    client -> client.getMicrovmImage(GetMicrovmImageRequest.builder()
                            .imageIdentifier(image)
                            .build()),
                    Views::image);
        }
    }

    /** {@code images versions IMAGE}. */
    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List the versions of an image.")
    public static final class Versions implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "IMAGE", description = "The image's ARN or name.")
        String image = "";

        /** @param context this run's context */
        public Versions(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return common.show(
                    context,
                    client -> client
                            .listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder()
                                    .imageIdentifier(image)
                                    .build())
                            .stream()
                            .toList(),
                    Views::versions);
        }
    }

    /** {@code images builds IMAGE VERSION}. */
    @Command(
            name = "builds",
            mixinStandardHelpOptions = true,
            description = "List the builds of an image version, one per chipset generation.")
    public static final class Builds implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's ARN or name.")
        String image = "";

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version, such as 1.0.")
        String version = "";

        /** @param context this run's context */
        public Builds(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return common.show(
                    context,
                    client -> client
                            .listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest.builder()
                                    .imageIdentifier(image)
                                    .imageVersion(version)
                                    .build())
                            .stream()
                            .toList(),
                    Views::builds);
        }
    }

    /** {@code images wait IMAGE}. */
    @Command(
            name = "wait",
            mixinStandardHelpOptions = true,
            description = "Wait for the build under way of an image (CREATING or UPDATING) to end, as deploy does.")
    public static final class Wait implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "IMAGE", description = "The image's name or ARN.")
        String image = "";

        @Option(
                names = "--timeout",
                paramLabel = "MINUTES",
                description = "How long to wait (default: ${DEFAULT-VALUE}).")
        int timeoutMinutes = 30;

        /** @param context this run's context */
        public Wait(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Microvms microvms = common.connection.open(context)) {
                MicrovmImage found = microvms.image(image);
                WaiterOptions waiting = Progress.waiter(context.err(), context.local()).toBuilder()
                        .timeout(java.time.Duration.ofMinutes(timeoutMinutes))
                        .build();
                MicrovmImage done;
                try {
                    done = switch (found.state()) {
                        case CREATING -> found.waitUntilCreated(waiting);
                        case UPDATING -> found.waitUntilUpdated(waiting);
                        default -> found;
                    };
                } catch (WaiterException e) {
                    throw new CliException(
                            ExitCodes.WAITER_FAILED,
                            e.getMessage() + System.lineSeparator() + "The build's log: lambda-microvms images log"
                                    + common.connection.asFlags() + " " + found.name());
                }
                new Printer(context.out(), common.output.format()).print(done.data(), Views.image(done.data()));
            }
            return ExitCodes.OK;
        }
    }

    /** What activate and deactivate share. */
    static final class StatusChange {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's ARN or name.")
        String image = "";

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version, such as 1.0.")
        String version = "";

        int apply(CliContext context, MicrovmImageVersionStatus status) {
            return common.show(
                    context,
                    client -> {
                        client.updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest.builder()
                                .imageIdentifier(image)
                                .imageVersion(version)
                                .status(status)
                                .build());
                        return client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                                .imageIdentifier(image)
                                .imageVersion(version)
                                .build());
                    },
                    v -> Table.of("VERSION", "STATE", "STATUS", "REASON")
                            .row(v.imageVersion(), v.state(), v.status(), v.stateReason())
                            .build());
        }
    }

    /** {@code images activate IMAGE VERSION}. */
    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Let a version be run again.")
    public static final class Activate implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        StatusChange change;

        /** @param context this run's context */
        public Activate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return change.apply(context, MicrovmImageVersionStatus.ACTIVE);
        }
    }

    /** {@code images deactivate IMAGE VERSION}. */
    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Stop a version from being run.")
    public static final class Deactivate implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        StatusChange change;

        /** @param context this run's context */
        public Deactivate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return change.apply(context, MicrovmImageVersionStatus.INACTIVE);
        }
    }

    /** {@code images delete IMAGE}. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an image with all its versions and wait until it is gone.")
    public static final class Delete implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "IMAGE", description = "The image's ARN or name.")
        String image = "";

        @Option(names = "--no-wait", description = "Return once the service accepts the call.")
        boolean noWait;

        /** @param context this run's context */
        public Delete(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Microvms microvms = common.connection.open(context)) {
                MicrovmImage deleted = microvms.image(image).delete();
                if (!noWait) {
                    deleted.waitUntilDeleted(Progress.waiter(context.err(), context.local()));
                }
                new Printer(context.out(), common.output.format()).print(deleted.data(), Views.image(deleted.data()));
                context.err().println("Deleted " + image);
            }
            return ExitCodes.OK;
        }
    }
}
