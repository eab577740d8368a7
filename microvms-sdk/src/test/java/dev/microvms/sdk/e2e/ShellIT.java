package dev.microvms.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.emulator.executor.LocalExecutors;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.sdk.ShellSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The shell end to end: the SDK's ShellSession against the emulator's PTY inside a real MicroVM. */
class ShellIT {
    private static final String SHELL_INGRESS =
            "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:SHELL_INGRESS";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static Microvms microvms;
    private static String image;

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
        image = microvms.createImage(CreateMicrovmImageRequest.builder()
                        .name("shell-app")
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                        .hooks(new Hooks(
                                9000,
                                MicrovmHooks.builder().run(HookState.ENABLED).build(),
                                MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .readyTimeoutInSeconds(60)
                                        .build()))
                        .build())
                .waitUntilCreated()
                .arn();
    }

    @AfterAll
    static void stop() {
        microvms.close();
        emulator.close();
    }

    @Test
    void shell_runsCommandsResizesSeesTheMicrovmAndClosesWhenItExits() throws Exception {
        boolean sandbox = LocalExecutors.detect().executor().name().equals("sandbox");
        try (MicrovmsSession s = shellSession()) {
            Screen screen = new Screen();
            ShellSession shell = s.microvm().endpoint().shell(screen::append);
            assertThat(shell.sessionId()).matches("[0-9a-f-]{36}");

            shell.write("echo hello-$((6*7))\n");
            screen.await("hello-42");

            shell.resize(100, 30);
            shell.write("stty size\n");
            screen.await("30 100");

            // The image's WORKDIR, with the app's files.
            shell.write("ls; echo where-$((1))-$(pwd)\n");
            screen.await("app.jar");
            screen.await(sandbox ? "where-1-/app" : "where-1-/");
            if (sandbox) {
                // Inside the MicroVM's namespaces: its own /app, its own few processes, the app among them.
                shell.write("ls /app; echo procs-$(ls -d /proc/[0-9]* | wc -l)-apps-$(grep -l app.jar "
                        + "/proc/[0-9]*/cmdline 2>/dev/null | wc -l)-end\n");
                Matcher counts = screen.await(Pattern.compile("procs-(\\d+)-apps-(\\d+)-end"));
                assertThat(Integer.parseInt(counts.group(1))).isBetween(3, 30);
                assertThat(Integer.parseInt(counts.group(2))).isPositive();
            }

            shell.write("exit\n");
            ShellSession.Exit exit = shell.exit().get(30, TimeUnit.SECONDS);
            assertThat(exit.statusCode()).isEqualTo(1000);
            assertThat(exit.reason()).isEqualTo("shell exited");
            assertThat(shell.isOpen()).isFalse();
        }
    }

    @Test
    void close_byTheClient_endsTheShellProcess() throws Exception {
        try (MicrovmsSession s = shellSession()) {
            Screen first = new Screen();
            ShellSession closed = s.microvm().endpoint().shell(first::append);
            closed.write("echo pid-$$-end\n");
            String pid = first.await(Pattern.compile("pid-(\\d+)-end")).group(1);

            closed.close();

            Screen second = new Screen();
            ShellSession checker = s.microvm().endpoint().shell(second::append);
            checker.write("for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 " + pid + " 2>/dev/null || break; sleep 0.5;"
                    + " done; kill -0 " + pid + " 2>/dev/null && echo still-$((1)) || echo gone-$((2))\n");
            assertThat(second.await(Pattern.compile("(still|gone)-\\d")).group(1))
                    .isEqualTo("gone");
            checker.close();
        }
    }

    @Test
    void tokens_shellTokenIsNoHttpTokenAndAnHttpTokenOpensNoShell() throws Exception {
        try (MicrovmsSession s = shellSession()) {
            String id = s.microvm().id();
            String endpoint = microvms.client()
                    .getMicrovm(
                            GetMicrovmRequest.builder().microvmIdentifier(id).build())
                    .endpoint();
            String shellToken = microvms.client()
                    .createMicrovmShellAuthToken(CreateMicrovmShellAuthTokenRequest.builder()
                            .microvmIdentifier(id)
                            .expirationInMinutes(5)
                            .build())
                    .token();
            String httpToken = microvms.client()
                    .createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                            .microvmIdentifier(id)
                            .expirationInMinutes(5)
                            .allowedPorts(AllowedPort.allPorts())
                            .build())
                    .token();

            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + endpoint + "/ticks"))
                            .header("X-aws-proxy-auth", shellToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("Access to port denied");

            // The proxy forwards it to the app's 8080, which answers plain HTTP: no upgrade, no shell.
            assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
                            .subprotocols("lambda-microvms", "lambda-microvms.authentication." + httpToken)
                            .buildAsync(URI.create("ws://" + endpoint + "/"), new WebSocket.Listener() {})
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e)
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(200));
        }
    }

    @Test
    void shell_withoutShellIngress_failsWithTheServicesMessage() {
        try (MicrovmsSession s =
                microvms.session(image).after(AfterSession.TERMINATE).start()) {
            assertThatThrownBy(() -> s.microvm().endpoint().shell())
                    .hasMessageContaining(
                            "Shell access requires SHELL_INGRESS network connector to be configured on the MicroVM.");
        }
    }

    private static MicrovmsSession shellSession() {
        return microvms.session(image)
                .run(r -> r.ingressNetworkConnectors(SHELL_INGRESS))
                .after(AfterSession.TERMINATE)
                .start();
    }

    /** What the terminal showed so far, for waiting on a pattern. */
    private static final class Screen {
        private final StringBuilder text = new StringBuilder();

        synchronized void append(byte[] bytes) {
            text.append(new String(bytes, StandardCharsets.UTF_8));
            notifyAll();
        }

        void await(String literal) throws InterruptedException {
            await(Pattern.compile(Pattern.quote(literal)));
        }

        synchronized Matcher await(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    return matcher;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("The shell never showed " + pattern + "; it showed:\n" + text);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
