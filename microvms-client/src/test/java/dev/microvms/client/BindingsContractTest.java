package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.internal.Transport;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.json.WireJson;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.Location;
import dev.microvms.model.wire.MemberBinding;
import dev.microvms.model.wire.OperationBinding;
import dev.microvms.model.wire.UriTemplate;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The wire format of all 24 operations, from their bindings: a request with every member set goes out with
 * each member where its binding says (label, query, header, body) under its wire name and nowhere else, a
 * server reading it back with the same binding gets the same request, and an answer written as the service
 * writes it reads back into the same response.
 */
class BindingsContractTest {
    private static final ObjectMapper JSON = WireJson.mapper();

    static Stream<OperationBinding<?, ?>> operations() {
        return Bindings.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    <I, O> void request_everyMember_travelsWhereItsBindingSays(OperationBinding<I, O> op) throws Exception {
        I request = Samples.of(op.inputType());
        WireRequest sent = send(op, request, emptyAnswer(op)).sent;

        assertThat(sent.method()).isEqualTo(op.method());
        Map<String, String> labels = op.uri().match(sent.uri().getRawPath());
        assertThat(labels)
                .as("path %s of template %s", sent.uri().getRawPath(), op.uri())
                .isNotNull();
        for (MemberBinding<I> m : op.labels().values()) {
            assertThat(labels).containsEntry(m.wireName(), m.toText(request).get(0));
        }
        Map<String, List<String>> query = query(sent.uri().getRawQuery());
        Map<String, List<String>> expectedQuery = new LinkedHashMap<>();
        for (MemberBinding<I> m : op.query()) {
            expectedQuery.put(m.wireName(), m.toText(request));
        }
        assertThat(query).isEqualTo(expectedQuery);
        for (MemberBinding<I> m : op.headers()) {
            assertThat(sent.headers()).containsEntry(m.wireName(), m.toText(request));
        }
        Set<String> bodyMembers = new TreeSet<>();
        for (MemberBinding<I> m : op.members()) {
            if (m.location() == Location.BODY) {
                bodyMembers.add(m.wireName());
            }
        }
        if (bodyMembers.isEmpty()) {
            assertThat(sent.body()).isEmpty();
            assertThat(sent.headers()).doesNotContainKey("Content-Type");
        } else {
            JsonNode body = JSON.readTree(sent.body());
            Set<String> keys = new TreeSet<>();
            body.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isEqualTo(bodyMembers);
            assertThat(sent.headers().get("Content-Type")).containsExactly("application/json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    <I, O> void request_readBackByAServerWithTheSameBinding_isTheSameRequest(OperationBinding<I, O> op)
            throws Exception {
        I request = Samples.of(op.inputType());
        WireRequest sent = send(op, request, emptyAnswer(op)).sent;

        I read = op.readRequest(
                op.uri().match(sent.uri().getRawPath()),
                query(sent.uri().getRawQuery()),
                name -> sent.headers().getOrDefault(name, List.of()),
                sent.body());

        assertThat(read).isEqualTo(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    <I, O> void response_writtenAsTheServiceWritesIt_readsBackWhole(OperationBinding<I, O> op) throws Exception {
        O response = Samples.of(op.outputType());
        byte[] answer = op.writeOutput(response);

        Sent<O> call = send(op, Samples.of(op.inputType()), new WireResponse(op.successStatus(), Map.of(), answer));

        assertThat(call.response).isEqualTo(response);
    }

    private static <I, O> WireResponse emptyAnswer(OperationBinding<I, O> op) {
        return new WireResponse(op.successStatus(), Map.of(), op.writeOutput(Samples.of(op.outputType())));
    }

    private record Sent<O>(WireRequest sent, @Nullable O response) {}

    /** Calls the client's method for the operation, over a transport that keeps the request. */
    @SuppressWarnings("unchecked")
    private static <I, O> Sent<O> send(OperationBinding<I, O> op, I request, WireResponse answer) throws Exception {
        List<WireRequest> sent = new ArrayList<>();
        Transport transport = wire -> {
            sent.add(wire);
            return answer;
        };
        LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(RetryPolicy.NONE)
                .transport(transport)
                .build();
        Method method = LambdaMicrovmsClient.class.getMethod(
                Character.toLowerCase(op.name().charAt(0)) + op.name().substring(1), op.inputType());
        try {
            O response = (O) method.invoke(client, request);
            return new Sent<>(sent.get(0), response);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    static Map<String, List<String>> query(@Nullable String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.computeIfAbsent(UriTemplate.decode(pair.substring(0, eq)), k -> new ArrayList<>())
                    .add(UriTemplate.decode(pair.substring(eq + 1)));
        }
        return query;
    }
}
