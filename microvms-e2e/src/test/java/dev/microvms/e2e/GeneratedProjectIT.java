package dev.microvms.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.Main;
import dev.microvms.emulator.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scaffold as a user meets it: {@code new}, then the generated project's own {@code mvn verify} (its unit
 * test and its AppIT, which deploys it to an emulator through the testkit), then deploy, run, call, a scripted
 * shell and terminate through the CLI against another emulator; and the AWS path, with an emulator standing in
 * for AWS through {@code AWS_ENDPOINT_URL} and no {@code --local}: bootstrap, new, deploy, run, call, logs and
 * terminate, with no edits.
 */
class GeneratedProjectIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, String> env = Map.of();

    private record Run(int code, String out, String err) {}

    private Run cli(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode json(String... args) throws Exception {
        Run r = cli("", args);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void newProject_buildsPassesItsTestsAndRunsThroughTheCli() throws Exception {
        Path project = dir.resolve("hello-e2e");
        Run created = cli("", "new", "hello-e2e", "--directory", project.toString());
        assertThat(created.code()).as(created.err()).isZero();

        verify(project);

        try (Emulator emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start()) {
            env = Map.of(
                    "LAMBDA_MICROVMS_LOCAL_PORT",
                    String.valueOf(emulator.port()),
                    "LAMBDA_MICROVMS_HOME",
                    dir.resolve("home").toString());
            String p = project.toString();
            assertThat(json("deploy", "--local", "-p", p, "--skip-build", "-o", "json")
                            .get("state")
                            .asText())
                    .isEqualTo("CREATED");
            String id = json("run", "--local", "-p", p, "-o", "json")
                    .get("microvmId")
                    .asText();

            Run call = cli("", "call", "--local", id, "POST", "/count");
            assertThat(call.out()).as(call.err()).isEqualTo("{\"count\":1}\n");

            Run shell = cli("echo shell-$((6*7)); ls /app\nexit\n", "shell", "--local", id);
            assertThat(shell.out()).as(shell.err()).contains("shell-42", "app.jar");
            assertThat(shell.err()).contains("1000 shell exited");
            assertThat(shell.code()).isZero();

            assertThat(json("terminate", "--local", id, "-o", "json")
                            .get("state")
                            .asText())
                    .isEqualTo("TERMINATED");
        }
    }

    /**
     * The Spring Boot template: its own build and tests (AppIT builds the Spring app in an emulator, whose ready
     * hook waits for the application), then deploy, run and call through the CLI, the count kept over a
     * suspend and a resume.
     */
    @Test
    void newSpringBootProject_buildsPassesItsTestsDeploysAndAnswers() throws Exception {
        Path project = dir.resolve("spring-e2e");
        Run created = cli("", "new", "spring-e2e", "--template", "spring-boot", "--directory", project.toString());
        assertThat(created.code()).as(created.err()).isZero();

        verify(project);

        try (Emulator emulator = Emulator.builder()
                .port(0)
                .stateDirectory(dir.resolve("spring-state"))
                .start()) {
            env = Map.of(
                    "LAMBDA_MICROVMS_LOCAL_PORT",
                    String.valueOf(emulator.port()),
                    "LAMBDA_MICROVMS_HOME",
                    dir.resolve("spring-home").toString());
            String p = project.toString();
            long start = System.nanoTime();
            assertThat(json("deploy", "--local", "-p", p, "--skip-build", "-o", "json")
                            .get("state")
                            .asText())
                    .isEqualTo("CREATED");
            // A figure, not an assertion: how long a Spring Boot image takes to build here.
            System.out.printf(
                    "deploy --local --skip-build of the spring-boot template: %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            String id = json("run", "--local", "-p", p, "-o", "json")
                    .get("microvmId")
                    .asText();

            assertThat(cli("", "call", "--local", id, "POST", "/count").out()).isEqualTo("{\"count\":1}\n");
            json("suspend", "--local", id, "-o", "json");
            json("resume", "--local", id, "-o", "json");
            assertThat(cli("", "call", "--local", id, "/count").out()).isEqualTo("{\"count\":1}\n");
            assertThat(cli("", "call", "--local", id, "/").out()).contains("run payload: {\"greeting\":\"hello\"}");

            assertThat(json("terminate", "--local", id, "-o", "json")
                            .get("state")
                            .asText())
                    .isEqualTo("TERMINATED");
        }
    }

    @Test
    void newProject_onTheAwsPath_bootstrapsDeploysRunsLogsAndTerminatesWithNoEdits() throws Exception {
        try (Emulator aws =
                Emulator.builder().port(0).stateDirectory(dir.resolve("aws")).start()) {
            env = Map.of(
                    "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "secret",
                    "AWS_REGION", "us-east-1",
                    "LAMBDA_MICROVMS_HOME", dir.resolve("home").toString());
            Run bootstrap = cli("", "bootstrap");
            assertThat(bootstrap.code()).as(bootstrap.err()).isZero();
            assertThat(bootstrap.out()).contains("CREATED");
            Path project = dir.resolve("hello-aws");
            Run created = cli("", "new", "hello-aws", "--directory", project.toString());
            assertThat(created.code()).as(created.err()).isZero();
            String p = project.toString();

            // deploy runs the project's own build (artifact.build), then uploads to bootstrap's bucket.
            Run deploy = cli("", "deploy", "-p", p, "-o", "json");
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.err()).contains("s3://lambda-microvms-000000000000-us-east-1/hello-aws/");
            String id = json("run", "-p", p, "-o", "json").get("microvmId").asText();
            Run call = cli("", "call", id, "POST", "/count");
            assertThat(call.out()).as(call.err()).isEqualTo("{\"count\":1}\n");

            Run logs = cli("", "logs", id, "-p", p);
            assertThat(logs.code()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("hello-aws listening on 8080");
            Run buildLog = cli("", "images", "log", "hello-aws");
            assertThat(buildLog.code()).as(buildLog.err()).isZero();
            assertThat(buildLog.out()).contains("Building hello-aws version 1.0", "ready hook answered 200");

            assertThat(json("terminate", id, "-o", "json").get("state").asText())
                    .isEqualTo("TERMINATED");
            Run followed = cli("", "logs", id, "--follow");
            assertThat(followed.code()).as(followed.err()).isZero();
            assertThat(followed.out()).contains("hello-aws listening on 8080", "terminating");
        }
    }

    /** The other templates build and pass their own tests (each AppIT deploys to an emulator) too. */
    @ParameterizedTest
    @ValueSource(strings = {"worker", "stream"})
    void newProject_otherTemplates_buildAndPassTheirOwnTests(String template) throws Exception {
        Path project = dir.resolve(template + "-e2e");
        Run created = cli("", "new", template + "-e2e", "--template", template, "--directory", project.toString());
        assertThat(created.code()).as(created.err()).isZero();

        verify(project);
    }

    /** Runs the project's own {@code mvn verify}: its unit test, and its AppIT in an emulator. */
    private void verify(Path project) throws Exception {
        Path log = dir.resolve(project.getFileName() + "-mvn.log");
        Process mvn = new ProcessBuilder(List.of("mvn", "-B", "-q", "-ntp", "verify"))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(mvn.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(mvn.exitValue())
                .as(() -> "mvn verify of " + project.getFileName() + " failed:\n" + read(log))
                .isZero();
        assertThat(project.resolve("target/app.jar")).exists();
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
