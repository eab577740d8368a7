package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void version_printsTheKitVersion() {
        CliRun r = CliRun.of(Map.of(), "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("lambda-microvms 0.1.0-SNAPSHOT");
    }

    @Test
    void help_listsCommandsAndExitCodes() {
        CliRun r = CliRun.of(Map.of(), "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ps", "run", "local", "images", "Exit codes:", "a waiter failed or timed out");
    }

    @Test
    void noCommand_isUsageError() {
        CliRun r = CliRun.of(Map.of());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("Missing a command");
    }

    @Test
    void unknownOption_isUsageErrorWithHint() {
        CliRun r = CliRun.of(Map.of(), "ps", "--bogus");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("Unknown option: '--bogus'", "lambda-microvms ps --help");
    }

    @Test
    void badOutputFormat_isUsageErrorNamingTheChoices() {
        CliRun r = CliRun.of(Map.of(), "ps", "--local", "--output", "xml");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("xml", "json, text, table");
    }

    @Test
    void idlePolicyWithoutBothDurations_isUsageError() {
        CliRun r = CliRun.of(Map.of(), "run", "my-app", "--local", "--idle-max", "60");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("--idle-suspended");
    }

    @Test
    void resetWithoutYes_isUsageError() {
        CliRun r = CliRun.of(Map.of(), "local", "reset", "--state-dir", "/nonexistent-dir-for-test");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("--yes");
    }

    @Test
    void unreachableLocalEndpoint_isClientErrorNamingEndpointAndLocalStart() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of(Map.of("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(port)), "ps", "--local");

        assertThat(r.code()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(r.err()).contains("http://127.0.0.1:" + port, "lambda-microvms local start");
    }

    @Test
    void badLocalPortVariable_isUsageError() {
        CliRun r = CliRun.of(Map.of("LAMBDA_MICROVMS_LOCAL_PORT", "abc"), "ps", "--local");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("LAMBDA_MICROVMS_LOCAL_PORT", "abc");
    }
}
