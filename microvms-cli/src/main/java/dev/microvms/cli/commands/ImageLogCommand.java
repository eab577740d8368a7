package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.EmulatorAdmin;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.Utf8Output;
import dev.microvms.cli.internal.aws.LogReader;
import dev.microvms.model.CloudWatchLogging;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.MicrovmImageVersion;
import dev.microvms.sdk.Microvms;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * {@code images log IMAGE [VERSION]}: a version's build log, from CloudWatch Logs where the image's logging sends
 * it (on AWS and on an emulator alike), else from the emulator that built it.
 */
@Command(
        name = "log",
        mixinStandardHelpOptions = true,
        description = {
            "Print the build log of an image version (default: its latest): each Dockerfile step, the app's output"
                    + " while it started and the build hooks' answers. It is read from CloudWatch Logs where the"
                    + " image's logging sends it (deploy logs builds to /lambda-microvms/<name> with the build role of"
                    + " 'bootstrap', or to image.logGroup); the local emulator (--local or a loopback endpoint) keeps"
                    + " it too. -f follows it until the build ends."
        })
public final class ImageLogCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Set<MicrovmImageVersionState> BUILDING =
            EnumSet.of(MicrovmImageVersionState.PENDING, MicrovmImageVersionState.IN_PROGRESS);

    private static final java.util.regex.Pattern COLON = java.util.regex.Pattern.compile(":");

    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name or ARN.")
    String image = "";

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "VERSION",
            description = "The version, such as 2.0 (default: the latest).")
    @Nullable
    String version;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing while the version builds.")
    boolean follow;

    @Option(
            names = "--log-group",
            paramLabel = "GROUP",
            description = "The log group (default: the image version's logging).")
    @Nullable
    String logGroup;

    @Option(
            names = "--log-stream",
            paramLabel = "STREAM",
            description = "The log stream (default: the logging's, else build/<image>/<version>).")
    @Nullable
    String logStream;

    /** @param context this run's context */
    public ImageLogCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Settings settings = connection.settings(context);
        try (Microvms microvms = ConnectionOptions.open(context, settings)) {
            MicrovmImage found = microvms.image(image);
            MicrovmImageVersion v =
                    version != null ? found.version(version) : latest(found).refresh();
            CloudWatchLogging cw = v.data().logging() instanceof Logging.CloudWatch c ? c.cloudWatch() : null;
            String group = logGroup != null ? logGroup : cw == null ? null : cw.logGroup();
            URI endpoint = context.endpoint();
            boolean emulator = context.local() && endpoint != null;
            if (group != null) {
                String stream = logStream != null
                        ? logStream
                        : cw != null && cw.logStream() != null
                                ? cw.logStream()
                                : "build/" + found.name() + "/" + v.imageVersion();
                int code = fromCloudWatch(settings, found, v, group, stream, !emulator);
                if (code == ExitCodes.OK || !emulator) {
                    return code;
                }
                // An emulator keeps every build log itself, such as one that failed before it shipped a line.
            }
            if (emulator) {
                return fromEmulator(endpoint, found, v);
            }
            throw new CliException(
                    ExitCodes.SERVICE_ERROR,
                    found.name() + " version " + v.imageVersion() + " has no CloudWatch logging, so its build log"
                            + " is not kept. deploy sets it with the build role of 'lambda-microvms bootstrap', or"
                            + " from image.logGroup in microvm.yml; 'lambda-microvms images builds"
                            + connection.asFlags() + " " + found.name() + " " + v.imageVersion() + "' shows each"
                            + " build's state and reason.");
        }
    }

    /** @return OK, or SERVICE_ERROR when the stream is not there (said on stderr when {@code say}) */
    private int fromCloudWatch(
            Settings settings, MicrovmImage found, MicrovmImageVersion v, String group, String hint, boolean say)
            throws InterruptedException {
        try (CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            LogReader reader = new LogReader(logs, context.out(), d -> Thread.sleep(d.toMillis()), POLL);
            if (follow && BUILDING.contains(v.state())) {
                reader.follow(group, hint, () -> !BUILDING.contains(v.refresh().state()));
                return ExitCodes.OK;
            }
            Optional<String> stream;
            try {
                stream = reader.findStream(group, hint);
            } catch (ResourceNotFoundException e) {
                stream = Optional.empty();
            }
            if (stream.isEmpty()) {
                if (say) {
                    context.err()
                            .println("No build log of " + found.name() + " version " + v.imageVersion()
                                    + " in the log group " + group + " (stream " + hint + "); if the build logged"
                                    + " under another stream, give --log-stream.");
                    context.err().flush();
                }
                return ExitCodes.SERVICE_ERROR;
            }
            reader.print(group, stream.get());
            return ExitCodes.OK;
        }
    }

    private int fromEmulator(URI endpoint, MicrovmImage found, MicrovmImageVersion v)
            throws IOException, InterruptedException {
        String path = "/_emulator/images/" + region(found.arn()) + "/" + encode(found.name()) + "/"
                + encode(v.imageVersion()) + "/build.log";
        Utf8Output out = new Utf8Output(context.out());
        long offset = 0;
        while (true) {
            URI uri = endpoint.resolve(path + "?offset=" + offset);
            EmulatorAdmin.Answer r = EmulatorAdmin.get(uri, Duration.ofSeconds(30));
            if (r.status() == 404) {
                throw new CliException(
                        ExitCodes.SERVICE_ERROR,
                        "The emulator at " + endpoint + " has no build log for " + found.name() + " version "
                                + v.imageVersion() + " (" + v.state() + "): " + body(r)
                                + " Its builds: 'lambda-microvms"
                                + " images builds" + connection.asFlags() + " " + found.name() + " " + v.imageVersion()
                                + "'.");
            }
            if (r.status() != 200) {
                throw new IOException("The emulator answered " + r.status() + " for " + uri + ": " + body(r));
            }
            out.write(r.body(), r.body().length);
            offset = r.longHeader("X-Next-Offset").orElse(offset + r.body().length);
            if (r.body().length > 0) {
                continue;
            }
            if (!follow || !BUILDING.contains(v.refresh().state())) {
                return ExitCodes.OK;
            }
            Thread.sleep(500); // polling the emulator; there is no push channel for logs
        }
    }

    /** The latest version: the highest number, whether it built or failed. */
    private static MicrovmImageVersion latest(MicrovmImage image) {
        return image.versions().stream()
                .max(Comparator.comparing(ImageLogCommand::number))
                .orElseThrow(() -> new CliException(
                        ExitCodes.SERVICE_ERROR, "The image " + image.name() + " has no versions yet."));
    }

    private static java.math.BigDecimal number(MicrovmImageVersion v) {
        try {
            return new java.math.BigDecimal(v.imageVersion());
        } catch (NumberFormatException e) {
            return java.math.BigDecimal.ZERO;
        }
    }

    /** The Region of an image ARN, {@code arn:aws:lambda:REGION:ACCOUNT:microvm-image:NAME}. */
    static String region(String arn) {
        String[] parts = COLON.split(arn);
        if (parts.length < 7) {
            throw new CliException(ExitCodes.SERVICE_ERROR, "The image ARN " + arn + " has no Region in it.");
        }
        return parts[3];
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static String body(EmulatorAdmin.Answer r) {
        return new String(r.body(), StandardCharsets.UTF_8).trim();
    }
}
