package dev.microvms.sdk;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.LambdaMicrovmsClientBuilder;
import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.internal.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Configures {@link Microvms}: either the client settings (the same as {@link
 * LambdaMicrovmsClientBuilder}'s; what is not set comes from the AWS SDK's chains) or a client of your
 * own, plus the SDK's defaults for waiters and endpoints.
 *
 * <pre>{@code
 * Microvms microvms = Microvms.builder()
 *         .region("us-east-1")
 *         .waiterOptions(WaiterOptions.builder().progressListener(p -> log.info("{}", p)).build())
 *         .build();
 *
 * Microvms local = Microvms.builder()
 *         .endpointOverride(URI.create("http://127.0.0.1:4599"))   // the emulator
 *         .region("us-east-1")
 *         .build();
 * }</pre>
 *
 * <p>For a loopback endpoint (the local emulator, which checks no signatures) with neither credentials nor a
 * profile set here, the client signs with {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} when
 * they are set, else with the test credentials {@code test}/{@code test}: no profile files are read and no
 * instance metadata is asked for.
 */
public final class MicrovmsBuilder {
    /** How often waiters poll a local emulator, unless waiter options say otherwise. */
    static final Duration LOCAL_POLL = Duration.ofMillis(50);

    /** The credentials for a loopback endpoint when none are set: the environment's, else test/test. */
    static final AwsCredentialsProvider LOCAL_CREDENTIALS = AwsCredentialsProviderChain.builder()
            .credentialsProviders(
                    EnvironmentVariableCredentialsProvider.create(),
                    SystemPropertyCredentialsProvider.create(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .reuseLastProviderEnabled(false)
            .build();

    private final LambdaMicrovmsClientBuilder clientBuilder = LambdaMicrovmsClient.builder();
    private boolean clientSettingsSet;
    private boolean credentialsSet;
    private @Nullable LambdaMicrovmsClient client;
    private WaiterOptions waiterOptions = WaiterOptions.defaults();
    private boolean waiterOptionsSet;
    private @Nullable URI endpoint;
    private EndpointOptions endpointOptions = EndpointOptions.defaults();
    private @Nullable HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    MicrovmsBuilder() {}

    /**
     * Sets the region, such as {@code us-east-1}.
     *
     * @param region the region
     * @return this builder
     */
    public MicrovmsBuilder region(String region) {
        clientBuilder.region(region);
        return clientSetting();
    }

    /**
     * Sets the profile to read the region, credentials and {@code endpoint_url} from.
     *
     * @param profileName the profile
     * @return this builder
     */
    public MicrovmsBuilder profileName(String profileName) {
        clientBuilder.profileName(profileName);
        credentialsSet = true;
        return clientSetting();
    }

    /**
     * Sets where credentials come from.
     *
     * @param credentialsProvider the provider
     * @return this builder
     */
    public MicrovmsBuilder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
        clientBuilder.credentialsProvider(credentialsProvider);
        credentialsSet = true;
        return clientSetting();
    }

    /**
     * Sends API requests to this endpoint, such as the local emulator's {@code http://127.0.0.1:4599}.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public MicrovmsBuilder endpointOverride(URI endpoint) {
        clientBuilder.endpointOverride(endpoint);
        this.endpoint = endpoint;
        return clientSetting();
    }

    /**
     * Uses the FIPS endpoint where no endpoint is set.
     *
     * @param fipsEnabled whether to
     * @return this builder
     */
    public MicrovmsBuilder fipsEnabled(boolean fipsEnabled) {
        clientBuilder.fipsEnabled(fipsEnabled);
        return clientSetting();
    }

    /**
     * Sets how failed API calls are retried.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public MicrovmsBuilder retryPolicy(RetryPolicy retryPolicy) {
        clientBuilder.retryPolicy(retryPolicy);
        return clientSetting();
    }

    /**
     * Sets how long an API connection may take to open.
     *
     * @param connectTimeout the timeout
     * @return this builder
     */
    public MicrovmsBuilder connectTimeout(Duration connectTimeout) {
        clientBuilder.connectTimeout(connectTimeout);
        return clientSetting();
    }

    /**
     * Sets how long one API call attempt may take.
     *
     * @param attemptTimeout the timeout
     * @return this builder
     */
    public MicrovmsBuilder apiCallAttemptTimeout(Duration attemptTimeout) {
        clientBuilder.apiCallAttemptTimeout(attemptTimeout);
        return clientSetting();
    }

    /**
     * Sends API requests with an AWS SDK HTTP client that the built client owns and closes, such as
     * {@code Apache5HttpClient.builder()}; see {@link LambdaMicrovmsClientBuilder#httpClientBuilder}.
     *
     * @param httpClientBuilder the HTTP client's builder
     * @return this builder
     */
    public MicrovmsBuilder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder) {
        clientBuilder.httpClientBuilder(httpClientBuilder);
        return clientSetting();
    }

    /**
     * Uses a client of your own instead of building one; closing {@link Microvms} then leaves it open.
     *
     * @param client the client
     * @return this builder
     */
    public MicrovmsBuilder client(LambdaMicrovmsClient client) {
        this.client = Objects.requireNonNull(client, "client == null");
        return this;
    }

    /**
     * Sets the defaults of every waiter; options given to one wait override them.
     *
     * @param waiterOptions the defaults
     * @return this builder
     */
    public MicrovmsBuilder waiterOptions(WaiterOptions waiterOptions) {
        this.waiterOptions = Objects.requireNonNull(waiterOptions, "waiterOptions == null");
        this.waiterOptionsSet = true;
        return this;
    }

    /**
     * Sets the options of {@link Microvm#endpoint()}.
     *
     * @param endpointOptions the options
     * @return this builder
     */
    public MicrovmsBuilder endpointOptions(EndpointOptions endpointOptions) {
        this.endpointOptions = Objects.requireNonNull(endpointOptions, "endpointOptions == null");
        return this;
    }

    /**
     * Sets the JDK HTTP client of the endpoints (default: HTTP/1.1, no redirects, 10 s to connect), for a
     * proxy, an SSL context or an executor of your own.
     *
     * @param httpClient the client
     * @return this builder
     */
    public MicrovmsBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
        return this;
    }

    /** Replaces the clock of waiters and tokens; for tests that must not wait. */
    MicrovmsBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Replaces the sleeper of waiters and retries; for tests that must not sleep. */
    MicrovmsBuilder sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /**
     * Builds the SDK, and its client unless one was given.
     *
     * @return the SDK
     * @throws IllegalStateException when both a client and client settings were given
     * @throws MicrovmsClientException when the client cannot be built (no region, unsupported region)
     */
    public Microvms build() {
        if (client != null && clientSettingsSet) {
            throw new IllegalStateException("Both a client and client settings (region, credentials, endpoint,"
                    + " retries, timeouts) were given; set them on the client you pass, or drop .client(...).");
        }
        boolean owned = client == null;
        if (owned && !credentialsSet && endpoint != null && isLoopback(endpoint)) {
            clientBuilder.credentialsProvider(LOCAL_CREDENTIALS);
        }
        LambdaMicrovmsClient c = owned ? clientBuilder.build() : client;
        WaiterOptions waiters = waiterOptions;
        if (!waiterOptionsSet && endpoint != null && isLoopback(endpoint)) {
            // The local emulator changes state in milliseconds; polling at the service's pace would waste seconds.
            waiters = WaiterOptions.builder().delay(LOCAL_POLL).build();
        }
        return new Microvms(new SdkContext(c, clock, sleeper, waiters, endpointOptions, httpClient), owned);
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private MicrovmsBuilder clientSetting() {
        clientSettingsSet = true;
        return this;
    }
}
