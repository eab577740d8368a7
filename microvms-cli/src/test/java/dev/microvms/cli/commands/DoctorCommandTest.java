package dev.microvms.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.CliRun;
import dev.microvms.cli.ExitCodes;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor parses the Dockerfile as the build does, and checks Java and Maven only where they build the project. */
class DoctorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    private Map<String, JsonNode> doctor() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of(
                Map.of("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(port)),
                "doctor",
                "--local",
                "-p",
                project.toString(),
                "-o",
                "json");
        // The emulator is not running, so doctor fails, naming each check.
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CLIENT_ERROR);
        Map<String, JsonNode> checks = new HashMap<>();
        JSON.readTree(r.out()).forEach(c -> checks.put(c.get("name").asText(), c));
        return checks;
    }

    @Test
    void dockerfileTypo_failsWithTheLineAndTheFix() throws Exception {
        Files.writeString(project.resolve("microvm.yml"), "name: py-app\n");
        Files.writeString(
                project.resolve("Dockerfile"),
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCOPPY app.py /app/\nCMD [\"python3\", \"/app/app.py\"]\n");

        Map<String, JsonNode> checks = doctor();

        assertThat(checks.get("Dockerfile").get("status").asText()).isEqualTo("FAIL");
        assertThat(checks.get("Dockerfile").get("detail").asText())
                .contains("Dockerfile line 2:", "COPPY", "did you mean COPY?");
    }

    @Test
    void projectWithoutMaven_isNotAskedForJavaAndMaven() throws Exception {
        Files.writeString(project.resolve("microvm.yml"), "name: py-app\n");
        Files.writeString(
                project.resolve("Dockerfile"),
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCOPY app.py /app/\nCMD [\"python3\", \"/app/app.py\"]\n");

        Map<String, JsonNode> checks = doctor();

        assertThat(checks).doesNotContainKeys("java", "maven");
        assertThat(checks.get("Dockerfile").get("status").asText()).isEqualTo("OK");
        assertThat(checks.get("emulator").get("status").asText()).isEqualTo("FAIL");
    }

    @Test
    void mavenProject_isAskedForJavaAndMaven() throws Exception {
        Files.writeString(project.resolve("microvm.yml"), "name: app\nartifact:\n  build: mvn -B -q package\n");
        Files.writeString(project.resolve("Dockerfile"), "FROM x\nCMD [\"true\"]\n");

        Map<String, JsonNode> checks = doctor();

        assertThat(checks).containsKeys("java", "maven");
    }

    @Test
    void dotEnv_isShownWithItsNames() throws Exception {
        Files.writeString(project.resolve("microvm.yml"), "name: py-app\n");
        Files.writeString(project.resolve("Dockerfile"), "FROM x\nCMD [\"true\"]\n");
        Files.writeString(project.resolve(".env"), "AWS_REGION=eu-west-1\n");

        Map<String, JsonNode> checks = doctor();

        assertThat(checks.get(".env").get("detail").asText()).contains("AWS_REGION");
    }
}
