package dev.microvms.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.ExecException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.ExecResult;
import dev.microvms.sdk.FileInfo;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.MicrovmFileException;
import dev.microvms.sdk.MicrovmFiles;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.sdk.PortForward;
import dev.microvms.sdk.Sandbox;
import dev.microvms.sdk.SandboxOptions;
import dev.microvms.sdk.SandboxTransport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Exec, files and port forwarding end to end, through each transport: the shell (a MicroVM run with
 * SHELL_INGRESS, its image unchanged) and the agent (a MicroVM without SHELL_INGRESS whose image declares
 * the guest library's agent). The emulator runs with its own endpoints disabled, so everything here goes
 * through what the service offers.
 */
class SandboxIT {
    private static final String SHELL_INGRESS =
            "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:SHELL_INGRESS";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static Microvms microvms;
    private static MicrovmsSession shellVm;
    private static MicrovmsSession agentVm;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .adminEndpoints(false)
                .start();
        microvms = Microvms.builder()
                .endpointOverride(emulator.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        emulator.s3().put("artifacts", "agent.zip", SandboxApps.agentApp(), "application/zip");
        String shellImage = image("sandbox-shell", "counter.zip", Map.of());
        String agentImage = image(
                "sandbox-agent",
                "agent.zip",
                Map.of(Sandbox.AGENT_PORT_VARIABLE, Integer.toString(SandboxApps.AGENT_PORT)));
        shellVm = microvms.session(shellImage)
                .run(r -> r.ingressNetworkConnectors(SHELL_INGRESS))
                .after(AfterSession.TERMINATE)
                .start();
        agentVm = microvms.session(agentImage).after(AfterSession.TERMINATE).start();
    }

    private static String image(String name, String key, Map<String, String> environment) {
        return microvms.createImage(CreateMicrovmImageRequest.builder()
                        .name(name)
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri("s3://artifacts/" + key))
                        .hooks(TestApps.counterHooks())
                        .environmentVariables(environment.isEmpty() ? null : environment)
                        .build())
                .waitUntilCreated()
                .arn();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {shellVm, agentVm, microvms, emulator}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next one still closes
            }
        }
    }

    private static Microvm vm(SandboxTransport transport) {
        Microvm vm = (transport == SandboxTransport.SHELL ? shellVm : agentVm).microvm();
        assertThat(vm.sandbox().transport()).isEqualTo(transport);
        return vm;
    }

    @Test
    void emulator_runsWithoutItsOwnEndpoints() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(emulator.endpoint().resolve("/_emulator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(404);
        assertThat(health.body()).contains("disabled");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void exec_returnsStdoutStderrAndExitCodeExactly(SandboxTransport transport) {
        Microvm vm = vm(transport);

        ExecResult r = vm.exec(ExecRequest.shell("printf 'out\\000\\r\\n\\033[1m\\377'; printf 'err\\n' >&2; exit 3"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).containsExactly('o', 'u', 't', 0, '\r', '\n', 27, '[', '1', 'm', (byte) 0xff);
        assertThat(r.stderrAsString()).isEqualTo("err\n");
        assertThat(r.transport()).isEqualTo(transport);
        assertThat(vm.exec("true").exitCode()).isZero();
        assertThat(vm.exec("echo", "it's", "a \"quoted\"\nline", "$HOME").stdoutAsString())
                .isEqualTo("it's a \"quoted\"\nline $HOME\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void exec_passesStdinEnvironmentAndWorkingDirectory(SandboxTransport transport) {
        Microvm vm = vm(transport);
        byte[] input = new byte[300_000];
        new Random(1).nextBytes(input);

        ExecResult cat =
                vm.exec(ExecRequest.builder().command("cat").stdin(input).build());
        ExecResult env = vm.exec(ExecRequest.builder()
                .shell("pwd; echo \"$GREETING\"; cat")
                .environment("GREETING", "hello world")
                .workingDirectory("/tmp")
                .stdin("from stdin")
                .build());

        assertThat(cat.exitCode()).isZero();
        assertThat(cat.stdout()).isEqualTo(input);
        assertThat(env.stdoutAsString()).isEqualTo("/tmp\nhello world\nfrom stdin");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void exec_saysWhatFailed(SandboxTransport transport) {
        Microvm vm = vm(transport);

        assertThatThrownBy(() -> vm.exec("no-such-program", "x"))
                .isInstanceOfSatisfying(ExecException.class, e -> assertThat(e.reason())
                        .isEqualTo(ExecException.Reason.COMMAND_NOT_FOUND))
                .hasMessageContaining("no-such-program")
                .hasMessageContaining(vm.id());
        assertThatThrownBy(() -> vm.exec(ExecRequest.builder()
                        .command("ls")
                        .workingDirectory("/no/such/dir")
                        .build()))
                .isInstanceOfSatisfying(ExecException.class, e -> assertThat(e.reason())
                        .isEqualTo(ExecException.Reason.WORKING_DIRECTORY_NOT_FOUND));
        assertThatThrownBy(() -> vm.exec(ExecRequest.builder()
                        .shell("echo started; sleep 60")
                        .timeout(Duration.ofSeconds(3))
                        .build()))
                .isInstanceOfSatisfying(ExecException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExecException.Reason.TIMED_OUT);
                    assertThat(e.result().orElseThrow().stdoutAsString()).isEqualTo("started\n");
                });
        assertThatThrownBy(() -> vm.exec(ExecRequest.builder()
                        .shell("echo boom >&2; exit 4")
                        .failOnNonZeroExit(true)
                        .build()))
                .isInstanceOfSatisfying(ExecException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExecException.Reason.NON_ZERO_EXIT);
                    assertThat(e.result().orElseThrow().exitCode()).isEqualTo(4);
                })
                .hasMessageContaining("boom");
        // After all that, the sandbox still works.
        assertThat(vm.exec("echo", "ok").stdoutAsString()).isEqualTo("ok\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void exec_streamsOutputToAListenerAsItComes(SandboxTransport transport) {
        Microvm vm = vm(transport);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ExecResult r = vm.exec(
                ExecRequest.shell("for i in 1 2 3; do echo line-$i; echo e-$i >&2; sleep 0.2; done; exit 7"),
                ExecListener.of(out, err));

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdout()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line-1\nline-2\nline-3\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("e-1\ne-2\ne-3\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void files_copyA20MegabyteRandomFileBothWaysByteForByte(SandboxTransport transport, @TempDir Path dir)
            throws Exception {
        Microvm vm = vm(transport);
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(20).nextBytes(content);
        Path local = Files.write(dir.resolve("random.bin"), content);
        String remote = "/tmp/sandbox-" + transport + "/random.bin";

        vm.files().upload(local, remote);
        vm.files().download(remote, dir.resolve("back.bin"));

        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(vm.exec("sha256sum", remote).stdoutAsString()).startsWith(sha + " ");
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(content);
        assertThat(vm.files().stat(remote).size()).isEqualTo(content.length);
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void files_copyADirectoryTreeBothWays(SandboxTransport transport, @TempDir Path dir) throws Exception {
        Microvm vm = vm(transport);
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.createDirectories(tree.resolve("empty dir"));
        Files.writeString(tree.resolve("top.txt"), "top\n");
        Files.write(tree.resolve("a/empty"), new byte[0]);
        byte[] binary = new byte[70_000];
        new Random(3).nextBytes(binary);
        Files.write(tree.resolve("a/b/c/data.bin"), binary);
        Files.writeString(tree.resolve("a/b/name with spaces & 'quotes'.txt"), "spaces\n");
        Path script = Files.writeString(tree.resolve("a/run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(tree.resolve("a/link"), Path.of("b/c/data.bin"));
        String remote = "/tmp/tree-" + transport;

        vm.files().upload(tree, remote);
        Path back = dir.resolve("back");
        vm.files().download(remote, back);

        assertThat(snapshot(back)).isEqualTo(snapshot(tree));
        assertThat(Files.isSymbolicLink(back.resolve("a/link"))).isTrue();
        assertThat(Files.isExecutable(back.resolve("a/run.sh"))).isTrue();
        assertThat(vm.exec(remote + "/a/run.sh").stdoutAsString()).isEqualTo("ran\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void files_listStatReadWriteAndDelete(SandboxTransport transport) {
        MicrovmFiles files = vm(transport).files();
        String dir = "/tmp/listing-" + transport;
        files.createDirectories(dir + "/sub");
        files.writeString(dir + "/hello.txt", "hello\n");

        assertThat(files.list(dir))
                .extracting(FileInfo::name, FileInfo::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hello.txt", FileInfo.Type.FILE),
                        org.assertj.core.groups.Tuple.tuple("sub", FileInfo.Type.DIRECTORY));
        FileInfo hello = files.stat(dir + "/hello.txt");
        assertThat(hello.size()).isEqualTo(6);
        assertThat(hello.mode()).isEqualTo(0644);
        assertThat(files.readString(dir + "/hello.txt")).isEqualTo("hello\n");

        files.delete(dir);

        assertThat(files.exists(dir)).isFalse();
        assertThatThrownBy(() -> files.read(dir + "/hello.txt"))
                .isInstanceOfSatisfying(MicrovmFileException.class, e -> assertThat(e.reason())
                        .isEqualTo(MicrovmFileException.Reason.NOT_FOUND))
                .hasMessageContaining(dir + "/hello.txt");
        assertThatThrownBy(() -> files.read("/tmp"))
                .isInstanceOfSatisfying(MicrovmFileException.class, e -> assertThat(e.reason())
                        .isEqualTo(MicrovmFileException.Reason.IS_A_DIRECTORY));
    }

    @ParameterizedTest
    @EnumSource(names = {"SHELL", "AGENT"})
    void portForward_servesTheAppToAPlainHttpClientAndAWebSocketClient(SandboxTransport transport) throws Exception {
        Microvm vm = vm(transport);
        try (PortForward http = vm.portForward(0, 8080);
                PortForward ws = vm.portForward(0, 8081)) {
            HttpResponse<String> ticks = HTTP.send(
                    HttpRequest.newBuilder(http.uri().resolve("/ticks")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> echo = HTTP.send(
                    HttpRequest.newBuilder(http.uri().resolve("/echo"))
                            .POST(HttpRequest.BodyPublishers.ofString("body through the forward"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ticks.statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(ticks.body())).isPositive();
            assertThat(echo.body()).isEqualTo("body through the forward");
            // The app sees no proxy header: the forward adds it for the endpoint, which strips it.
            assertThat(echo.headers().firstValue("X-Seen-Auth")).hasValue("null");

            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + ws.localPort() + "/"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            socket.sendText("hello over the forward", true).get(30, TimeUnit.SECONDS);
            assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo("hello over the forward");
            socket.abort();
        }
    }

    @Test
    void tcpForward_carriesRawTcpThroughTheAgent() throws Exception {
        try (PortForward tcp = agentVm.microvm().sandbox().tcpForward(0, 8080);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp.localPort())) {
            OutputStream out = s.getOutputStream();
            out.write(
                    "GET /ticks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
        assertThatThrownBy(() -> shellVm.microvm().sandbox().tcpForward(0, 8080))
                .hasMessageContaining("agent");
    }

    @Test
    void shell_withoutShellIngress_saysHowToGetIn() {
        try (Sandbox shell = agentVm.microvm()
                .sandbox(SandboxOptions.builder()
                        .transport(SandboxTransport.SHELL)
                        .build())) {
            assertThatThrownBy(() -> shell.exec("true"))
                    .hasMessageContaining("SHELL_INGRESS")
                    .hasMessageContaining("agent");
        }
    }

    /** Every path under a directory with its kind, content (or link target) and executable bit. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(name, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(name, "dir");
                } else {
                    out.put(
                            name,
                            HexFormat.of()
                                            .formatHex(MessageDigest.getInstance("SHA-256")
                                                    .digest(Files.readAllBytes(p)))
                                    + (Files.isExecutable(p) ? " x" : ""));
                }
            }
        }
        return out;
    }
}
