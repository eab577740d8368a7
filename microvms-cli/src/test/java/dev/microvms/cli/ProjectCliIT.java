package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project commands against a real emulator: new, package, deploy (create, then update), run from
 * microvm.yml, call, doctor, and the errors of a bad project. The app is the emulator's counter app, put where
 * the generated Dockerfile copies the jar from, so no nested Maven build runs here.
 */
class ProjectCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Emulator emulator;
    private static Map<String, String> env;
    private static Path project;

    @BeforeAll
    static void start() throws Exception {
        emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start();
        env = Map.of(
                "LAMBDA_MICROVMS_LOCAL_PORT",
                String.valueOf(emulator.port()),
                "LAMBDA_MICROVMS_HOME",
                dir.resolve("home").toString());
        project = dir.resolve("counter");
        CliRun created = CliRun.of(env, "new", "counter", "--directory", project.toString());
        assertThat(created.code()).as(created.err()).isZero();
        Files.createDirectories(project.resolve("target"));
        Files.write(project.resolve("target/app.jar"), counterJar());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static byte[] counterJar() throws Exception {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(TestApps.counterApp()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("app.jar")) {
                    return zip.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("the counter app has no app.jar");
    }

    private static CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void deployRunCall_fromMicrovmYml() throws Exception {
        String p = project.toString();
        JsonNode pkg = json(cli("package", "-p", p, "--skip-build", "-o", "json"));
        assertThat(pkg.get("files")).hasSize(2);

        CliRun deploy = cli("deploy", "--local", "-p", p, "--skip-build", "-o", "json");
        JsonNode image = json(deploy);
        assertThat(image.get("state").asText()).isEqualTo("CREATED");
        assertThat(image.get("latestActiveImageVersion").asText()).isEqualTo("1.0");
        assertThat(deploy.err()).contains("Creating image counter", "Uploading", "CREATED");

        JsonNode updated = json(cli("deploy", "--local", "-p", p, "--skip-build", "-o", "json"));
        assertThat(updated.get("latestActiveImageVersion").asText()).isEqualTo("2.0");

        JsonNode run = json(cli("run", "--local", "-p", p, "-o", "json"));
        assertThat(run.get("state").asText()).isEqualTo("RUNNING");
        assertThat(run.get("imageVersion").asText()).isEqualTo("2.0");
        assertThat(run.toString()).contains("SHELL_INGRESS");
        String id = run.get("microvmId").asText();

        CliRun call = cli("call", "--local", id, "/ticks");
        assertThat(call.code()).as(call.err()).isZero();

        CliRun doctor = cli("doctor", "--local", "-p", p, "-o", "json");
        assertThat(doctor.out()).contains("\"emulator\"", "\"Dockerfile\"");
        assertThat(doctor.code()).as(doctor.out()).isZero();

        assertThat(json(cli("terminate", "--local", id, "-o", "json"))
                        .get("state")
                        .asText())
                .isEqualTo("TERMINATED");
    }

    @Test
    void badMicrovmYml_isUsageErrorNamingTheLine() throws Exception {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("Dockerfile"), "FROM x\nCMD [\"true\"]\n");
        Files.writeString(bad.resolve("microvm.yml"), "name: bad\nhooks:\n  port: 0\n  ready: {}\n");

        CliRun r = cli("deploy", "--local", "-p", bad.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("microvm.yml:3:3: hooks.port is 0");
    }

    @Test
    void failedBuild_isWaiterFailureNamingTheCommandThatPrintsItsLog() throws Exception {
        Path crashy = dir.resolve("crashy");
        Files.createDirectories(crashy);
        Files.writeString(crashy.resolve("microvm.yml"), "name: crashy\n");
        Files.writeString(
                crashy.resolve("Dockerfile"),
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCMD [\"sh\", \"-c\", \"echo no config >&2; exit 3\"]\n");

        CliRun r = cli("deploy", "--local", "-p", crashy.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.WAITER_FAILED);
        assertThat(r.err()).contains("The build's log: lambda-microvms images log --local crashy");
        CliRun log = cli("images", "log", "--local", "crashy");
        assertThat(log.code()).as(log.err()).isZero();
        assertThat(log.out()).contains("Building crashy version 1.0", "Build failed");
    }

    @Test
    void missingDockerfile_isUsageErrorSayingHowToAddOne() throws Exception {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Files.writeString(bare.resolve("microvm.yml"), "name: bare\n");

        CliRun r = cli("package", "-p", bare.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("There is no Dockerfile at the root of " + bare);
    }

    @Test
    void version_andPsLocal_answer() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThat(cli("--version").out()).contains("lambda-microvms");
        assertThat(cli("ps", "--local").code()).isZero();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
