package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** CloudWatch Logs through the official AWS SDK for Java v2 client, against the emulator's port. */
class LogsApiIT {
    @TempDir
    Path state;

    private ManualClock clock;
    private Emulator emulator;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        clock = new ManualClock();
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .account("123456789012")
                .clock(clock)
                .start();
        logs = logs(emulator.endpoint(), Region.US_EAST_2);
    }

    @AfterEach
    void stop() {
        logs.close();
        emulator.close();
    }

    static CloudWatchLogsClient logs(URI endpoint, Region region) {
        return CloudWatchLogsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private void put(String group, String stream, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (String m : messages) {
            events.add(
                    InputLogEvent.builder().timestamp(clock.millis()).message(m).build());
        }
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    @Test
    void groupsAndStreams_createAndDescribe() {
        logs.createLogGroup(b -> b.logGroupName("/lambda-microvms/hello").tags(java.util.Map.of("app", "hello")));
        logs.createLogGroup(b -> b.logGroupName("/other"));
        logs.createLogStream(b -> b.logGroupName("/lambda-microvms/hello").logStreamName("microvm-1"));
        logs.createLogStream(b -> b.logGroupName("/lambda-microvms/hello").logStreamName("microvm-2"));

        var groups = logs.describeLogGroups(b -> b.logGroupNamePrefix("/lambda-microvms/"))
                .logGroups();
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.logGroupName()).isEqualTo("/lambda-microvms/hello");
            assertThat(g.arn()).isEqualTo("arn:aws:logs:us-east-2:123456789012:log-group:/lambda-microvms/hello:*");
            assertThat(g.logGroupArn())
                    .isEqualTo("arn:aws:logs:us-east-2:123456789012:log-group:/lambda-microvms/hello");
            assertThat(g.creationTime()).isEqualTo(clock.millis());
        });
        assertThat(logs.describeLogStreams(
                                b -> b.logGroupName("/lambda-microvms/hello").logStreamNamePrefix("microvm-"))
                        .logStreams())
                .extracting(LogStream::logStreamName)
                .containsExactly("microvm-1", "microvm-2");
        try (CloudWatchLogsClient elsewhere = logs(emulator.endpoint(), Region.EU_WEST_1)) {
            assertThat(elsewhere.describeLogGroups().logGroups()).isEmpty();
        }
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("/other")))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageContaining("The specified log group already exists");
        assertThatThrownBy(
                        () -> logs.createLogStream(b -> b.logGroupName("/none").logStreamName("s")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The specified log group does not exist.");
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("bad:name")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Value 'bad:name' at 'logGroupName' failed to satisfy constraint");
    }

    @Test
    void putAndGetLogEvents_readForwardUntilTheTokenRepeats() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
        put("g", "s", "one", "two");
        clock.advance(Duration.ofSeconds(1));
        put("g", "s", "three");

        GetLogEventsResponse head = logs.getLogEvents(
                b -> b.logGroupName("g").logStreamName("s").startFromHead(true).limit(2));
        assertThat(head.events()).extracting(OutputLogEvent::message).containsExactly("one", "two");
        GetLogEventsResponse rest =
                logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s").nextToken(head.nextForwardToken()));
        assertThat(rest.events()).extracting(OutputLogEvent::message).containsExactly("three");
        GetLogEventsResponse end =
                logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s").nextToken(rest.nextForwardToken()));
        assertThat(end.events()).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(rest.nextForwardToken());

        GetLogEventsResponse tail =
                logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s").limit(1));
        assertThat(tail.events()).extracting(OutputLogEvent::message).containsExactly("three");
        LogStream stream =
                logs.describeLogStreams(b -> b.logGroupName("g")).logStreams().get(0);
        assertThat(stream.lastEventTimestamp()).isEqualTo(clock.millis());
        assertThat(stream.firstEventTimestamp()).isEqualTo(clock.millis() - 1000);
    }

    @Test
    void putLogEvents_refusesWhatTheServiceRefuses() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
        long now = clock.millis();

        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName("g")
                        .logStreamName("s")
                        .logEvents(e -> e.timestamp(now).message("b"), e -> e.timestamp(now - 1)
                                .message("a"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("must be in chronological order");
        assertThatThrownBy(() -> logs.putLogEvents(
                        b -> b.logGroupName("g").logStreamName("none").logEvents(e -> e.timestamp(now)
                                .message("x"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The specified log stream does not exist.");
        long day14 = Duration.ofDays(14).toMillis();
        long hour = Duration.ofHours(1).toMillis();
        PutLogEventsResponse old = logs.putLogEvents(b -> b.logGroupName("g")
                .logStreamName("s")
                .logEvents(e -> e.timestamp(now - day14 - hour).message("too old"), e -> e.timestamp(now - day14 + hour)
                        .message("old enough")));
        PutLogEventsResponse ahead = logs.putLogEvents(b -> b.logGroupName("g")
                .logStreamName("s")
                .logEvents(e -> e.timestamp(now).message("now"), e -> e.timestamp(now + 3 * hour)
                        .message("too new")));

        assertThat(old.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(1);
        assertThat(ahead.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(1);
        assertThat(logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s"))
                        .events())
                .extracting(OutputLogEvent::message)
                .containsExactly("old enough", "now");
    }

    @Test
    void filterLogEvents_interleavesStreamsMatchesTermsAndPages() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("a"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("b"));
        put("g", "a", "ERROR one");
        clock.advance(Duration.ofMillis(5));
        put("g", "b", "INFO two");
        clock.advance(Duration.ofMillis(5));
        put("g", "a", "ERROR three timeout");

        assertThat(logs.filterLogEvents(b -> b.logGroupName("g")).events())
                .extracting(FilteredLogEvent::message)
                .containsExactly("ERROR one", "INFO two", "ERROR three timeout");
        assertThat(logs.filterLogEvents(b -> b.logGroupName("g").filterPattern("ERROR -timeout"))
                        .events())
                .extracting(FilteredLogEvent::message)
                .containsExactly("ERROR one");
        assertThat(logs.filterLogEvents(b -> b.logGroupName("g").logStreamNames("b"))
                        .events())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.logStreamName()).isEqualTo("b");
                    assertThat(e.eventId()).isNotBlank();
                });
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName("g").limit(1)).events().stream()
                        .map(FilteredLogEvent::message))
                .containsExactly("ERROR one", "INFO two", "ERROR three timeout");
        assertThat(logs.filterLogEvents(b -> b.logGroupName("g").startTime(clock.millis() - 5))
                        .events())
                .extracting(FilteredLogEvent::message)
                .containsExactly("INFO two", "ERROR three timeout");
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName("g").filterPattern("{ $.level = 1 }")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("term filter patterns only");
    }

    @Test
    void describeLogStreams_byLastEventTime_andNotWithAPrefix() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("older"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("newer"));
        put("g", "older", "x");
        clock.advance(Duration.ofSeconds(1));
        put("g", "newer", "y");

        assertThat(logs.describeLogStreams(b -> b.logGroupName("g")
                                .orderBy(OrderBy.LAST_EVENT_TIME)
                                .descending(true))
                        .logStreams())
                .extracting(LogStream::logStreamName)
                .containsExactly("newer", "older");
        assertThatThrownBy(() -> logs.describeLogStreams(b ->
                        b.logGroupName("g").orderBy(OrderBy.LAST_EVENT_TIME).logStreamNamePrefix("n")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void events_surviveARestart_andTheOldestGoWhenThereIsNoRoom() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        logs.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
        put("g", "s", "kept");
        logs.close();
        emulator.close();

        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .account("123456789012")
                .clock(clock)
                .logLimits(new dev.microvms.emulator.logs.LogsService.Limits(200, 10, 10))
                .start();
        logs = logs(emulator.endpoint(), Region.US_EAST_2);
        assertThat(logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s"))
                        .events())
                .extracting(OutputLogEvent::message)
                .containsExactly("kept");

        put("g", "s", "x".repeat(100));
        put("g", "s", "y".repeat(100));

        assertThat(logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s"))
                        .events())
                .extracting(OutputLogEvent::message)
                .containsExactly("y".repeat(100));
    }

    @Test
    void unknownOperation_isAnErrorWithTheOperationsNamed() {
        assertThatThrownBy(() -> logs.deleteLogGroup(b -> b.logGroupName("g")))
                .isInstanceOf(CloudWatchLogsException.class)
                .hasMessageContaining("does not answer DeleteLogGroup");
    }

    /** A clock that stands still until the test moves it, so that timestamps can be checked exactly. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
