package dev.microvms.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Signing, checked against the AWS Signature Version 4 test suite (credentials AKIDEXAMPLE, 2015-08-30
 * 12:36:00 UTC): the reference implementation reproduces the suite's published signatures, and the
 * SDK's signer as the client uses it agrees with the reference on every request.
 */
class AwsRequestSignerTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final AwsBasicCredentials SUITE_CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE", SECRET);
    private static final Clock SUITE_CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+),"
                    + " Signature=([0-9a-f]{64})");

    @Test
    void reference_getVanilla_reproducesTheSuite() throws Exception {
        String signature = ReferenceSigV4.signature(
                "GET",
                URI.create("https://example.amazonaws.com/"),
                Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"),
                new byte[0],
                SECRET,
                "us-east-1",
                "service");

        assertThat(signature).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void reference_getVanillaQueryOrderKeyCase_reproducesTheSuite() throws Exception {
        String signature = ReferenceSigV4.signature(
                "GET",
                URI.create("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
                Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"),
                new byte[0],
                SECRET,
                "us-east-1",
                "service");

        assertThat(signature).isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void sign_getVanilla_agreesWithTheReference() throws Exception {
        assertAgreesWithReference(
                new AwsRequestSigner("us-east-1", "service", SUITE_CLOCK),
                new WireRequest("GET", URI.create("https://example.amazonaws.com/"), Map.of(), new byte[0]),
                "us-east-1",
                "service");
    }

    @Test
    void sign_postWithArnPathQueryAndBody_agreesWithTheReference() throws Exception {
        byte[] body = "{\"expirationInMinutes\":60}".getBytes(StandardCharsets.UTF_8);
        WireRequest signed = assertAgreesWithReference(
                new AwsRequestSigner("eu-west-1", AwsRequestSigner.SIGNING_NAME, SUITE_CLOCK),
                new WireRequest(
                        "POST",
                        URI.create("https://lambda.eu-west-1.amazonaws.com/2017-03-31/tags/"
                                + "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Amicrovm-image%3Aapp?b=2&a=1"),
                        Map.of("Content-Type", List.of("application/json")),
                        body),
                "eu-west-1",
                "lambda");

        assertThat(signed.body()).isEqualTo(body);
        assertThat(signed.headers().get("Content-Type")).containsExactly("application/json");
    }

    private static WireRequest assertAgreesWithReference(
            AwsRequestSigner signer, WireRequest request, String region, String service) throws Exception {
        WireRequest signed = signer.sign(request, SUITE_CREDENTIALS);
        Matcher m = AUTHORIZATION.matcher(signed.headers().get("Authorization").get(0));
        assertThat(m.matches()).as("Authorization header form").isTrue();
        assertThat(m.group(1)).isEqualTo("20150830");
        assertThat(m.group(2)).isEqualTo(region);
        assertThat(m.group(3)).isEqualTo(service);

        Map<String, String> signedHeaders = new LinkedHashMap<>();
        for (String name : m.group(4).split(";")) {
            String value = signed.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("signed header " + name + " is not sent"));
            signedHeaders.put(name, value);
        }
        assertThat(signedHeaders).containsKeys("host", "x-amz-date");
        assertThat(m.group(5))
                .isEqualTo(ReferenceSigV4.signature(
                        request.method(), request.uri(), signedHeaders, request.body(), SECRET, region, service));
        return signed;
    }
}
