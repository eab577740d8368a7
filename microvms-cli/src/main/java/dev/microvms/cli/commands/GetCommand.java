package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Views;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.sdk.Microvms;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code get}: one MicroVM. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Show one MicroVM: state, image, endpoint, idle policy, connectors, reason.")
public final class GetCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
    String microvmId = "";

    /** @param context this run's context */
    public GetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (Microvms microvms = connection.open(context)) {
            GetMicrovmResponse m = MicrovmIds.resolve(microvms, microvmId).data();
            new Printer(context.out(), output.format()).print(m, Views.microvm(m));
        }
        return ExitCodes.OK;
    }
}
