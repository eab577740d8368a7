package dev.microvms.emulator.logs;

import dev.microvms.emulator.core.Store;
import dev.microvms.emulator.core.Violations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch Logs in the emulator: log groups per Region, streams, and events kept in the store as one file
 * per batch, with the service's names, limits and messages. Events take at most {@link Limits#maxStoredBytes}
 * all together; past it, the oldest batches are dropped, so that a MicroVM printing without end cannot fill
 * the disk.
 */
public final class LogsService {
    private static final int MAX_BATCH_EVENTS = LogChecks.MAX_BATCH_EVENTS;
    private static final int MAX_BATCH_BYTES = LogChecks.MAX_BATCH_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(LogsService.class);
    private static final String GROUPS = "logs-groups";
    private static final String STREAMS = "logs-streams";
    private static final String BATCHES = "logs-batches";

    /**
     * What the emulator keeps of logs.
     *
     * @param maxStoredBytes the room for events, all log groups together
     * @param maxGroups log groups per Region
     * @param maxStreams log streams per log group
     */
    public record Limits(long maxStoredBytes, int maxGroups, int maxStreams) {
        /** 256 MiB of events, 10,000 groups per Region and 50,000 streams per group. */
        public static final Limits DEFAULT = new Limits(256L << 20, 10_000, 50_000);
    }

    private final Store store;
    private final Clock clock;
    private final String account;
    private final Limits limits;
    private final LogIndex index;
    private volatile Runnable beforeRead = () -> {};

    /**
     * @param store where log groups, streams and events are kept
     * @param clock the emulator's clock
     * @param account the account id of every ARN
     * @param limits what the emulator keeps
     */
    public LogsService(Store store, Clock clock, String account, Limits limits) {
        this.store = store;
        this.clock = clock;
        this.account = account;
        this.limits = limits;
        this.index = new LogIndex(limits.maxStoredBytes());
        store.all(GROUPS, LogGroup.class).forEach(index::addGroup);
        for (LogStream s : store.all(STREAMS, LogStream.class)) {
            if (index.group(s.region(), s.group()) != null) {
                index.addStream(s);
            }
        }
        List<LogBatch> batches = new ArrayList<>(store.all(BATCHES, LogBatch.class));
        batches.sort(Comparator.comparingLong(LogBatch::seq));
        batches.forEach(b -> forget(index.add(b)));
    }

    /**
     * Runs something before every read of events: the emulator ships the output its MicroVMs have written so
     * far, so that a read sees all of it.
     *
     * @param action what to run, outside this service's lock
     */
    public void beforeRead(Runnable action) {
        this.beforeRead = action;
    }

    /** CreateLogGroup. */
    public synchronized void createLogGroup(
            String region, @Nullable String name, @Nullable String kmsKeyId, Map<String, String> tags) {
        Violations v = new Violations();
        LogChecks.groupName(v, "logGroupName", name);
        v.size("tags", List.copyOf(tags.keySet()), 0, 50);
        LogChecks.throwIf(v);
        if (index.group(region, name) != null) {
            throw new LogsException(LogsError.RESOURCE_ALREADY_EXISTS, "The specified log group already exists");
        }
        addGroup(new LogGroup(region, name, clock.millis(), kmsKeyId, tags));
    }

    /** DescribeLogGroups, by name. */
    public synchronized LogsPage<LogGroupSummary> describeLogGroups(
            String region,
            @Nullable String prefix,
            @Nullable String pattern,
            @Nullable String nextToken,
            @Nullable Integer limit) {
        Violations v = new Violations();
        v.string("logGroupNamePrefix", prefix, 1, 512, LogChecks.GROUP_NAME);
        v.string("logGroupNamePattern", pattern, 0, 512, null);
        v.range("limit", limit, 1, 50);
        LogChecks.throwIf(v);
        if (prefix != null && pattern != null) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER,
                    "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
        }
        List<LogGroupSummary> all = new ArrayList<>();
        for (LogIndex.GroupData g : index.groups(region).values()) {
            String name = g.meta.name();
            boolean match = prefix != null
                    ? name.startsWith(prefix)
                    : pattern == null || name.toLowerCase().contains(pattern.toLowerCase());
            if (match) {
                all.add(new LogGroupSummary(name, groupArn(region, name), g.meta.creationTime(), g.storedBytes));
            }
        }
        return Pages.of(all, nextToken, limit == null ? 50 : limit);
    }

    /** CreateLogStream. */
    public synchronized void createLogStream(String region, @Nullable String group, @Nullable String name) {
        Violations v = new Violations();
        LogChecks.groupName(v, "logGroupName", group);
        LogChecks.streamName(v, "logStreamName", name);
        LogChecks.throwIf(v);
        LogIndex.GroupData g = requireGroup(region, group);
        if (g.streams.containsKey(name)) {
            throw new LogsException(LogsError.RESOURCE_ALREADY_EXISTS, "The specified log stream already exists");
        }
        addStream(g, name);
    }

    /** DescribeLogStreams: by name, or by last event time. */
    public synchronized LogsPage<LogStreamSummary> describeLogStreams(
            String region,
            @Nullable String group,
            @Nullable String prefix,
            @Nullable String orderBy,
            boolean descending,
            @Nullable String nextToken,
            @Nullable Integer limit) {
        Violations v = new Violations();
        LogChecks.groupName(v, "logGroupName", group);
        v.string("logStreamNamePrefix", prefix, 1, 512, LogChecks.STREAM_NAME);
        v.string("orderBy", orderBy, 1, 64, Pattern.compile("LogStreamName|LastEventTime"));
        v.range("limit", limit, 1, 50);
        LogChecks.throwIf(v);
        boolean byTime = "LastEventTime".equals(orderBy);
        if (byTime && prefix != null) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER, "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        List<LogStreamSummary> all = new ArrayList<>();
        for (LogIndex.StreamData s : requireGroup(region, group).streams.values()) {
            if (prefix == null || s.meta.name().startsWith(prefix)) {
                all.add(summary(s));
            }
        }
        Comparator<LogStreamSummary> order = byTime
                ? Comparator.comparing(
                        (LogStreamSummary s) -> s.lastEventTimestamp() == null ? 0L : s.lastEventTimestamp())
                : Comparator.comparing(LogStreamSummary::name);
        all.sort(descending ? order.reversed() : order);
        return Pages.of(all, nextToken, limit == null ? 50 : limit);
    }

    /** PutLogEvents: events older than 14 days or more than two hours ahead are refused, and said so. */
    public synchronized PutResult putLogEvents(
            String region, @Nullable String group, @Nullable String stream, List<InputEvent> events) {
        LogChecks.batch(group, stream, events);
        LogIndex.GroupData g = requireGroup(region, group);
        if (!g.streams.containsKey(stream)) {
            throw new LogsException(LogsError.RESOURCE_NOT_FOUND, "The specified log stream does not exist.");
        }
        long now = clock.millis();
        LogChecks.Accepted window = LogChecks.accepted(events, now);
        List<LogBatch.Event> accepted = new ArrayList<>();
        for (InputEvent e : events.subList(window.from(), window.to())) {
            accepted.add(new LogBatch.Event(e.timestamp(), e.message(), now));
        }
        if (!accepted.isEmpty()) {
            append(region, group, stream, accepted);
        }
        return new PutResult(
                String.valueOf(now),
                window.to() < events.size() ? window.to() : null,
                window.from() > 0 ? window.from() : null);
    }

    /**
     * Ships lines a MicroVM or a build wrote, as the service does for its own output: the log group and stream
     * are made when missing, and the lines go in batches of the service's size.
     *
     * @param region the Region of the log group
     * @param group the log group
     * @param stream the log stream
     * @param messages the lines, in order, each stamped with the emulator's clock now
     */
    public synchronized void ship(String region, String group, String stream, List<String> messages) {
        LogIndex.GroupData g = index.group(region, group);
        if (g == null) {
            if (index.groups(region).size() >= limits.maxGroups()) {
                LOG.warn(
                        "Log group {} cannot be made: the emulator keeps {} log groups per Region",
                        group,
                        limits.maxGroups());
                return;
            }
            g = addGroup(new LogGroup(region, group, clock.millis(), null, Map.of()));
        }
        if (!g.streams.containsKey(stream)) {
            if (g.streams.size() >= limits.maxStreams()) {
                LOG.warn(
                        "Log stream {} cannot be made: the emulator keeps {} streams per log group",
                        stream,
                        limits.maxStreams());
                return;
            }
            addStream(g, stream);
        }
        long now = clock.millis();
        List<LogBatch.Event> batch = new ArrayList<>();
        long bytes = 0;
        for (String message : messages) {
            long size = LogIndex.size(message);
            if (!batch.isEmpty() && (batch.size() == MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES)) {
                append(region, group, stream, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(new LogBatch.Event(now, message, now));
            bytes += size;
        }
        if (!batch.isEmpty()) {
            append(region, group, stream, batch);
        }
    }

    /** GetLogEvents. */
    public LogEventsPage getLogEvents(
            String region,
            @Nullable String group,
            @Nullable String stream,
            @Nullable Long startTime,
            @Nullable Long endTime,
            @Nullable String nextToken,
            @Nullable Integer limit,
            boolean startFromHead) {
        beforeRead.run();
        synchronized (this) {
            Violations v = new Violations();
            LogChecks.groupName(v, "logGroupName", group);
            LogChecks.streamName(v, "logStreamName", stream);
            v.range("limit", limit, 1, MAX_BATCH_EVENTS);
            LogChecks.throwIf(v);
            LogIndex.StreamData s = requireGroup(region, group).streams.get(stream);
            if (s == null) {
                throw new LogsException(LogsError.RESOURCE_NOT_FOUND, "The specified log stream does not exist.");
            }
            return EventReads.get(
                    s,
                    startTime,
                    endTime,
                    EventPosition.parse(nextToken),
                    limit == null ? MAX_BATCH_EVENTS : limit,
                    startFromHead);
        }
    }

    /** FilterLogEvents: every stream of the group, or those named or prefixed, interleaved by time. */
    public LogsPage<OutputEvent> filterLogEvents(
            String region,
            @Nullable String group,
            List<String> streamNames,
            @Nullable String streamPrefix,
            @Nullable Long startTime,
            @Nullable Long endTime,
            @Nullable String filterPattern,
            @Nullable String nextToken,
            @Nullable Integer limit) {
        beforeRead.run();
        synchronized (this) {
            Violations v = new Violations();
            LogChecks.groupName(v, "logGroupName", group);
            v.size("logStreamNames", streamNames, 0, 100);
            v.string("logStreamNamePrefix", streamPrefix, 1, 512, LogChecks.STREAM_NAME);
            v.range("limit", limit, 1, MAX_BATCH_EVENTS);
            LogChecks.throwIf(v);
            if (!streamNames.isEmpty() && streamPrefix != null) {
                throw new LogsException(
                        LogsError.INVALID_PARAMETER,
                        "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
            }
            List<LogIndex.StreamData> streams = new ArrayList<>();
            for (LogIndex.StreamData s : requireGroup(region, group).streams.values()) {
                boolean named = streamNames.isEmpty() || streamNames.contains(s.meta.name());
                if (named && (streamPrefix == null || s.meta.name().startsWith(streamPrefix))) {
                    streams.add(s);
                }
            }
            return EventReads.filter(
                    streams,
                    startTime,
                    endTime,
                    FilterPattern.parse(filterPattern),
                    EventPosition.parse(nextToken),
                    limit == null ? MAX_BATCH_EVENTS : limit);
        }
    }

    /**
     * @param identifier a log group's name or ARN, as {@code logGroupIdentifier} takes it
     * @return the name
     */
    public static String groupName(String identifier) {
        if (!identifier.startsWith("arn:")) {
            return identifier;
        }
        int at = identifier.indexOf(":log-group:");
        if (at < 0) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER, "logGroupIdentifier '" + identifier + "' is not a log group ARN.");
        }
        String name = identifier.substring(at + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /** @return the ARN of a log group, without the {@code :*} that DescribeLogGroups's {@code arn} adds */
    public String groupArn(String region, String group) {
        return "arn:aws:logs:" + region + ":" + account + ":log-group:" + group;
    }

    private LogStreamSummary summary(LogIndex.StreamData s) {
        boolean empty = s.events.isEmpty();
        return new LogStreamSummary(
                s.meta.name(),
                groupArn(s.meta.region(), s.meta.group()) + ":log-stream:" + s.meta.name(),
                s.meta.creationTime(),
                empty ? null : s.events.get(0).timestamp(),
                empty ? null : s.events.get(s.events.size() - 1).timestamp(),
                empty ? null : s.lastIngestion);
    }

    private LogIndex.GroupData addGroup(LogGroup group) {
        store.put(GROUPS, group.region() + ":" + group.name(), group);
        return index.addGroup(group);
    }

    private void addStream(LogIndex.GroupData g, String name) {
        if (g.streams.size() >= limits.maxStreams()) {
            throw new LogsException(
                    LogsError.LIMIT_EXCEEDED,
                    "The emulator keeps at most " + limits.maxStreams() + " log streams in a log group.");
        }
        LogStream stream = new LogStream(g.meta.region(), g.meta.name(), name, clock.millis());
        store.put(STREAMS, streamKey(stream.region(), stream.group(), name), stream);
        index.addStream(stream);
    }

    private void append(String region, String group, String stream, List<LogBatch.Event> events) {
        LogBatch batch = index.newBatch(region, group, stream, events);
        store.put(BATCHES, batchKey(batch.seq(), region, group, stream), batch);
        forget(index.add(batch));
    }

    private void forget(List<LogIndex.BatchRef> evicted) {
        for (LogIndex.BatchRef ref : evicted) {
            store.remove(BATCHES, batchKey(ref.seq(), ref.region(), ref.group(), ref.stream()));
        }
    }

    private LogIndex.GroupData requireGroup(String region, @Nullable String group) {
        LogIndex.GroupData g = group == null ? null : index.group(region, group);
        if (g == null) {
            throw new LogsException(LogsError.RESOURCE_NOT_FOUND, "The specified log group does not exist.");
        }
        return g;
    }

    // ':' is allowed in neither name, so it keeps the parts of a key apart.
    private static String streamKey(String region, String group, String stream) {
        return region + ":" + group + ":" + stream;
    }

    private static String batchKey(long seq, String region, String group, String stream) {
        return String.format("%012d", seq) + ":" + streamKey(region, group, stream);
    }
}
