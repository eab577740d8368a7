package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Views;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.sdk.Microvms;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ps}: the MicroVMs of the account and Region, every page. */
@Command(
        name = "ps",
        aliases = "list",
        mixinStandardHelpOptions = true,
        description = "List MicroVMs: id, state, image, version and start time.")
public final class PsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--image", paramLabel = "ARN", description = "Only the MicroVMs of this image.")
    @Nullable
    String image;

    /** @param context this run's context */
    public PsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (Microvms microvms = connection.open(context)) {
            List<MicrovmSummary> all = microvms
                    .client()
                    .listMicrovmsPaginator(
                            ListMicrovmsRequest.builder().imageIdentifier(image).build())
                    .stream()
                    .toList();
            new Printer(context.out(), output.format()).print(all, Views.microvms(all));
        }
        return ExitCodes.OK;
    }
}
