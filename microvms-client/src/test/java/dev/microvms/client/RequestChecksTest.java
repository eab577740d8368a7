package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.InvalidRequestException;
import dev.microvms.client.internal.RequestChecks;
import dev.microvms.client.internal.Transport;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.ListMicrovmsRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The requests the client refuses before sending ({@link RequestChecks}): the cases are the tables of
 * {@link RequestCases}; each refusal is an {@link InvalidRequestException} whose message names the value
 * and the fix, and a refused request never reaches the transport.
 */
class RequestChecksTest {
    private static final String CASES = "dev.microvms.client.RequestCases#";

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "refusedRequests")
    void check_refusedRequest_throwsWithTheValueAndTheFix(String description, Object request, List<String> fragments) {
        assertThatThrownBy(() -> RequestChecks.check(RequestCases.build(request)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContainingAll(fragments.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "acceptedRequests")
    void check_requestAtTheLimit_passes(String description, Object request) {
        assertThatCode(() -> RequestChecks.check(RequestCases.build(request))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "refusedRequests")
    void client_refusedRequest_sendsNothing(String description, Object request, List<String> fragments)
            throws Exception {
        List<WireRequest> sent = new ArrayList<>();
        Transport mustNotBeCalled = wire -> {
            sent.add(wire);
            throw new AssertionError("a refused request was sent: " + wire.method() + " " + wire.uri());
        };

        Throwable thrown = call(client(mustNotBeCalled), RequestCases.build(request));

        assertThat(thrown)
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContainingAll(fragments.toArray(String[]::new));
        assertThat(sent).isEmpty();
    }

    @Test
    void client_acceptedRequest_isSent() throws Exception {
        // The counterpart of the test above: the same transport is reached by a request that passes.
        List<WireRequest> sent = new ArrayList<>();
        Transport recording = wire -> {
            sent.add(wire);
            return new WireResponse(200, Map.of(), "{\"items\":[]}".getBytes(StandardCharsets.UTF_8));
        };

        Throwable thrown = call(
                client(recording), ListMicrovmsRequest.builder().maxResults(50).build());

        assertThat(thrown).isNull();
        assertThat(sent).singleElement().satisfies(r -> assertThat(r.uri().getRawQuery())
                .isEqualTo("maxResults=50"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "missingPathMembers")
    void client_missingPathMember_sendsNothing(String description, Object request, String member) throws Exception {
        List<WireRequest> sent = new ArrayList<>();
        Transport recording = wire -> {
            sent.add(wire);
            return new WireResponse(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        };

        Throwable thrown = call(client(recording), RequestCases.build(request));

        assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class).hasMessageContaining(member);
        assertThat(sent).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "slashFormOnOtherImageOperations")
    void client_slashFormArnOnOtherOperations_isRefusedAndSendsNothing(String operation, Object request)
            throws Exception {
        List<WireRequest> sent = new ArrayList<>();
        Transport recording = wire -> {
            sent.add(wire);
            return new WireResponse(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        };

        Throwable thrown = call(client(recording), RequestCases.build(request));

        assertThat(thrown)
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContainingAll(RequestCases.SLASH_ARN, "colon form " + RequestCases.IMAGE_ARN);
        assertThat(sent).isEmpty();
    }

    private static LambdaMicrovmsClient client(Transport transport) {
        return LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(RetryPolicy.NONE)
                .transport(transport)
                .build();
    }

    /** Calls the client's method for the request's operation; returns what it threw, or null. */
    private static Throwable call(LambdaMicrovmsClient client, Object request) throws Exception {
        String type = request.getClass().getSimpleName();
        String operation = type.substring(0, type.length() - "Request".length());
        Method method = LambdaMicrovmsClient.class.getMethod(
                Character.toLowerCase(operation.charAt(0)) + operation.substring(1), request.getClass());
        try {
            method.invoke(client, request);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }
}
