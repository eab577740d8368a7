package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.internal.AsyncTransport;
import dev.microvms.client.internal.Transport;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.OperationBinding;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every operation of both clients takes a {@code Consumer} of its request's builder and sends exactly what
 * the request built the usual way sends.
 */
class ConsumerOverloadsTest {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"));

    static Stream<OperationBinding<?, ?>> operations() {
        return Bindings.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    <I, O> void consumerOverload_sendsWhatTheBuiltRequestSends(OperationBinding<I, O> op) throws Exception {
        I request = Samples.of(op.inputType());
        Consumer<Object> sameMembers = builder -> copyMembers(request, builder);
        String method = Character.toLowerCase(op.name().charAt(0)) + op.name().substring(1);
        List<WireRequest> sent = new ArrayList<>();
        WireResponse answer =
                new WireResponse(op.successStatus(), Map.of(), op.writeOutput(Samples.of(op.outputType())));
        Transport sync = wire -> {
            sent.add(wire);
            return answer;
        };
        AsyncTransport async = wire -> {
            sent.add(wire);
            return CompletableFuture.completedFuture(answer);
        };
        LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .credentialsProvider(CREDENTIALS)
                .transport(sync)
                .build();
        LambdaMicrovmsAsyncClient asyncClient = LambdaMicrovmsAsyncClient.builder()
                .region("us-east-1")
                .credentialsProvider(CREDENTIALS)
                .transport(async)
                .build();

        Object built =
                LambdaMicrovmsClient.class.getMethod(method, op.inputType()).invoke(client, request);
        Object inPlace =
                LambdaMicrovmsClient.class.getMethod(method, Consumer.class).invoke(client, sameMembers);
        Object asyncInPlace = ((CompletableFuture<?>) LambdaMicrovmsAsyncClient.class
                        .getMethod(method, Consumer.class)
                        .invoke(asyncClient, sameMembers))
                .join();

        assertThat(inPlace).isEqualTo(built);
        assertThat(asyncInPlace).isEqualTo(built);
        assertThat(sent).hasSize(3);
        for (WireRequest other : sent.subList(1, 3)) {
            assertThat(other.method()).isEqualTo(sent.get(0).method());
            assertThat(other.uri()).isEqualTo(sent.get(0).uri());
            assertThat(other.body()).isEqualTo(sent.get(0).body());
        }
    }

    /** Sets every member of a request on a builder of its type, through the builder's setters. */
    private static void copyMembers(Object request, Object builder) {
        try {
            for (RecordComponent c : request.getClass().getRecordComponents()) {
                Method setter = builder.getClass().getMethod(c.getName(), c.getType());
                setter.invoke(builder, c.getAccessor().invoke(request));
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
