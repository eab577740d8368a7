package dev.microvms.client.internal;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with SigV4 through the AWS SDK's own signer, under the service's signing name {@code
 * lambda}.
 */
public final class AwsRequestSigner {
    /** The SigV4 signing name of the service (the same as classic Lambda). */
    public static final String SIGNING_NAME = "lambda";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String region;
    private final String signingName;
    private final Clock clock;

    /**
     * Creates a signer.
     *
     * @param region the region to sign for
     * @param signingName the service's signing name
     */
    public AwsRequestSigner(String region, String signingName) {
        this(region, signingName, Clock.systemUTC());
    }

    /**
     * Creates a signer with its own clock, for known-answer tests.
     *
     * @param region the region to sign for
     * @param signingName the service's signing name
     * @param clock the clock that dates signatures
     */
    public AwsRequestSigner(String region, String signingName, Clock clock) {
        this.region = region;
        this.signingName = signingName;
        this.clock = clock;
    }

    /**
     * Signs a request; call it for every attempt, since the signature carries the time.
     *
     * @param request the request to sign
     * @param credentials the credentials to sign with
     * @return the request with the signature headers added
     */
    public WireRequest sign(WireRequest request, AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().uri(request.uri()).method(SdkHttpMethod.fromValue(request.method()));
        request.headers().forEach(unsigned::putHeader);
        byte[] body = request.body();
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(unsigned.build())
                .payload(body.length == 0 ? null : () -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> headers.put(name, new ArrayList<>(values)));
        return new WireRequest(request.method(), request.uri(), headers, body);
    }
}
