package dev.microvms.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.exception.MicrovmsClientException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Where requests go: the precedence of the endpoint sources, FIPS, URL checks and the region check. */
class EndpointResolverTest {
    private static final URI EXPLICIT = URI.create("http://127.0.0.1:4599");
    private static final String SERVICE_ENV = "http://127.0.0.1:4601";
    private static final String GLOBAL_ENV = "http://127.0.0.1:4602";
    private static final String PROFILE = "http://127.0.0.1:4603";

    /** Every source set, then each one removed in turn: the highest remaining one wins. */
    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of(EXPLICIT, SERVICE_ENV, GLOBAL_ENV, PROFILE, "http://127.0.0.1:4599", "endpointOverride"),
                Arguments.of(
                        null,
                        SERVICE_ENV,
                        GLOBAL_ENV,
                        PROFILE,
                        "http://127.0.0.1:4601",
                        "AWS_ENDPOINT_URL_LAMBDA_MICROVMS"),
                Arguments.of(null, null, GLOBAL_ENV, PROFILE, "http://127.0.0.1:4602", "AWS_ENDPOINT_URL"),
                Arguments.of(null, null, null, PROFILE, "http://127.0.0.1:4603", "profile"),
                Arguments.of(null, null, null, null, "https://lambda.us-east-1.amazonaws.com", "region us-east-1"),
                // A blank setting is as good as none.
                Arguments.of(null, " ", "", " ", "https://lambda.us-east-1.amazonaws.com", "region us-east-1"));
    }

    @ParameterizedTest(name = "[{index}] -> {4}")
    @MethodSource("precedence")
    void resolve_severalSources_takesTheHighest(
            @Nullable URI explicit,
            @Nullable String serviceEnv,
            @Nullable String globalEnv,
            @Nullable String profile,
            String expected,
            String source) {
        UnaryOperator<@Nullable String> env =
                env("AWS_ENDPOINT_URL_LAMBDA_MICROVMS", serviceEnv, "AWS_ENDPOINT_URL", globalEnv);

        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(explicit, env, profile, "us-east-1", false);

        assertThat(endpoint.uri()).hasToString(expected);
        assertThat(endpoint.source()).isEqualTo(source);
        assertThat(endpoint.aws()).isEqualTo(expected.startsWith("https://lambda."));
    }

    @Test
    void resolve_fips_usesTheFipsHost() {
        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(null, env(), null, "us-east-2", true);

        assertThat(endpoint.uri()).hasToString("https://lambda-fips.us-east-2.amazonaws.com");
        assertThat(endpoint.aws()).isTrue();
    }

    @Test
    void resolve_fipsWithAnOverride_keepsTheOverride() {
        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(EXPLICIT, env(), null, "us-east-2", true);

        assertThat(endpoint.uri()).isEqualTo(EXPLICIT);
        assertThat(endpoint.aws()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True"})
    void resolve_ignoreConfiguredEndpoints_skipsEnvironmentAndProfile(String ignore) {
        UnaryOperator<@Nullable String> env = env(
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                ignore,
                "AWS_ENDPOINT_URL_LAMBDA_MICROVMS",
                SERVICE_ENV,
                "AWS_ENDPOINT_URL",
                GLOBAL_ENV);

        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(null, env, PROFILE, "eu-west-1", false);

        assertThat(endpoint.uri()).hasToString("https://lambda.eu-west-1.amazonaws.com");
        assertThat(endpoint.aws()).isTrue();
    }

    @Test
    void resolve_ignoreConfiguredEndpoints_stillTakesTheExplicitEndpoint() {
        UnaryOperator<@Nullable String> env = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");

        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(EXPLICIT, env, PROFILE, "eu-west-1", false);

        assertThat(endpoint.uri()).isEqualTo(EXPLICIT);
    }

    @Test
    void resolve_ignoreConfiguredEndpointsFalse_takesTheEnvironment() {
        UnaryOperator<@Nullable String> env =
                env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", "AWS_ENDPOINT_URL", GLOBAL_ENV);

        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(null, env, null, "eu-west-1", false);

        assertThat(endpoint.uri()).hasToString(GLOBAL_ENV);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:4599/",
                "http://127.0.0.1:4599//",
                " http://127.0.0.1:4599/ ",
            })
    void resolve_trailingSlashOrSpaces_areDropped(String configured) {
        EndpointResolver.Endpoint endpoint =
                EndpointResolver.resolve(null, env("AWS_ENDPOINT_URL", configured), null, "us-east-1", false);

        assertThat(endpoint.uri()).hasToString("http://127.0.0.1:4599");
    }

    @Test
    void resolve_pathWithTrailingSlash_keepsThePath() {
        EndpointResolver.Endpoint endpoint = EndpointResolver.resolve(
                URI.create("https://gateway.example.com/microvms/"), env(), null, "us-east-1", false);

        assertThat(endpoint.uri()).hasToString("https://gateway.example.com/microvms");
    }

    static Stream<Arguments> badUrls() {
        return Stream.of(
                Arguments.of("not a url", "is not a URL"),
                Arguments.of("http://", "is not a URL"),
                Arguments.of("ftp://127.0.0.1:4599", "must be an http or https URL with a host"),
                Arguments.of("localhost:4599", "must be an http or https URL with a host"),
                Arguments.of("/just/a/path", "must be an http or https URL with a host"),
                Arguments.of("http://under_score:4599", "must be an http or https URL with a host"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrls")
    void resolve_badUrlFromTheEnvironment_namesTheValueAndTheVariable(String bad, String problem) {
        assertThatThrownBy(() -> EndpointResolver.resolve(null, env("AWS_ENDPOINT_URL", bad), null, "us-east-1", false))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContainingAll("'" + bad + "'", "from AWS_ENDPOINT_URL", problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrls")
    void resolve_badUrlFromTheProfile_namesTheValueAndTheProfile(String bad, String problem) {
        assertThatThrownBy(() -> EndpointResolver.resolve(null, env(), bad, "us-east-1", false))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContainingAll("'" + bad + "'", "the profile's endpoint_url", problem);
    }

    @Test
    void resolve_explicitEndpointWithoutHost_saysWhatAnEndpointLooksLike() {
        assertThatThrownBy(
                        () -> EndpointResolver.resolve(URI.create("localhost:4599"), env(), null, "us-east-1", false))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContainingAll("'localhost:4599'", "endpointOverride", "such as http://127.0.0.1:4599");
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1"})
    void checkRegion_supportedRegion_passes(String region) {
        assertThatCode(() -> EndpointResolver.checkRegion(region)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-central-1", "us-gov-west-1", "cn-north-1", "us-west-1"})
    void checkRegion_unsupportedRegion_listsTheSupportedOnes(String region) {
        assertThatThrownBy(() -> EndpointResolver.checkRegion(region))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContainingAll(
                        "Region '" + region + "' is not supported",
                        "us-east-1, us-east-2, us-west-2, eu-west-1, ap-northeast-1",
                        "AWS_REGION",
                        "emulator");
    }

    @Test
    void build_unsupportedRegionWithAnEmulatorEndpoint_isNotRefused() {
        try (LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                .region("eu-central-1")
                .endpointOverride(EXPLICIT)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .build()) {
            assertThat(client).isNotNull();
        }
    }

    @Test
    void build_unsupportedRegionOnAws_isRefused() {
        // The builder reads the real environment and profile; an endpoint set there would (rightly) lift the check.
        assumeTrue(
                System.getenv("AWS_ENDPOINT_URL_LAMBDA_MICROVMS") == null && System.getenv("AWS_ENDPOINT_URL") == null);

        assertThatThrownBy(() -> LambdaMicrovmsClient.builder()
                        .region("eu-central-1")
                        .profileName("microvms-client-test-profile-that-does-not-exist")
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                        .build())
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContaining("Region 'eu-central-1' is not supported");
    }

    /** An environment holding only the given name-value pairs. */
    private static UnaryOperator<@Nullable String> env(@Nullable String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                values.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return values::get;
    }
}
