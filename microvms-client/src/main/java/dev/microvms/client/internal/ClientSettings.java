package dev.microvms.client.internal;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.LambdaMicrovmsClientConfiguration;
import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.wire.Bindings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The settings both client builders share, and what they resolve to: the region, the endpoint and the
 * credentials from the AWS SDK's chains where not set, then the pieces every call goes through.
 */
public final class ClientSettings {
    private @Nullable String region;
    private @Nullable String profileName;
    private @Nullable AwsCredentialsProvider credentialsProvider;
    private @Nullable URI endpointOverride;
    private boolean fipsEnabled;
    private RetryPolicy retryPolicy = RetryPolicy.STANDARD;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration attemptTimeout = Duration.ofSeconds(60);

    /** @param region the region */
    public void region(String region) {
        this.region = region;
    }

    /** @param profileName the profile of the shared files */
    public void profileName(String profileName) {
        this.profileName = profileName;
    }

    /** @param credentialsProvider where credentials come from */
    public void credentialsProvider(AwsCredentialsProvider credentialsProvider) {
        this.credentialsProvider = credentialsProvider;
    }

    /** @param endpointOverride where requests go */
    public void endpointOverride(URI endpointOverride) {
        this.endpointOverride = endpointOverride;
    }

    /** @param fipsEnabled whether to use the FIPS endpoint */
    public void fipsEnabled(boolean fipsEnabled) {
        this.fipsEnabled = fipsEnabled;
    }

    /** @param retryPolicy how attempts are retried */
    public void retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    /** @param connectTimeout how long a connection may take to open */
    public void connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @param attemptTimeout how long one attempt may take */
    public void attemptTimeout(Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
    }

    /** @return how long a connection may take to open */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long one attempt may take */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** What the settings resolve to. */
    public record Resolved(
            LambdaMicrovmsClientConfiguration configuration,
            AwsCredentialsProvider credentials,
            CallPreparer preparer,
            AwsRequestSigner signer,
            Backoff backoff,
            ResponseReader reader) {

        /** @return the credentials for each attempt, resolved on the calling thread */
        public Supplier<AwsCredentialsIdentity> blockingCredentials() {
            return () -> resolveCredentials(credentials);
        }

        /** @return the credentials for each attempt, resolved without blocking where the provider can */
        public Supplier<CompletableFuture<? extends AwsCredentialsIdentity>> asyncCredentials() {
            return () -> {
                CompletableFuture<? extends AwsCredentialsIdentity> identity;
                try {
                    identity = credentials.resolveIdentity();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(noCredentials(e));
                }
                return identity.handle((found, e) -> {
                    if (e != null) {
                        throw noCredentials(e.getCause() != null ? e.getCause() : e);
                    }
                    return found;
                });
            };
        }
    }

    /**
     * Resolves the settings.
     *
     * @return what every call needs
     * @throws MicrovmsClientException when no region can be found, the region is not one the service runs
     *     in, or the endpoint is not a URL
     */
    public Resolved resolve() {
        String profile = profileName != null
                ? profileName
                : ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
        String resolvedRegion = (region != null ? region : regionFromChain(profile)).toLowerCase(Locale.ROOT);
        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(
                endpointOverride, System::getenv, profileEndpoint(profile), resolvedRegion, fipsEnabled);
        if (endpoint.aws()) {
            EndpointResolver.checkRegion(resolvedRegion);
        }
        AwsCredentialsProvider credentials = credentialsProvider != null
                ? credentialsProvider
                : DefaultCredentialsProvider.builder().profileName(profile).build();
        return new Resolved(
                new LambdaMicrovmsClientConfiguration(resolvedRegion, endpoint.uri(), endpoint.source(), retryPolicy),
                credentials,
                new CallPreparer(new Marshaller(endpoint.uri(), userAgent())),
                new AwsRequestSigner(resolvedRegion, Bindings.SIGNING_NAME),
                new Backoff(retryPolicy, new SecureRandom()::nextDouble),
                new ResponseReader(new ErrorDecoder(Clock.systemUTC())));
    }

    private static String regionFromChain(String profile) {
        try {
            Region found = DefaultAwsRegionProviderChain.builder()
                    .profileName(profile)
                    .build()
                    .getRegion();
            return found.id();
        } catch (SdkClientException e) {
            throw new MicrovmsClientException(
                    "No region is set: pass .region(\"us-east-1\"), set AWS_REGION, or set region in the profile '"
                            + profile + "' of ~/.aws/config.",
                    e);
        }
    }

    private static @Nullable String profileEndpoint(String profile) {
        try {
            Optional<String> value =
                    ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property("endpoint_url"));
            return value.orElse(null);
        } catch (RuntimeException unreadable) {
            // A broken or missing profile file only means there is no endpoint in it.
            return null;
        }
    }

    private static AwsCredentials resolveCredentials(AwsCredentialsProvider provider) {
        try {
            return provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw noCredentials(e);
        }
    }

    private static MicrovmsClientException noCredentials(Throwable e) {
        if (e instanceof MicrovmsClientException m) {
            return m;
        }
        return new MicrovmsClientException(
                "No AWS credentials found: " + e.getMessage()
                        + " Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`, or"
                        + " pass .credentialsProvider(...).",
                e);
    }

    private static String userAgent() {
        String version = LambdaMicrovmsClient.class.getPackage().getImplementationVersion();
        return "lambda-microvms-java/" + (version == null ? "dev" : version) + " java/"
                + System.getProperty("java.version");
    }
}
