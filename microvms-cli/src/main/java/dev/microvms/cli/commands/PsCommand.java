package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputFormat;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Views;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmState;
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
        description = "List MicroVMs: id, state, image, version and start time; TERMINATED ones only with --all.")
public final class PsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Only the MicroVMs of this image (its name or ARN).")
    @Nullable
    String image;

    @Option(
            names = {"-a", "--all"},
            description = "TERMINATED MicroVMs too (the service lists them for about a day).")
    boolean all;

    /** @param context this run's context */
    public PsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (Microvms microvms = connection.open(context)) {
            String arn = image == null ? null : microvms.image(image).arn();
            List<MicrovmSummary> listed =
                    microvms
                            .client()
                            .listMicrovmsPaginator(ListMicrovmsRequest.builder()
                                    .imageIdentifier(arn)
                                    .build())
                            .stream()
                            .toList();
            List<MicrovmSummary> shown = all
                    ? listed
                    : listed.stream()
                            .filter(m -> m.state() != MicrovmState.TERMINATED)
                            .toList();
            new Printer(context.out(), output.format()).print(shown, Views.microvms(shown));
            int hidden = listed.size() - shown.size();
            if (hidden > 0 && output.format() == OutputFormat.table) {
                context.err().println(hidden + " TERMINATED not shown; --all shows them.");
            }
        }
        return ExitCodes.OK;
    }
}
