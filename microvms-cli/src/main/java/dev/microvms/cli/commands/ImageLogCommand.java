package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.EmulatorAdmin;
import dev.microvms.cli.internal.Utf8Output;
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
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code images log IMAGE [VERSION]}: a version's build log, from the emulator that built it. */
@Command(
        name = "log",
        mixinStandardHelpOptions = true,
        description = {
            "Print the build log of an image version (default: its latest): each Dockerfile step, the app's output"
                    + " while it started and the build hooks' answers. The local emulator (--local or a loopback"
                    + " --endpoint-url) keeps it; on AWS, build logs are in CloudWatch Logs."
        })
public final class ImageLogCommand implements Callable<Integer> {
    private static final Set<MicrovmImageVersionState> BUILDING =
            EnumSet.of(MicrovmImageVersionState.PENDING, MicrovmImageVersionState.IN_PROGRESS);

    private static final java.util.regex.Pattern COLON = java.util.regex.Pattern.compile(":");

    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name or ARN.")
    String image = "";

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The version, such as 2.0.")
    @Nullable
    String version;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing while the version builds.")
    boolean follow;

    /** @param context this run's context */
    public ImageLogCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (Microvms microvms = connection.open(context)) {
            MicrovmImage found = microvms.image(image);
            MicrovmImageVersion v = version != null ? found.version(version) : latest(found);
            URI endpoint = context.endpoint();
            if (!context.local() || endpoint == null) {
                context.err()
                        .println("On AWS, the build log of " + found.name() + " version " + v.imageVersion()
                                + " is in CloudWatch Logs; 'lambda-microvms images builds" + connection.asFlags() + " "
                                + found.name() + " " + v.imageVersion() + "' shows each build's state and reason.");
                return ExitCodes.USAGE_ERROR;
            }
            return print(endpoint, found, v);
        }
    }

    private int print(URI endpoint, MicrovmImage found, MicrovmImageVersion v)
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
