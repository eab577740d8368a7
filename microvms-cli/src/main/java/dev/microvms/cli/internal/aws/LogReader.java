package dev.microvms.cli.internal.aws;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads a log stream from CloudWatch Logs, wherever it is (AWS or the emulator): every event so far, and with
 * {@link #follow}, new ones by polling FilterLogEvents from the last timestamp seen, leaving out events already
 * printed by their id, as {@code aws logs tail --follow} does. {@code logs} and {@code images log} share it.
 */
public final class LogReader {
    /** Pauses between polls; a test gives one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        /** @param duration how long to wait */
        void pause(Duration duration) throws InterruptedException;
    }

    private final CloudWatchLogsClient logs;
    private final PrintWriter out;
    private final Pause pause;
    private final Duration every;
    private long lastTimestamp = -1;
    private final Set<String> seenAtLast = new HashSet<>();

    /**
     * @param logs the CloudWatch Logs client
     * @param out where events go, one message per line
     * @param pause how to wait between polls
     * @param every how long to wait between polls
     */
    public LogReader(CloudWatchLogsClient logs, PrintWriter out, Pause pause, Duration every) {
        this.logs = logs;
        this.out = out;
        this.pause = pause;
        this.every = every;
    }

    /**
     * Finds the log stream of a MicroVM or build: the one named exactly, else the first whose name starts with
     * the hint, else the most recent one holding it (the service's own stream names are not documented).
     *
     * @param group the log group
     * @param hint the stream's name, or a part of it such as a MicroVM's id
     * @return the stream's name, or empty when the group has none such
     * @throws ResourceNotFoundException when the group does not exist
     */
    public Optional<String> findStream(String group, String hint) {
        List<LogStream> prefixed = logs.describeLogStreams(
                        b -> b.logGroupName(group).logStreamNamePrefix(hint))
                .logStreams();
        if (!prefixed.isEmpty()) {
            return Optional.of(prefixed.stream()
                    .filter(s -> s.logStreamName().equals(hint))
                    .findFirst()
                    .orElse(prefixed.get(0))
                    .logStreamName());
        }
        return logs
                .describeLogStreamsPaginator(b ->
                        b.logGroupName(group).orderBy(OrderBy.LAST_EVENT_TIME).descending(true))
                .logStreams()
                .stream()
                .limit(1000)
                .map(LogStream::logStreamName)
                .filter(name -> name.contains(hint))
                .findFirst();
    }

    /**
     * Prints the stream's events so far.
     *
     * @param group the log group
     * @param stream the log stream
     */
    public void print(String group, String stream) {
        poll(group, stream);
    }

    /**
     * Prints the stream's events, then new ones as they come, until {@code finished} says the writer is done
     * (a terminated MicroVM, a finished build) and a last poll finds nothing more. A group or stream that does
     * not exist yet is waited for.
     *
     * @param group the log group
     * @param stream the log stream
     * @param finished whether nothing more will be written
     * @throws InterruptedException when interrupted, such as by Ctrl-C
     */
    public void follow(String group, String stream, BooleanSupplier finished) throws InterruptedException {
        while (true) {
            boolean done = finished.getAsBoolean();
            int printed;
            try {
                printed = poll(group, stream);
            } catch (ResourceNotFoundException notYet) {
                printed = 0;
            }
            if (done && printed == 0) {
                return;
            }
            if (printed == 0) {
                pause.pause(every);
            }
        }
    }

    /** @return how many events were printed */
    private int poll(String group, String stream) {
        int printed = 0;
        String token = null;
        Long start = lastTimestamp < 0 ? null : lastTimestamp;
        do {
            String next = token;
            FilterLogEventsResponse page = logs.filterLogEvents(b -> b.logGroupName(group)
                    .logStreamNames(stream)
                    .startTime(start)
                    .nextToken(next));
            for (FilteredLogEvent e : page.events()) {
                if (print(e)) {
                    printed++;
                }
            }
            token = page.nextToken();
        } while (token != null);
        out.flush();
        return printed;
    }

    private boolean print(FilteredLogEvent e) {
        long ts = e.timestamp() == null ? 0 : e.timestamp();
        String id = e.eventId() == null ? ts + ":" + e.message() : e.eventId();
        if (ts < lastTimestamp || (ts == lastTimestamp && seenAtLast.contains(id))) {
            return false;
        }
        if (ts > lastTimestamp) {
            lastTimestamp = ts;
            seenAtLast.clear();
        }
        seenAtLast.add(id);
        out.println(strip(e.message()));
        return true;
    }

    private static String strip(@Nullable String message) {
        if (message == null) {
            return "";
        }
        return message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }
}
