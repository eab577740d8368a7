package dev.microvms.cli.internal;

import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/** The options that say where to connect: {@code --region --profile --endpoint-url --local}. */
public final class ConnectionOptions {
    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The AWS Region (default: AWS_REGION, the profile's region, or us-east-1 with --local).")
    @Nullable
    String region;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "The profile in ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE).")
    @Nullable
    String profile;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "Send API calls to this URL instead of the Region's endpoint.")
    @Nullable
    String endpointUrl;

    @Option(
            names = "--local",
            description = "Use the local emulator at http://127.0.0.1:4599 (or port LAMBDA_MICROVMS_LOCAL_PORT), "
                    + "with test/test credentials when none are set.")
    boolean local;

    /**
     * @param context this run's context
     * @return the settings from these options, the environment and the current directory's {@code .env}
     */
    public Settings settings(CliContext context) {
        return settings(context, null, Path.of(""));
    }

    /**
     * The settings, each from the first place that has it: these options, the project's microvm.yml (region,
     * profile, local port), the environment, the project's {@code .env}, and last the AWS SDK's own chains.
     *
     * @param context this run's context
     * @param project the project's microvm.yml, or null
     * @param directory the project directory, whose {@code .env} is read
     * @return the settings
     */
    public Settings settings(CliContext context, @Nullable ProjectFile project, Path directory) {
        Map<String, String> env = DotEnv.over(context.env(), directory.toAbsolutePath());
        if (project != null && project.local().port() != null && !env.containsKey(Settings.LOCAL_PORT_VARIABLE)) {
            env = new HashMap<>(env);
            env.put(Settings.LOCAL_PORT_VARIABLE, String.valueOf(project.local().port()));
        }
        return Settings.resolve(
                env,
                region != null || project == null ? region : project.region(),
                profile != null || project == null ? profile : project.profile(),
                profile != null,
                endpointUrl,
                local);
    }

    /**
     * The connection options as given, to repeat in a command suggested to the user, such as {@code
     * lambda-microvms logs --local ID}.
     *
     * @return the options, each with a space before it; empty when none was given
     */
    public String asFlags() {
        StringBuilder s = new StringBuilder();
        if (local) {
            s.append(" --local");
        }
        if (endpointUrl != null) {
            s.append(" --endpoint-url ").append(endpointUrl);
        }
        if (region != null) {
            s.append(" --region ").append(region);
        }
        if (profile != null) {
            s.append(" --profile ").append(profile);
        }
        return s.toString();
    }

    /** @return whether {@code --local} was given: only an endpoint and test credentials */
    public boolean local() {
        return local;
    }

    /**
     * Builds the SDK's entry point for these options; the caller closes it.
     *
     * @param context this run's context, told the endpoint so that errors can name it
     * @return the entry point
     */
    public Microvms open(CliContext context) {
        return open(context, settings(context));
    }

    /**
     * Builds the SDK's entry point for resolved settings; the caller closes it.
     *
     * @param context this run's context, told the endpoint so that errors can name it
     * @param s the settings
     * @return the entry point
     */
    public static Microvms open(CliContext context, Settings s) {
        URI endpoint = s.endpointFor(AwsService.LAMBDA_MICROVMS);
        context.connectedTo(endpoint, s.loopback());
        // Apache rather than the JDK's client: a JVM that has used the JDK client waits about 300 ms for
        // its selector thread when it exits, a third of a short command's time.
        MicrovmsBuilder builder = Microvms.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)));
        if (s.region() != null) {
            builder.region(s.region());
        }
        if (s.profile() != null && s.credentials() == null) {
            builder.profileName(s.profile());
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (s.credentials() != null) {
            builder.credentialsProvider(s.credentials());
        }
        return builder.build();
    }
}
