package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.cli.internal.CliException;
import dev.microvms.cli.internal.ErrorHandler;
import dev.microvms.client.exception.InvalidRequestException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The same exit code for the same cause in every command, as docs/cli.md's table says: an endpoint that cannot
 * be reached is 3, a bad command line or value is 2, whatever the command.
 */
class ExitCodesTest {
    private static final String ID = "microvm-3eb112b0-0000-4000-8000-000000000001";

    @TempDir
    static Path dir;

    private static Map<String, String> unreachable;
    private static Path project;

    @BeforeAll
    static void setUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        unreachable = Map.of("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(port));
        project = Files.createDirectories(dir.resolve("app"));
        Files.writeString(project.resolve("microvm.yml"), "name: app\nartifact:\n  build: touch built\n");
        Files.writeString(project.resolve("Dockerfile"), "FROM x\nCMD [\"true\"]\n");
    }

    static Stream<List<String>> connectingCommands() {
        return Stream.of(
                List.of("ps"),
                List.of("ps", "--image", "app"),
                List.of("get", ID),
                List.of("get", "3eb1"),
                List.of("run", "app"),
                List.of("call", ID, "/"),
                List.of("shell", ID),
                List.of("logs", ID),
                List.of("suspend", ID),
                List.of("resume", ID),
                List.of("terminate", ID),
                List.of("images", "list"),
                List.of("images", "get", "app"),
                List.of("images", "versions", "app"),
                List.of("images", "builds", "app", "1.0"),
                List.of("images", "log", "app"),
                List.of("images", "wait", "app"),
                List.of("images", "activate", "app", "1.0"),
                List.of("managed-images"),
                List.of("tags", "app"),
                List.of("tag", "app", "a=b"),
                List.of("untag", "app", "a"));
    }

    @ParameterizedTest
    @MethodSource("connectingCommands")
    void unreachableEndpoint_is3InEveryCommand(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--local");

        CliRun r = CliRun.of(unreachable, args.toArray(String[]::new));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(r.err()).contains("Could not reach http://127.0.0.1:", "lambda-microvms local start");
    }

    @Test
    void deploy_unreachableEndpoint_is3BeforeTheBuildRuns() {
        CliRun r = CliRun.of(unreachable, "deploy", "--local", "-p", project.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(r.err()).contains("Could not reach").doesNotContain("Building");
        assertThat(project.resolve("built")).doesNotExist();
    }

    @Test
    void deploy_onAwsWithoutBucket_is2BeforeTheBuildRuns() throws IOException {
        Files.writeString(
                project.resolve("microvm.yml"),
                "name: app\nimage:\n  buildRoleArn: arn:aws:iam::123456789012:role/build\nartifact:\n  build: touch built\n");
        try {
            CliRun r = CliRun.of(
                    Map.of("LAMBDA_MICROVMS_HOME", dir.resolve("home").toString()),
                    "deploy",
                    "-p",
                    project.toString(),
                    "--region",
                    "us-east-1");

            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE_ERROR);
            assertThat(r.err()).contains("artifact.bucket is missing");
            assertThat(project.resolve("built")).doesNotExist();
        } finally {
            Files.writeString(project.resolve("microvm.yml"), "name: app\nartifact:\n  build: touch built\n");
        }
    }

    static Stream<List<String>> usageErrors() {
        return Stream.of(
                List.of("ps", "--bogus"),
                List.of("call"),
                List.of("call", "--local", ID, "health"),
                List.of("run", "app", "--local", "--idle-max", "60"),
                List.of("new", "Bad Name"),
                List.of("new", "x", "--template", "django"),
                List.of("get", "--local", ""));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageError_is2InEveryCommand(List<String> args) {
        CliRun r = CliRun.of(unreachable, args.toArray(String[]::new));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE_ERROR);
    }

    @Test
    void exitCode_readsTheCauseNotTheLibrary() {
        SdkClientException s3Unreachable = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused"))
                .build();
        assertThat(ErrorHandler.exitCode(s3Unreachable)).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(ErrorHandler.exitCode(S3Exception.builder()
                        .message("Access Denied")
                        .statusCode(403)
                        .build()))
                .isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(ErrorHandler.exitCode(new InvalidRequestException("imageIdentifier 'x' is a bare name")))
                .isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(ErrorHandler.exitCode(new CliException(ExitCodes.WAITER_FAILED, "gone")))
                .isEqualTo(ExitCodes.WAITER_FAILED);
    }
}
