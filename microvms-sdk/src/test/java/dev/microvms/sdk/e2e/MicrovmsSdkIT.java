package dev.microvms.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmState;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.sdk.ServerSentEvent;
import dev.microvms.sdk.WaiterException;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The SDK against the real emulator, with a real guest app: sessions, waiters, the endpoint. */
class MicrovmsSdkIT {
    @TempDir
    static Path state;

    private static Emulator emulator;
    private static Microvms microvms;
    private static String image;
    private static String failingImage;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        microvms = Microvms.builder()
                .endpointOverride(emulator.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        image = build("sdk-app", Map.of());
        failingImage = build("sdk-runfails", Map.of("RUN_STATUS", "500"));
    }

    private static String build(String name, Map<String, String> env) {
        CreateMicrovmImageRequest.Builder request = CreateMicrovmImageRequest.builder()
                .name(name)
                .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                .buildRoleArn("arn:aws:iam::000000000000:role/build")
                .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                .hooks(TestApps.counterHooks());
        if (!env.isEmpty()) {
            request.environmentVariables(env);
        }
        return microvms.createImage(request.build()).waitUntilCreated().arn();
    }

    @AfterAll
    static void stop() {
        microvms.close();
        emulator.close();
    }

    private static MicrovmState stateOf(String id) {
        return microvms.client()
                .getMicrovm(GetMicrovmRequest.builder().microvmIdentifier(id).build())
                .state();
    }

    @Test
    void session_eachCleanupPolicy_leavesTheMicrovmAsAsked() {
        String terminated;
        try (MicrovmsSession s =
                microvms.session(image).after(AfterSession.TERMINATE).start()) {
            assertThat(s.endpoint().get("/ticks").statusCode()).isEqualTo(200);
            terminated = s.microvm().id();
        }
        String suspended;
        try (MicrovmsSession s =
                microvms.session(image).after(AfterSession.SUSPEND).start()) {
            suspended = s.microvm().id();
        }
        String kept;
        try (MicrovmsSession s =
                microvms.session(image).after(AfterSession.KEEP).start()) {
            kept = s.microvm().id();
        }

        assertThat(microvms.microvm(terminated).waitUntilTerminated().state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(microvms.microvm(suspended).waitUntilSuspended().state()).isEqualTo(MicrovmState.SUSPENDED);
        assertThat(stateOf(kept)).isEqualTo(MicrovmState.RUNNING);
        microvms.microvm(kept).terminate();
        microvms.microvm(suspended).terminate();
    }

    @Test
    void session_bodyThrows_stillCleansUp() {
        String[] id = new String[1];
        assertThatThrownBy(() -> {
                    try (MicrovmsSession s = microvms.session(image)
                            .after(AfterSession.TERMINATE)
                            .start()) {
                        id[0] = s.microvm().id();
                        throw new IllegalStateException("the body failed");
                    }
                })
                .hasMessage("the body failed");

        assertThat(microvms.microvm(id[0]).waitUntilTerminated().state()).isEqualTo(MicrovmState.TERMINATED);
    }

    @Test
    void waitUntilRunning_runHookAnswering500_failsAtOnceWithTheReason() {
        Microvm vm = microvms.run(failingImage);

        assertThatThrownBy(vm::waitUntilRunning)
                .isInstanceOf(WaiterException.class)
                .hasMessageContaining("Run lifecycle hook returned HTTP status 500.");
    }

    @Test
    void endpoint_streamsServerSentEventsAndWebSockets() throws Exception {
        try (MicrovmsSession s =
                microvms.session(image).after(AfterSession.TERMINATE).start()) {
            List<String> data;
            try (var events = s.endpoint().events("/events")) {
                data = events.stream().map(ServerSentEvent::data).toList();
            }
            assertThat(data).containsExactly("tick 1", "tick 2", "tick 3");

            BlockingQueue<String> echoed = new LinkedBlockingQueue<>();
            WebSocket ws = s.endpoint().onPort(8081).webSocket("/ws", new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence text, boolean last) {
                    echoed.add(text.toString());
                    socket.request(1);
                    return null;
                }
            });
            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertThat(echoed.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }
}
