package dev.microvms.cli.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The connection settings of one run, read in one place from the options and the environment: explicit options
 * win over the environment, which wins over the defaults of {@code --local}. {@code --local} is only an endpoint
 * and test credentials: every command runs the same code against the emulator and against AWS. Endpoints follow
 * the AWS SDKs' convention ({@code --endpoint-url}, else {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code
 * AWS_ENDPOINT_URL}, else the profile's or the Region's), and credentials their chain (the environment's keys,
 * else the profile, else the SDK's chain), all read from this run's environment so that a test can give one.
 *
 * @param region the region, or null for the SDK's chain
 * @param profile the profile, or null for the SDK's chain
 * @param endpoint the endpoint of every service from {@code --endpoint-url} or {@code --local}, else null
 * @param local whether {@code --local} was given
 * @param credentials the credentials, or null for the SDK's chain
 * @param env the environment variables of this run
 */
public record Settings(
        @Nullable String region,
        @Nullable String profile,
        @Nullable URI endpoint,
        boolean local,
        @Nullable AwsCredentialsProvider credentials,
        Map<String, String> env) {

    /** The variable that moves the CLI's own files from {@code ~/.lambda-microvms}. */
    public static final String HOME_VARIABLE = "LAMBDA_MICROVMS_HOME";

    /** The variable that moves {@code --local} to another port. */
    public static final String LOCAL_PORT_VARIABLE = "LAMBDA_MICROVMS_LOCAL_PORT";

    /** The emulator's default port. */
    public static final int DEFAULT_LOCAL_PORT = 4599;

    /**
     * Resolves the settings.
     *
     * @param env the environment variables
     * @param region {@code --region}, or null
     * @param profile {@code --profile} or the project's profile, or null
     * @param profileGiven whether {@code --profile} was given, which wins over keys in the environment
     * @param endpointUrl {@code --endpoint-url}, or null
     * @param local {@code --local}
     * @return the settings
     * @throws UsageException for a malformed endpoint or port
     */
    public static Settings resolve(
            Map<String, String> env,
            @Nullable String region,
            @Nullable String profile,
            boolean profileGiven,
            @Nullable String endpointUrl,
            boolean local) {
        String resolvedRegion = first(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String resolvedProfile = first(profile, env.get("AWS_PROFILE"));
        if (local && endpointUrl != null) {
            throw new UsageException("--local and --endpoint-url both name an endpoint; give only one of them.");
        }
        URI endpoint = endpointUrl != null ? parseEndpoint(endpointUrl) : local ? localEndpoint(env) : null;
        if (!local) {
            return new Settings(
                    resolvedRegion,
                    resolvedProfile,
                    endpoint,
                    false,
                    credentials(env, resolvedProfile, profileGiven),
                    Map.copyOf(env));
        }
        return new Settings(
                resolvedRegion == null ? "us-east-1" : resolvedRegion,
                resolvedProfile,
                endpoint,
                true,
                localCredentials(env, resolvedProfile),
                Map.copyOf(env));
    }

    /**
     * @param service a service
     * @return its endpoint: {@code --endpoint-url} or {@code --local}, else {@code AWS_ENDPOINT_URL_<SERVICE>},
     *     else {@code AWS_ENDPOINT_URL}; null for what the SDK resolves (the profile's {@code endpoint_url}, or the
     *     Region's endpoint)
     */
    public @Nullable URI endpointFor(AwsService service) {
        if (endpoint != null) {
            return endpoint;
        }
        if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return null;
        }
        for (String variable : new String[] {service.endpointVariable(), "AWS_ENDPOINT_URL"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return parseEndpoint(value.trim(), variable);
            }
        }
        return null;
    }

    /**
     * @param service a service
     * @return the endpoint in use and what chose it, such as {@code http://127.0.0.1:4599 (AWS_ENDPOINT_URL)}
     */
    public String describeEndpoint(AwsService service) {
        URI uri = endpointFor(service);
        if (uri == null) {
            return "the Region's endpoint";
        }
        if (endpoint != null) {
            return uri + (local ? " (--local)" : " (--endpoint-url)");
        }
        String own = env.get(service.endpointVariable());
        return uri + " (" + (own != null && !own.isBlank() ? service.endpointVariable() : "AWS_ENDPOINT_URL") + ")";
    }

    /** @return whether the MicroVMs endpoint is on this machine, as the emulator is */
    public boolean loopback() {
        URI uri = endpointFor(AwsService.LAMBDA_MICROVMS);
        return uri != null && isLoopback(uri);
    }

    /** @return the CLI's own directory: {@value #HOME_VARIABLE}, else {@code ~/.lambda-microvms} */
    public Path home() {
        String home = env.get(HOME_VARIABLE);
        return home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".lambda-microvms");
    }

    /** @return the Region: the one resolved, else the AWS SDK's chain (environment, profile, instance) */
    public String regionOrChain() {
        if (region != null) {
            return region;
        }
        try {
            return profile == null
                    ? new DefaultAwsRegionProviderChain().getRegion().id()
                    : DefaultAwsRegionProviderChain.builder()
                            .profileName(profile)
                            .build()
                            .getRegion()
                            .id();
        } catch (SdkClientException e) {
            throw new UsageException("No AWS Region is set; give --region, set region in microvm.yml or AWS_REGION,"
                    + " or use --local for the emulator.");
        }
    }

    /**
     * An S3 client for the same place and credentials: the emulator's S3 subset with --local, else the Region's.
     *
     * @return the client; the caller closes it
     */
    public S3Client s3() {
        return AwsClients.s3(this);
    }

    /**
     * @param env the environment variables
     * @return the emulator's endpoint on 127.0.0.1, at {@value #LOCAL_PORT_VARIABLE} or port 4599
     */
    public static URI localEndpoint(Map<String, String> env) {
        return URI.create("http://127.0.0.1:" + localPort(env));
    }

    /**
     * @param env the environment variables
     * @return the emulator's port: {@value #LOCAL_PORT_VARIABLE} or 4599
     */
    public static int localPort(Map<String, String> env) {
        String port = env.get(LOCAL_PORT_VARIABLE);
        if (port == null || port.isBlank()) {
            return DEFAULT_LOCAL_PORT;
        }
        try {
            int p = Integer.parseInt(port.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException(LOCAL_PORT_VARIABLE + " is '" + port
                    + "', which is not a port; set it to a number from 1 to 65535 or unset it for 4599.");
        }
    }

    /**
     * @param endpoint an endpoint
     * @return whether it is on this machine, as the emulator is
     */
    public static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    private static URI parseEndpoint(String url) {
        return parseEndpoint(url, "--endpoint-url");
    }

    private static URI parseEndpoint(String url, String source) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(url, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(
                    source + " '" + url
                            + "' is not a URL; give one such as http://127.0.0.1:4599 or https://lambda.us-east-1.amazonaws.com.");
        }
    }

    /**
     * The AWS SDKs' order, from this run's environment: {@code --profile}, else the environment's (or .env's) keys,
     * else the project's profile or {@code AWS_PROFILE}, else null for the SDK's chain (SSO, containers, instances).
     */
    private static @Nullable AwsCredentialsProvider credentials(
            Map<String, String> env, @Nullable String profile, boolean profileGiven) {
        if (profileGiven && profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        AwsCredentialsProvider keys = keys(env);
        if (keys != null) {
            return keys;
        }
        return profile == null ? null : ProfileCredentialsProvider.create(profile);
    }

    // The emulator does not check signatures, but the client signs every call: static keys avoid the
    // default chain's instance-metadata lookups, which take seconds off a laptop.
    private static AwsCredentialsProvider localCredentials(Map<String, String> env, @Nullable String profile) {
        AwsCredentialsProvider keys = keys(env);
        if (keys != null) {
            return keys;
        }
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** The keys in the environment (or .env), if both are there. */
    private static @Nullable AwsCredentialsProvider keys(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null || key.isBlank() || secret.isBlank()) {
            return null;
        }
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(
                session == null || session.isBlank()
                        ? AwsBasicCredentials.create(key, secret)
                        : AwsSessionCredentials.create(key, secret, session));
    }

    private static @Nullable String first(@Nullable String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
