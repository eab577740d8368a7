package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;

/**
 * A MicroVM run with {@code logging.cloudWatch} has its stdout and stderr in that log group, and an image whose
 * logging names a group has its build log there, read back with the official CloudWatch Logs client.
 */
class MicrovmLogsIT {
    private static final String EXECUTION_ROLE = "arn:aws:iam::000000000000:role/lambda-microvms-execution";
    private static final String DOCKERFILE = TestApps.DOCKERFILE.replace(
            "CMD [\"java\",", "CMD [\"sh\", \"-c\", \"echo to-stderr >&2; exec \\\"$0\\\" \\\"$@\\\"\", \"java\",");

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static LambdaMicrovmsClient client;
    private static CloudWatchLogsClient logs;
    private static String image;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        client = EmulatorApiIT.client(emulator);
        logs = LogsApiIT.logs(emulator.endpoint(), Region.US_EAST_1);
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "logged.zip", TestApps.counterApp(DOCKERFILE), "application/zip");
        image = client.createMicrovmImage(EmulatorApiIT.image("logged")
                        .hooks(TestApps.counterHooks())
                        .logging(Logging.cloudWatch("/lambda-microvms/logged", null))
                        .build())
                .imageArn();
        EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(image).build()),
                i -> i.state() == MicrovmImageState.CREATED);
    }

    @AfterAll
    static void stop() {
        logs.close();
        emulator.close();
    }

    private static List<String> messages(String group, String stream) {
        return logs.filterLogEvents(b -> b.logGroupName(group).logStreamNames(stream)).events().stream()
                .map(FilteredLogEvent::message)
                .toList();
    }

    @Test
    void runWithCloudWatchLogging_putsStdoutAndStderrInTheGroupUnderTheMicrovmsId() {
        String id = client.runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier(image)
                        .executionRoleArn(EXECUTION_ROLE)
                        .logging(Logging.cloudWatch("/lambda-microvms/logged", null))
                        .runHookPayload("{\"job\":7}")
                        .build())
                .microvmId();
        EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == MicrovmState.RUNNING);

        assertThat(messages("/lambda-microvms/logged", id))
                .contains("to-stderr")
                .anySatisfy(m -> assertThat(m).startsWith("hook run ").contains("job"));

        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
        EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == MicrovmState.TERMINATED);
        assertThat(messages("/lambda-microvms/logged", id)).contains("hook terminate {}");
    }

    @Test
    void runWithANamedStream_writesThere() {
        String id = client.runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier(image)
                        .executionRoleArn(EXECUTION_ROLE)
                        .logging(Logging.cloudWatch("/lambda-microvms/named", "app"))
                        .build())
                .microvmId();
        EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == MicrovmState.RUNNING);

        assertThat(messages("/lambda-microvms/named", "app"))
                .anySatisfy(m -> assertThat(m).startsWith("hook run"));
        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
    }

    /** Sent without the client, whose own check would refuse it before the emulator sees it. */
    @Test
    void runWithLoggingButNoExecutionRole_isRefusedAsRecorded() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/2025-09-09/microvms"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"imageIdentifier\":\"" + image
                                        + "\",\"logging\":{\"cloudWatch\":{\"logGroup\":\"/g\"}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Logging cannot be enabled without providing executionRoleArn");
    }

    @Test
    void imageWithCloudWatchLogging_putsItsBuildLogInTheGroup() {
        assertThat(logs.describeLogStreams(
                                b -> b.logGroupName("/lambda-microvms/logged").logStreamNamePrefix("build/"))
                        .logStreams())
                .extracting(LogStream::logStreamName)
                .containsExactly("build/logged/1.0");
        assertThat(messages("/lambda-microvms/logged", "build/logged/1.0"))
                .anySatisfy(m -> assertThat(m).contains("Building logged version 1.0"))
                .anySatisfy(m -> assertThat(m).contains("Build succeeded"));
    }

    @Test
    void runWithoutLogging_makesNoStream() {
        String id = client.runMicrovm(
                        RunMicrovmRequest.builder().imageIdentifier(image).build())
                .microvmId();
        EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == MicrovmState.RUNNING);

        assertThat(logs.describeLogStreams(
                                b -> b.logGroupName("/lambda-microvms/logged").logStreamNamePrefix(id))
                        .logStreams())
                .isEmpty();
        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
    }
}
