package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** exec, cp and port-forward against an emulator without its own endpoints, over the MicroVM's shell. */
class SandboxCliIT {
    @TempDir
    static Path state;

    private static Emulator emulator;
    private static Microvms microvms;
    private static MicrovmsSession session;
    private static Map<String, String> env;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .adminEndpoints(false)
                .start();
        env = Map.of("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(emulator.port()));
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        microvms = Microvms.builder()
                .endpointOverride(emulator.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        String image = microvms.createImage(CreateMicrovmImageRequest.builder()
                        .name("cli-sandbox")
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                        .hooks(TestApps.counterHooks())
                        .build())
                .waitUntilCreated()
                .arn();
        session = microvms.session(image)
                .run(r -> r.ingressNetworkConnectors(
                        "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:SHELL_INGRESS"))
                .after(AfterSession.TERMINATE)
                .start();
        id = session.microvm().id();
    }

    @AfterAll
    static void stop() {
        session.close();
        microvms.close();
        emulator.close();
    }

    @Test
    void exec_exitsWithTheRemoteCodeAndPassesStdinThrough() {
        CliRun r = CliRun.withInput(
                "piped in\n", env, "exec", "--local", id, "--", "sh", "-c", "cat; echo oops >&2; exit 5");

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.out()).isEqualTo("piped in\n");
        assertThat(r.err()).isEqualTo("oops\n");
    }

    @Test
    void exec_ofAMissingProgram_exits127AndSaysSo() {
        CliRun r = CliRun.of(env, "exec", "--local", "--no-stdin", id, "--", "no-such-program");

        assertThat(r.code()).isEqualTo(127);
        assertThat(r.err()).contains("no-such-program", "not found");
    }

    @Test
    void cp_copiesAFileAndADirectoryBothWays(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[1_000_000];
        new Random(7).nextBytes(bytes);
        Files.write(dir.resolve("blob.bin"), bytes);
        Files.createDirectories(dir.resolve("tree/inner"));
        Files.writeString(dir.resolve("tree/inner/note.txt"), "note\n");

        CliRun up = CliRun.of(env, "cp", "--local", dir.resolve("blob.bin").toString(), id + ":/tmp/cli/");
        CliRun upTree = CliRun.of(env, "cp", "--local", dir.resolve("tree").toString(), id + ":/tmp/cli-tree");
        CliRun down = CliRun.of(
                env,
                "cp",
                "--local",
                id + ":/tmp/cli/blob.bin",
                dir.resolve("back.bin").toString());
        Files.createDirectories(dir.resolve("into"));
        CliRun downTree = CliRun.of(
                env, "cp", "--local", id + ":/tmp/cli-tree", dir.resolve("into").toString());

        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).contains("Copied " + id + ":/tmp/cli/blob.bin");
        assertThat(upTree.code()).as(upTree.err()).isZero();
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(downTree.code()).as(downTree.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(bytes);
        assertThat(Files.readString(dir.resolve("into/cli-tree/inner/note.txt")))
                .isEqualTo("note\n");
        CliRun missing = CliRun.of(env, "cp", "--local", id + ":/no/such/file", dir.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(missing.err()).contains("/no/such/file");
        CliRun neither = CliRun.of(env, "cp", "--local", "a", "b");
        assertThat(neither.code()).isEqualTo(ExitCodes.USAGE_ERROR);
    }

    @Test
    void portForward_servesTheAppUntilStopped() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread cli = new Thread(() -> code.set(Main.run(
                new java.io.ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                "port-forward",
                "--local",
                id,
                "0:8080")));
        cli.start();
        Pattern forwarding = Pattern.compile("Forwarding http://127\\.0\\.0\\.1:(\\d+) to " + id + " port 8080");
        Matcher m = forwarding.matcher("");
        for (int i = 0; i < 600 && !m.find(); i++) {
            Thread.sleep(100);
            m = forwarding.matcher(err.toString(StandardCharsets.UTF_8));
        }
        assertThat(m.find(0)).as(err.toString(StandardCharsets.UTF_8)).isTrue();

        HttpResponse<String> ticks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/ticks"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ticks.statusCode()).isEqualTo(200);

        cli.interrupt();
        cli.join(30_000);
        assertThat(code.get()).isZero();
    }
}
