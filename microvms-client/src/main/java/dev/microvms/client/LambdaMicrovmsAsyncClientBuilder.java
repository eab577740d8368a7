package dev.microvms.client;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.internal.AsyncInvoker;
import dev.microvms.client.internal.AsyncTransport;
import dev.microvms.client.internal.ClientSettings;
import dev.microvms.client.internal.DefaultLambdaMicrovmsAsyncClient;
import dev.microvms.client.internal.JdkHttpTransport;
import dev.microvms.client.internal.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Configures a {@link LambdaMicrovmsAsyncClient}, with the settings of {@link LambdaMicrovmsClientBuilder}:
 * what is not set comes from the AWS SDK's chains.
 *
 * <pre>{@code
 * LambdaMicrovmsAsyncClient client = LambdaMicrovmsAsyncClient.builder()
 *         .region("us-east-1")
 *         .retryPolicy(RetryPolicy.standard(5))
 *         .build();
 * }</pre>
 *
 * <p>Requests go over the JDK's {@link HttpClient} and its non-blocking API: no dependency beyond the JDK,
 * HTTP/1.1 connection reuse, and a selector thread that waits for every connection at once, so that 64
 * calls in flight need no 64 threads. Pass a client of your own with {@link #httpClient(HttpClient)} for
 * an executor, a proxy or an SSL context.
 */
public final class LambdaMicrovmsAsyncClientBuilder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable HttpClient httpClient;
    private @Nullable AsyncTransport transport;
    private Scheduler scheduler = Scheduler.SYSTEM;

    LambdaMicrovmsAsyncClientBuilder() {}

    /**
     * Sets the region, such as {@code us-east-1}.
     *
     * @param region the region
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder region(String region) {
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
    public LambdaMicrovmsAsyncClientBuilder profileName(String profileName) {
        settings.profileName(Objects.requireNonNull(profileName, "profileName == null"));
        return this;
    }

    /**
     * Sets where credentials come from; they are resolved with the provider's non-blocking {@code
     * resolveIdentity()}.
     *
     * @param credentialsProvider the provider
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
        settings.credentialsProvider(Objects.requireNonNull(credentialsProvider, "credentialsProvider == null"));
        return this;
    }

    /**
     * Sends requests to this endpoint, such as the local emulator's {@code http://127.0.0.1:4599}; see
     * {@link LambdaMicrovmsClientBuilder#endpointOverride(URI)} for where the endpoint comes from without it.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder endpointOverride(URI endpoint) {
        settings.endpointOverride(Objects.requireNonNull(endpoint, "endpoint == null"));
        return this;
    }

    /**
     * Uses the FIPS endpoint {@code lambda-fips.{region}.amazonaws.com} where no endpoint is set.
     *
     * @param fipsEnabled whether to use it
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder fipsEnabled(boolean fipsEnabled) {
        settings.fipsEnabled(fipsEnabled);
        return this;
    }

    /**
     * Sets how failed attempts are retried (default {@link RetryPolicy#STANDARD}); the backoff waits on a
     * timer, not on a thread.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder retryPolicy(RetryPolicy retryPolicy) {
        settings.retryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy == null"));
        return this;
    }

    /**
     * Sets how long a connection may take to open (default 10 s); ignored with {@link #httpClient}.
     *
     * @param connectTimeout the timeout
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder connectTimeout(Duration connectTimeout) {
        settings.connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout == null"));
        return this;
    }

    /**
     * Sets how long one attempt may take, from sending to the last byte of the answer (default 60 s).
     *
     * @param attemptTimeout the timeout
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder apiCallAttemptTimeout(Duration attemptTimeout) {
        settings.attemptTimeout(Objects.requireNonNull(attemptTimeout, "attemptTimeout == null"));
        return this;
    }

    /**
     * Sends requests with a JDK HTTP client of your own (its executor runs the callbacks that read the
     * answers); the caller keeps it. Without it the client makes one: HTTP/1.1, no redirects.
     *
     * @param httpClient the client
     * @return this builder
     */
    public LambdaMicrovmsAsyncClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
        return this;
    }

    /** Replaces the HTTP transport; for tests of the kit itself. */
    LambdaMicrovmsAsyncClientBuilder transport(AsyncTransport transport) {
        this.transport = transport;
        return this;
    }

    /** Replaces the timer between retries; for tests that must not wait. */
    LambdaMicrovmsAsyncClientBuilder scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws MicrovmsClientException when no region can be found, the region is not one the service runs
     *     in, or the endpoint is not a URL
     */
    public LambdaMicrovmsAsyncClient build() {
        ClientSettings.Resolved resolved = settings.resolve();
        AsyncTransport http = transport;
        if (http == null) {
            http = httpClient != null
                    ? new JdkHttpTransport(httpClient, settings.attemptTimeout())
                    : new JdkHttpTransport(settings.connectTimeout(), settings.attemptTimeout());
        }
        AsyncInvoker invoker = new AsyncInvoker(
                resolved.configuration().endpoint(),
                resolved.preparer(),
                http,
                resolved.signer(),
                resolved.asyncCredentials(),
                resolved.backoff(),
                scheduler,
                resolved.reader());
        return new DefaultLambdaMicrovmsAsyncClient(invoker, resolved.configuration());
    }
}
