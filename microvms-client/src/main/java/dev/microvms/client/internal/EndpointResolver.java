package dev.microvms.client.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Finds the endpoint the way the AWS SDKs do: an explicit endpoint, else {@code
 * AWS_ENDPOINT_URL_LAMBDA_MICROVMS}, else {@code AWS_ENDPOINT_URL}, else the profile's {@code
 * endpoint_url}, else {@code https://lambda.{region}.amazonaws.com} ({@code lambda-fips} on request).
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} skips the environment and the profile.
 */
public final class EndpointResolver {
    /** The regions where the service runs; others answer AccessDeniedException with no message. */
    public static final List<String> SUPPORTED_REGIONS =
            List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1");

    private EndpointResolver() {}

    /**
     * Where requests go, and whether that is AWS itself.
     *
     * @param uri the endpoint
     * @param source what chose it, for messages
     * @param aws true for the service's own endpoint, false for an override (such as the emulator)
     */
    public record Endpoint(URI uri, String source, boolean aws) {}

    /**
     * Resolves the endpoint.
     *
     * @param explicit the endpoint given to the builder, if any
     * @param env the environment
     * @param profileEndpoint the profile's {@code endpoint_url}, if any
     * @param region the region
     * @param fips whether to use the FIPS endpoint
     * @return the endpoint
     */
    public static Endpoint resolve(
            @Nullable URI explicit,
            UnaryOperator<@Nullable String> env,
            @Nullable String profileEndpoint,
            String region,
            boolean fips) {
        if (explicit != null) {
            return new Endpoint(check(explicit.toString(), "endpointOverride"), "endpointOverride", false);
        }
        if (!"true".equalsIgnoreCase(env.apply("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            for (String name : List.of("AWS_ENDPOINT_URL_LAMBDA_MICROVMS", "AWS_ENDPOINT_URL")) {
                String value = env.apply(name);
                if (value != null && !value.isBlank()) {
                    return new Endpoint(check(value, name), name, false);
                }
            }
            if (profileEndpoint != null && !profileEndpoint.isBlank()) {
                return new Endpoint(check(profileEndpoint, "the profile's endpoint_url"), "profile", false);
            }
        }
        String host = (fips ? "lambda-fips." : "lambda.") + region + ".amazonaws.com";
        return new Endpoint(URI.create("https://" + host), "region " + region, true);
    }

    /**
     * Refuses a region the service does not run in, with the message the service does not give.
     *
     * @param region the region
     */
    public static void checkRegion(String region) {
        if (!SUPPORTED_REGIONS.contains(region.toLowerCase(Locale.ROOT))) {
            throw new MicrovmsClientException("Region '" + region + "' is not supported by AWS Lambda MicroVMs"
                    + " (the service answers AccessDeniedException there). Use one of "
                    + String.join(", ", SUPPORTED_REGIONS)
                    + ": set it with .region(...), AWS_REGION or the profile's region, or set an endpoint to use"
                    + " the local emulator.");
        }
    }

    private static URI check(String value, String source) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new MicrovmsClientException(
                    "The endpoint '" + value + "' from " + source + " is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new MicrovmsClientException("The endpoint '" + value + "' from " + source
                    + " must be an http or https URL with a host, such as http://127.0.0.1:4599");
        }
        String path = uri.getPath();
        if (path != null && path.endsWith("/")) {
            uri = URI.create(value.trim().replaceAll("/+$", ""));
        }
        return uri;
    }
}
