package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Like {@link CrashRecoveryIT}, for IAM roles and CloudWatch Logs: SIGKILL while the official clients write,
 * restart over the same state directory, and every acknowledged role and log event is there.
 */
class LogsAndRolesCrashRecoveryIT {
    @TempDir
    Path state;

    @Test
    void sigkillMidway_losesNoAcknowledgedRoleOrEvent() throws Exception {
        Random random = new Random(7);
        List<String> roles = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            Process emulator = startEmulator(port);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            try (IamClient iam = IamStsApiIT.iam(endpoint);
                    CloudWatchLogsClient logs = LogsApiIT.logs(endpoint, Region.US_EAST_1)) {
                awaitUp(iam);
                check(iam, logs, roles, events);
                if (round == 0) {
                    logs.createLogGroup(b -> b.logGroupName("g"));
                    logs.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
                }
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(700));
                for (int n = 0; System.nanoTime() < killAt; n++) {
                    String name = "r" + round + "-" + n;
                    try {
                        iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(IamStsApiIT.TRUST));
                        roles.add(name);
                        logs.putLogEvents(
                                b -> b.logGroupName("g").logStreamName("s").logEvents(e -> e.timestamp(
                                                System.currentTimeMillis())
                                        .message(name)));
                        events.add(name);
                    } catch (SdkClientException killedMeanwhile) {
                        break;
                    }
                }
            } finally {
                emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        int port = freePort();
        Process emulator = startEmulator(port);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (IamClient iam = IamStsApiIT.iam(endpoint);
                CloudWatchLogsClient logs = LogsApiIT.logs(endpoint, Region.US_EAST_1)) {
            awaitUp(iam);
            check(iam, logs, roles, events);
            assertThat(roles).hasSizeGreaterThan(3);
        } finally {
            emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void check(IamClient iam, CloudWatchLogsClient logs, List<String> roles, List<String> events) {
        assertThat(iam.listRolesPaginator().roles().stream().map(Role::roleName))
                .containsAll(roles);
        if (!events.isEmpty()) {
            assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName("g")).events().stream()
                            .map(FilteredLogEvent::message))
                    .containsAll(events);
        }
    }

    private Process startEmulator(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmulatorMain.class.getName(),
                        "--port",
                        String.valueOf(port),
                        "--state-dir",
                        state.toString())
                .redirectErrorStream(true)
                .redirectOutput(state.resolveSibling(state.getFileName() + "-emulator.log")
                        .toFile())
                .start();
    }

    private static void awaitUp(IamClient iam) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                iam.listRoles(b -> b.maxItems(1));
                return;
            } catch (SdkClientException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
