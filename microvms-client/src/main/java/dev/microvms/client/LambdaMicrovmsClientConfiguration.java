package dev.microvms.client;

import java.net.URI;

/**
 * The settings a client was built with, as it resolved them from its builder and the AWS SDK's chains.
 *
 * @param region the region requests are signed for
 * @param endpoint where requests go
 * @param endpointSource where the endpoint came from: {@code endpointOverride}, an environment variable's
 *     name, {@code profile}, or {@code default}
 * @param retryPolicy how failed attempts are retried
 */
public record LambdaMicrovmsClientConfiguration(
        String region, URI endpoint, String endpointSource, RetryPolicy retryPolicy) {}
