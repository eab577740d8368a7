package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.EmulatorAdmin;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.cli.internal.Utf8Output;
import dev.microvms.cli.internal.aws.BootstrapPlan;
import dev.microvms.cli.internal.aws.LogReader;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmState;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * {@code logs}: a MicroVM's output from CloudWatch Logs, on AWS and on an emulator alike; the local emulator's
 * own copy of its stdout or stderr when it was run without logging.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Print a MicroVM's output (stdout and stderr) from CloudWatch Logs, where the MicroVM logs on AWS and"
                    + " on the emulator alike; -f follows it until the MicroVM terminates. The local emulator (--local"
                    + " or a loopback endpoint) also keeps the output of a MicroVM run without logging, and --stderr"
                    + " reads its stderr alone.",
            "The log group is --log-group, else run.logging.logGroup in this project's microvm.yml, else"
                    + " /lambda-microvms/<image name>, where 'run' logs with the execution role of 'bootstrap'."
        })
public final class LogsCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ProjectOptions project;

    @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
    String microvmId = "";

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output until the MicroVM terminates.")
    boolean follow;

    @Option(
            names = "--stderr",
            description = "The app's stderr alone, from the local emulator (CloudWatch Logs has both in one stream).")
    boolean stderr;

    @Option(names = "--log-group", paramLabel = "GROUP", description = "The log group (default: see above).")
    @Nullable
    String logGroup;

    @Option(
            names = "--log-stream",
            paramLabel = "STREAM",
            description = "The log stream (default: run.logging.logStream, else the one named after the MicroVM).")
    @Nullable
    String logStream;

    /** @param context this run's context */
    public LogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ProjectFile file = projectFile();
        Settings settings = connection.settings(context, file, project.directory());
        try (Microvms microvms = ConnectionOptions.open(context, settings)) {
            Microvm vm = MicrovmIds.resolve(microvms, microvmId);
            GetMicrovmResponse data = vm.data();
            String id = data.microvmId();
            URI endpoint = context.endpoint();
            boolean emulator = context.local() && endpoint != null;
            if (stderr) {
                if (!emulator) {
                    throw new UsageException("--stderr reads the local emulator's own copy; in CloudWatch Logs a"
                            + " MicroVM's stdout and stderr are in one stream, which 'logs' prints without it.");
                }
                return fromEmulator(endpoint, id);
            }
            // Logging needs an execution role: a MicroVM run without one has its output on the emulator alone.
            if (emulator && logGroup == null && logStream == null && data.executionRoleArn() == null) {
                return fromEmulator(endpoint, id);
            }
            String image = data.imageArn().substring(data.imageArn().lastIndexOf(':') + 1);
            ProjectFile.LogSettings fromProject =
                    file != null && file.name().equals(image) ? file.run().logging() : null;
            String group = logGroup != null
                    ? logGroup
                    : fromProject != null && fromProject.logGroup() != null
                            ? fromProject.logGroup()
                            : BootstrapPlan.logGroup(image);
            String wanted = logStream != null
                    ? logStream
                    : fromProject != null && fromProject.logStream() != null ? fromProject.logStream() : null;
            try (CloudWatchLogsClient logs = AwsClients.logs(settings)) {
                LogReader reader = new LogReader(logs, context.out(), d -> Thread.sleep(d.toMillis()), POLL);
                String stream = wanted != null
                        ? wanted
                        : follow && !emulator ? awaitStream(reader, vm, group, id) : findStream(reader, group, id);
                if (stream == null) {
                    return emulator ? fromEmulator(endpoint, id) : notLogged(id, group);
                }
                if (follow) {
                    reader.follow(group, stream, () -> vm.refresh().state() == MicrovmState.TERMINATED);
                } else {
                    reader.print(group, stream);
                }
                return ExitCodes.OK;
            }
        }
    }

    private static @Nullable String findStream(LogReader reader, String group, String id) {
        try {
            return reader.findStream(group, id).orElse(null);
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** A MicroVM starting logs once it runs: its stream is waited for until then. */
    private static @Nullable String awaitStream(LogReader reader, Microvm vm, String group, String id)
            throws InterruptedException {
        while (true) {
            boolean over = vm.refresh().state() == MicrovmState.TERMINATED;
            String found = findStream(reader, group, id);
            if (found != null) {
                return found;
            }
            if (over) {
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The emulator's own copy of the output, read by offset as it grows. */
    private int fromEmulator(URI endpoint, String id) throws IOException, InterruptedException {
        Utf8Output out = new Utf8Output(context.out());
        long offset = 0;
        while (true) {
            URI uri = endpoint.resolve("/_emulator/microvms/" + id + "/logs?stream=" + (stderr ? "stderr" : "stdout")
                    + "&offset=" + offset);
            EmulatorAdmin.Answer r = EmulatorAdmin.get(uri, Duration.ofSeconds(30));
            if (r.status() != 200) {
                throw new IOException("The emulator answered " + r.status() + " for " + uri + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            out.write(r.body(), r.body().length);
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

    private int notLogged(String id, String group) {
        context.err()
                .println("No output of " + id + " in the CloudWatch log group " + group + ". 'run' sends a"
                        + " MicroVM's output there when it has an execution role that may write it: the one"
                        + " 'lambda-microvms bootstrap' makes, or run.executionRoleArn with run.logging.logGroup in"
                        + " microvm.yml. If it logs elsewhere, give --log-group (and --log-stream).");
        context.err().flush();
        return ExitCodes.SERVICE_ERROR;
    }

    /** The project's microvm.yml, when this is a project directory; logs needs no project. */
    private @Nullable ProjectFile projectFile() {
        try {
            return project.load();
        } catch (IOException | RuntimeException notAProject) {
            return null;
        }
    }
}
