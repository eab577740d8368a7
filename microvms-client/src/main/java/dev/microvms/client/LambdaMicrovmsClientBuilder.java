package dev.microvms.client;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.internal.ClientSettings;
import dev.microvms.client.internal.DefaultLambdaMicrovmsClient;
import dev.microvms.client.internal.Invoker;
import dev.microvms.client.internal.JdkHttpTransport;
import dev.microvms.client.internal.SdkHttpTransport;
import dev.microvms.client.internal.Sleeper;
import dev.microvms.client.internal.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Configures a {@link LambdaMicrovmsClient}. What is not set comes from the AWS SDK's chains: the region
 * from {@code AWS_REGION}, {@code aws.region} or the profile; credentials from the default chain
 * (environment, system properties, profiles and SSO, container and instance metadata); the endpoint as
 * {@link #endpointOverride(URI)} describes.
 *
 * <pre>{@code
 * LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
 *         .region("us-east-1")
 *         .retryPolicy(RetryPolicy.standard(5))
 *         .build();
 * }</pre>
 */
public final class LambdaMicrovmsClientBuilder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable Supplier<Transport> transport;
    private Sleeper sleeper = Sleeper.SYSTEM;

    LambdaMicrovmsClientBuilder() {}

    /**
     * Sets the region, such as {@code us-east-1}.
     *
     * @param region the region
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder region(String region) {
        settings.region(Objects.requireNonNull(region, "region == null"));
        return this;
    }

    /**
     * Sets the profile of {@code ~/.aws/config} and {@code ~/.aws/credentials} to read the region,
     * credentials and {@code endpoint_url} from (default: {@code AWS_PROFILE}, else {@code default}).
     *
     * @param profileName the profile
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder profileName(String profileName) {
        settings.profileName(Objects.requireNonNull(profileName, "profileName == null"));
        return this;
    }

    /**
     * Sets where credentials come from, such as {@code StaticCredentialsProvider.create(...)}.
     *
     * @param credentialsProvider the provider
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
        settings.credentialsProvider(Objects.requireNonNull(credentialsProvider, "credentialsProvider == null"));
        return this;
    }

    /**
     * Sends requests to this endpoint, such as the local emulator's {@code http://127.0.0.1:4599}. Without
     * it the endpoint is {@code AWS_ENDPOINT_URL_LAMBDA_MICROVMS}, else {@code AWS_ENDPOINT_URL}, else the
     * profile's {@code endpoint_url}, else {@code https://lambda.{region}.amazonaws.com}.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder endpointOverride(URI endpoint) {
        settings.endpointOverride(Objects.requireNonNull(endpoint, "endpoint == null"));
        return this;
    }

    /**
     * Uses the FIPS endpoint {@code lambda-fips.{region}.amazonaws.com} where no endpoint is set.
     *
     * @param fipsEnabled whether to use it
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder fipsEnabled(boolean fipsEnabled) {
        settings.fipsEnabled(fipsEnabled);
        return this;
    }

    /**
     * Sets how failed attempts are retried (default {@link RetryPolicy#STANDARD}).
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder retryPolicy(RetryPolicy retryPolicy) {
        settings.retryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy == null"));
        return this;
    }

    /**
     * Sets how long a connection may take to open (default 10 s).
     *
     * @param connectTimeout the timeout
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder connectTimeout(Duration connectTimeout) {
        settings.connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout == null"));
        return this;
    }

    /**
     * Sets how long one attempt may take, from sending to the last byte of the answer (default 60 s).
     *
     * @param attemptTimeout the timeout
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder apiCallAttemptTimeout(Duration attemptTimeout) {
        settings.attemptTimeout(Objects.requireNonNull(attemptTimeout, "attemptTimeout == null"));
        return this;
    }

    /**
     * Sends requests with an AWS SDK HTTP client, such as {@code ApacheHttpClient} or {@code
     * Apache5HttpClient}, instead of the JDK's {@link java.net.http.HttpClient}; its own timeouts then apply
     * rather than {@link #connectTimeout} and {@link #apiCallAttemptTimeout}. The caller keeps the client
     * and closes it. Useful in short-lived programs: the JDK client keeps a selector thread in native code,
     * and a JVM waits about 300 ms for such threads when it exits.
     *
     * @param httpClient the client
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder httpClient(SdkHttpClient httpClient) {
        SdkHttpClient shared = Objects.requireNonNull(httpClient, "httpClient == null");
        this.transport = () -> new SdkHttpTransport(shared, false);
        return this;
    }

    /**
     * As {@link #httpClient(SdkHttpClient)}, with a client built from {@code builder} that the
     * {@link LambdaMicrovmsClient} owns and closes with itself.
     *
     * <pre>{@code
     * LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
     *         .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
     *         .build();
     * }</pre>
     *
     * @param builder the client's builder
     * @return this builder
     */
    public LambdaMicrovmsClientBuilder httpClientBuilder(SdkHttpClient.Builder<?> builder) {
        Objects.requireNonNull(builder, "builder == null");
        // Built with the client, so that a builder never built leaves no connection pool behind.
        this.transport = () -> new SdkHttpTransport(builder.build(), true);
        return this;
    }

    /** Replaces the HTTP transport; for benchmarks and tests of the kit itself. */
    LambdaMicrovmsClientBuilder transport(Transport transport) {
        this.transport = () -> transport;
        return this;
    }

    /** Replaces the sleeper between retries; for tests that must not sleep. */
    LambdaMicrovmsClientBuilder sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws MicrovmsClientException when no region can be found, the region is not one the service runs
     *     in, or the endpoint is not a URL
     */
    public LambdaMicrovmsClient build() {
        ClientSettings.Resolved resolved = settings.resolve();
        Invoker invoker = new Invoker(
                resolved.configuration().endpoint(),
                resolved.preparer(),
                transport != null
                        ? transport.get()
                        : new JdkHttpTransport(settings.connectTimeout(), settings.attemptTimeout()),
                resolved.signer(),
                resolved.blockingCredentials(),
                resolved.backoff(),
                sleeper,
                resolved.reader());
        return new DefaultLambdaMicrovmsClient(invoker, resolved.configuration());
    }
}
