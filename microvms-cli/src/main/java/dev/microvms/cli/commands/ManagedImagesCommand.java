package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Table;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ManagedMicrovmImageSummary;
import dev.microvms.model.ManagedMicrovmImageVersionSummary;
import dev.microvms.sdk.Microvms;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code managed-images}: the AWS base images, or the versions of one. */
@Command(
        name = "managed-images",
        mixinStandardHelpOptions = true,
        description = "List the managed base images, or with an ARN the versions of one.")
public final class ManagedImagesCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "ARN", description = "A managed image's ARN: list its versions.")
    @Nullable
    String imageArn;

    /** @param context this run's context */
    public ManagedImagesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (Microvms microvms = connection.open(context)) {
            Printer printer = new Printer(context.out(), output.format());
            if (imageArn == null) {
                List<ManagedMicrovmImageSummary> all = microvms
                        .client()
                        .listManagedMicrovmImagesPaginator(
                                ListManagedMicrovmImagesRequest.builder().build())
                        .stream()
                        .toList();
                Table.Builder t = Table.of("ARN", "CREATED", "UPDATED");
                all.forEach(i -> t.row(i.imageArn(), i.createdAt(), i.updatedAt()));
                printer.print(all, t.build());
            } else {
                List<ManagedMicrovmImageVersionSummary> all = microvms
                        .client()
                        .listManagedMicrovmImageVersionsPaginator(ListManagedMicrovmImageVersionsRequest.builder()
                                .imageIdentifier(imageArn)
                                .build())
                        .stream()
                        .toList();
                Table.Builder t = Table.of("VERSION", "STATUS", "CREATED", "ARN");
                all.forEach(v -> t.row(v.imageVersion(), v.status(), v.createdAt(), v.imageArn()));
                printer.print(all, t.build());
            }
        }
        return ExitCodes.OK;
    }
}
