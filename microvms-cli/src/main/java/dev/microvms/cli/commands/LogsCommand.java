package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.EmulatorAdmin;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.model.CloudWatchLogging;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.Logging;
import dev.microvms.sdk.Microvms;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs}: a MicroVM's stdout or stderr from the emulator; on AWS, where in CloudWatch to look. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Print a MicroVM's output from the local emulator (--local or a loopback --endpoint-url).",
            "On AWS the logs are in CloudWatch Logs; this command names the log group."
        })
public final class LogsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
    String microvmId = "";

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output until the MicroVM terminates.")
    boolean follow;

    @Option(names = "--stderr", description = "The app's stderr instead of its stdout.")
    boolean stderr;

    /** @param context this run's context */
    public LogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (Microvms microvms = connection.open(context)) {
            GetMicrovmResponse vm = MicrovmIds.resolve(microvms, microvmId).data();
            URI endpoint = context.endpoint();
            if (!context.local() || endpoint == null) {
                context.err().println(onAws(microvms, vm));
                return ExitCodes.USAGE_ERROR;
            }
            return stream(endpoint, vm.microvmId());
        }
    }

    private int stream(URI endpoint, String id) throws IOException, InterruptedException {
        PrintStream raw = new PrintStream(new WriterStream(context), true, StandardCharsets.UTF_8);
        long offset = 0;
        while (true) {
            URI uri = endpoint.resolve("/_emulator/microvms/" + id + "/logs?stream=" + (stderr ? "stderr" : "stdout")
                    + "&offset=" + offset);
            EmulatorAdmin.Answer r = EmulatorAdmin.get(uri, Duration.ofSeconds(30));
            if (r.status() != 200) {
                throw new IOException("The emulator answered " + r.status() + " for " + uri + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            raw.write(r.body());
            raw.flush();
            offset = r.longHeader("X-Next-Offset").orElse(offset + r.body().length);
            String state = r.header("X-Microvm-State").orElse("");
            boolean over = state.equals("TERMINATED");
            if (!follow || (over && r.body().length == 0)) {
                return ExitCodes.OK;
            }
            if (r.body().length == 0) {
                Thread.sleep(500); // polling the emulator; there is no push channel for logs
            }
        }
    }

    private String onAws(Microvms microvms, GetMicrovmResponse vm) {
        Logging logging = microvms.client()
                .getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                        .imageIdentifier(vm.imageArn())
                        .imageVersion(vm.imageVersion())
                        .build())
                .logging();
        if (logging instanceof Logging.CloudWatch) {
            CloudWatchLogging cw = ((Logging.CloudWatch) logging).cloudWatch();
            return "On AWS, the logs of " + vm.microvmId() + " are in CloudWatch Logs, log group "
                    + (cw.logGroup() == null ? "(the service's default)" : cw.logGroup())
                    + ". Read them with: aws logs tail " + (cw.logGroup() == null ? "<log-group>" : cw.logGroup())
                    + " --follow. 'lambda-microvms logs' reads logs only from the local emulator (--local).";
        }
        return "On AWS, the logs of " + vm.microvmId() + " would be in CloudWatch Logs, but its image version "
                + vm.imageVersion() + " has no CloudWatch logging configured. 'lambda-microvms logs' reads logs "
                + "only from the local emulator (--local).";
    }

    /** Bytes to the context's writer, decoded as UTF-8. */
    private static final class WriterStream extends java.io.OutputStream {
        private final CliContext context;

        WriterStream(CliContext context) {
            this.context = context;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            context.out().write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            context.out().flush();
        }
    }
}
