package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.exception.ConflictException;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MicroVMs run for real from a built image: hooks, the endpoint proxy, suspend and resume, timers. */
class MicrovmRuntimeIT {
    @TempDir
    static Path state;

    private static final MutableClock CLOCK = new MutableClock();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Emulator emulator;
    private static LambdaMicrovmsClient client;
    private static String image;
    private static String failingImage;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .clock(CLOCK)
                .limits(new dev.microvms.emulator.core.MicrovmService.Limits(100_000, 100, Duration.ofDays(1)))
                .start();
        client = EmulatorApiIT.client(emulator);
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        image = create("counter", Map.of());
        failingImage = create("runfails", Map.of("RUN_STATUS", "500"));
    }

    private static String create(String name, Map<String, String> env) {
        var request = EmulatorApiIT.image(name)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                .hooks(TestApps.counterHooks());
        if (!env.isEmpty()) {
            request.environmentVariables(env);
        }
        String arn = client.createMicrovmImage(request.build()).imageArn();
        EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.CREATED);
        return arn;
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static GetMicrovmResponse run(RunMicrovmRequest.Builder request, MicrovmState until) {
        String id = client.runMicrovm(request.build()).microvmId();
        return waitFor(id, until);
    }

    private static GetMicrovmResponse waitFor(String id, MicrovmState state) {
        return EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == state || m.state() == MicrovmState.TERMINATED);
    }

    private static String token(String id, AllowedPort... ports) {
        return client.createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                        .microvmIdentifier(id)
                        .expirationInMinutes(60)
                        .allowedPorts(ports)
                        .build())
                .token();
    }

    private static HttpResponse<String> call(GetMicrovmResponse vm, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void run_callsHooksAndServesThroughTheEndpointWithTheRightErrors() throws Exception {
        GetMicrovmResponse vm = run(
                RunMicrovmRequest.builder().imageIdentifier(image).runHookPayload("{\"tenant\":\"t-1\"}"),
                MicrovmState.RUNNING);
        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(vm.endpoint()).startsWith("127.0.0.1:");
        String all = token(vm.microvmId(), AllowedPort.allPorts());
        String only8080 = token(vm.microvmId(), AllowedPort.port(8080));

        var payload = call(vm, "/payload", Map.of("X-aws-proxy-auth", all));
        assertThat(payload.statusCode()).isEqualTo(200);
        assertThat(payload.body()).contains(vm.microvmId()).contains("{\\\"tenant\\\":\\\"t-1\\\"}");
        var echo = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + "/echo"))
                        .header("X-aws-proxy-auth", all)
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(200_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(echo.body()).hasSize(200_000);
        assertThat(echo.headers().firstValue("X-Seen-Auth")).hasValue("null");

        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", only8080, "X-aws-proxy-port", "9999")))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(403))
                .satisfies(r -> assertThat(r.body()).isEqualTo("Access to port denied"));
        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", all, "X-aws-proxy-port", "7777"))
                        .statusCode())
                .isEqualTo(502);
        assertThat(call(vm, "/ticks", Map.of()).body()).isEqualTo("Request missing authentication");
        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", "not-a-token")).statusCode())
                .isEqualTo(403);

        GetMicrovmResponse other = run(RunMicrovmRequest.builder().imageIdentifier(image), MicrovmState.RUNNING);
        String otherToken = token(other.microvmId(), AllowedPort.allPorts());
        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", otherToken)).body())
                .isEqualTo("Token authentication failed");
        // Two MicroVMs of one image both listen on 8080, each in its own network namespace.
        assertThat(call(other, "/ticks", Map.of("X-aws-proxy-auth", otherToken)).statusCode())
                .isEqualTo(200);

        var events = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + "/events"))
                        .header("X-aws-proxy-auth", all)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> data = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        }
        assertThat(data).containsExactly("tick 1", "tick 2", "tick 3");

        CLOCK.advance(Duration.ofMinutes(61));
        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", all)).body()).isEqualTo("Token authentication failed");
        CLOCK.advance(Duration.ofMinutes(-61));

        client.terminateMicrovm(TerminateMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
        client.terminateMicrovm(TerminateMicrovmRequest.builder()
                .microvmIdentifier(other.microvmId())
                .build());
        GetMicrovmResponse ended = waitFor(vm.microvmId(), MicrovmState.TERMINATED);
        assertThat(ended.stateReason()).isEqualTo("Success.");
        var afterTermination = call(vm, "/ticks", Map.of("X-aws-proxy-auth", all));
        assertThat(afterTermination.statusCode()).isEqualTo(502);
        assertThat(afterTermination.body()).isEmpty();
        String stdout = Files.readString(state.resolve("microvms/" + vm.microvmId() + "/stdout.log"));
        assertThat(stdout.lines().filter(l -> l.startsWith("hook terminate"))).hasSize(1);
        var logs = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(emulator.endpoint() + "/_emulator/microvms/" + vm.microvmId() + "/logs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logs.body()).isEqualTo(stdout);
        assertThat(logs.headers().firstValue("X-Next-Offset")).hasValue(String.valueOf(stdout.length()));
        var rest = HTTP.send(
                HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_emulator/microvms/" + vm.microvmId()
                                + "/logs?offset=" + stdout.length()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rest.body()).isEmpty();
    }

    @Test
    void ingressConnectors_noIngressRefusesTrafficAndHttpIngressAllowsIt() throws Exception {
        String connector = "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:";
        GetMicrovmResponse closed = run(
                RunMicrovmRequest.builder().imageIdentifier(image).ingressNetworkConnectors(connector + "NO_INGRESS"),
                MicrovmState.RUNNING);
        GetMicrovmResponse open = run(
                RunMicrovmRequest.builder().imageIdentifier(image).ingressNetworkConnectors(connector + "HTTP_INGRESS"),
                MicrovmState.RUNNING);
        try {
            var refused = call(
                    closed, "/ticks", Map.of("X-aws-proxy-auth", token(closed.microvmId(), AllowedPort.allPorts())));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("NO_INGRESS");
            var allowed =
                    call(open, "/ticks", Map.of("X-aws-proxy-auth", token(open.microvmId(), AllowedPort.allPorts())));
            assertThat(allowed.statusCode()).isEqualTo(200);
        } finally {
            for (GetMicrovmResponse vm : List.of(closed, open)) {
                client.terminateMicrovm(TerminateMicrovmRequest.builder()
                        .microvmIdentifier(vm.microvmId())
                        .build());
                waitFor(vm.microvmId(), MicrovmState.TERMINATED);
            }
        }
    }

    @Test
    void expectContinue_throughTheEndpoint_isAnsweredAtOnceAndTheBodyReachesTheApp() throws Exception {
        GetMicrovmResponse vm = run(RunMicrovmRequest.builder().imageIdentifier(image), MicrovmState.RUNNING);
        String token = token(vm.microvmId(), AllowedPort.allPorts());
        String[] hostPort = vm.endpoint().split(":");
        try (java.net.Socket socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(5000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: " + token
                            + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            // Before the body is sent: the interim answer, well inside curl's 1 s wait.
            assertThat(readHead(in)).startsWith("HTTP/1.1 100 Continue");
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-length: 5");
            assertThat(new String(in.readNBytes(5), StandardCharsets.ISO_8859_1))
                    .isEqualTo("hello");
        } finally {
            client.terminateMicrovm(TerminateMicrovmRequest.builder()
                    .microvmIdentifier(vm.microvmId())
                    .build());
            waitFor(vm.microvmId(), MicrovmState.TERMINATED);
        }
    }

    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void webSocket_throughTheEndpoint_echoesBothWaysWithTheProxysSubprotocolsStripped() throws Exception {
        GetMicrovmResponse vm = run(RunMicrovmRequest.builder().imageIdentifier(image), MicrovmState.RUNNING);
        String token = token(vm.microvmId(), AllowedPort.port(8081));
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private int binary;

            @Override
            public java.util.concurrent.CompletionStage<?> onText(
                    java.net.http.WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add("text:" + text);
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onBinary(
                    java.net.http.WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                binary += data.remaining();
                if (last) {
                    received.add("binary:" + binary);
                    binary = 0;
                }
                ws.request(1);
                return null;
            }
        };

        java.net.http.WebSocket ws = HTTP.newWebSocketBuilder()
                .subprotocols("lambda-microvms", "lambda-microvms.authentication." + token, "lambda-microvms.port.8081")
                .buildAsync(URI.create("ws://" + vm.endpoint() + "/ws"), listener)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendText("hello through the proxy", true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[100_000]), true).get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(received.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("text:hello through the proxy");
        assertThat(received.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("binary:100000");
        ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
                        .subprotocols(
                                "lambda-microvms",
                                "lambda-microvms.authentication." + token,
                                "lambda-microvms.port.8080")
                        .buildAsync(URI.create("ws://" + vm.endpoint() + "/ws"), listener)
                        .get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasStackTraceContaining("403");
        client.terminateMicrovm(TerminateMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
    }

    @Test
    void suspendAndResume_keepTheCounterAndStopItWhileSuspended() throws Exception {
        GetMicrovmResponse vm = run(RunMicrovmRequest.builder().imageIdentifier(image), MicrovmState.RUNNING);
        String all = token(vm.microvmId(), AllowedPort.allPorts());
        long before = Long.parseLong(
                call(vm, "/ticks", Map.of("X-aws-proxy-auth", all)).body());

        client.suspendMicrovm(SuspendMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
        waitFor(vm.microvmId(), MicrovmState.SUSPENDED);
        assertThatThrownBy(() -> client.suspendMicrovm(SuspendMicrovmRequest.builder()
                        .microvmIdentifier(vm.microvmId())
                        .build()))
                .isInstanceOf(ConflictException.class);
        assertThat(call(vm, "/ticks", Map.of("X-aws-proxy-auth", all)).statusCode())
                .isEqualTo(502);
        Thread.sleep(500);
        client.resumeMicrovm(
                ResumeMicrovmRequest.builder().microvmIdentifier(vm.microvmId()).build());
        waitFor(vm.microvmId(), MicrovmState.RUNNING);
        long after = Long.parseLong(
                call(vm, "/ticks", Map.of("X-aws-proxy-auth", all)).body());

        // The app ticks every 5 ms: 500 ms awake would be about 100 ticks.
        assertThat(after).isGreaterThanOrEqualTo(before).isLessThan(before + 80);
        String stdout = Files.readString(state.resolve("microvms/" + vm.microvmId() + "/stdout.log"));
        assertThat(stdout).contains("hook suspend").contains("hook resume");
        client.terminateMicrovm(TerminateMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
    }

    @Test
    void idlePolicy_suspendsWhenIdleAndResumesOnTraffic() throws Exception {
        GetMicrovmResponse vm = run(
                RunMicrovmRequest.builder().imageIdentifier(image).idlePolicy(new IdlePolicy(60, 600, true)),
                MicrovmState.RUNNING);
        String all = token(vm.microvmId(), AllowedPort.allPorts());

        CLOCK.advance(Duration.ofSeconds(61));
        waitFor(vm.microvmId(), MicrovmState.SUSPENDED);
        var answer = call(vm, "/ticks", Map.of("X-aws-proxy-auth", all));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(client.getMicrovm(GetMicrovmRequest.builder()
                                .microvmIdentifier(vm.microvmId())
                                .build())
                        .state())
                .isEqualTo(MicrovmState.RUNNING);
        client.terminateMicrovm(TerminateMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
    }

    @Test
    void suspendedWithoutAutoResume_answers502AndTerminatesAfterItsSuspendedDuration() throws Exception {
        GetMicrovmResponse vm = run(
                RunMicrovmRequest.builder().imageIdentifier(image).idlePolicy(new IdlePolicy(60, 120, false)),
                MicrovmState.RUNNING);
        String all = token(vm.microvmId(), AllowedPort.allPorts());
        client.suspendMicrovm(SuspendMicrovmRequest.builder()
                .microvmIdentifier(vm.microvmId())
                .build());
        waitFor(vm.microvmId(), MicrovmState.SUSPENDED);

        var answer = call(vm, "/ticks", Map.of("X-aws-proxy-auth", all));
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).isEmpty();

        CLOCK.advance(Duration.ofSeconds(121));
        assertThat(waitFor(vm.microvmId(), MicrovmState.TERMINATED).stateReason())
                .contains("suspendedDurationSeconds");
    }

    @Test
    void maximumDuration_terminatesTheMicrovm() {
        GetMicrovmResponse vm = run(
                RunMicrovmRequest.builder().imageIdentifier(image).maximumDurationInSeconds(30), MicrovmState.RUNNING);

        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(waitFor(vm.microvmId(), MicrovmState.TERMINATED).stateReason())
                .contains("maximum duration of 30");
    }

    @Test
    void runHookFailing_terminatesWithTheServicesReason() {
        GetMicrovmResponse vm = run(RunMicrovmRequest.builder().imageIdentifier(failingImage), MicrovmState.RUNNING);

        assertThat(vm.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(vm.stateReason())
                .isEqualTo("Run lifecycle hook returned HTTP status 500. It answered: run hook failed:"
                        + " IllegalStateException: forced 500. See its output with 'lambda-microvms logs --local"
                        + " --stderr " + vm.microvmId() + "'.");
    }
}
