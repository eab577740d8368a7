package dev.microvms.emulator.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The log groups, streams and events in memory, each stream's events in the order the service reads them
 * (timestamp, then arrival), and the room they take: past the limit, the oldest batches go first. Not
 * thread-safe: {@link LogsService} holds its lock around every use.
 */
final class LogIndex {
    /** What CloudWatch Logs counts for an event beyond its message's bytes. */
    static final int EVENT_OVERHEAD = 26;

    /**
     * An event in memory.
     *
     * @param timestamp when it happened
     * @param id its id, increasing with arrival
     * @param message its text
     * @param ingestionTime when it arrived
     * @param batch the batch it came in, for removal
     */
    record StoredEvent(long timestamp, long id, String message, long ingestionTime, long batch) {
        static final Comparator<StoredEvent> ORDER =
                Comparator.comparingLong(StoredEvent::timestamp).thenComparingLong(StoredEvent::id);

        EventPosition position() {
            return new EventPosition(timestamp, id);
        }
    }

    /** One stream and its events. */
    static final class StreamData {
        final LogStream meta;
        final List<StoredEvent> events = new ArrayList<>();
        long lastIngestion;

        StreamData(LogStream meta) {
            this.meta = meta;
        }
    }

    /** One group and its streams, by name. */
    static final class GroupData {
        final LogGroup meta;
        final Map<String, StreamData> streams = new TreeMap<>();
        long storedBytes;

        GroupData(LogGroup meta) {
            this.meta = meta;
        }
    }

    /** Where a batch is, so that it can be removed. */
    record BatchRef(long seq, String region, String group, String stream, long bytes) {}

    private final Map<String, Map<String, GroupData>> regions = new TreeMap<>();
    private final Deque<BatchRef> batches = new ArrayDeque<>();
    private final long maxStoredBytes;
    private long storedBytes;
    private long nextSeq = 1;
    private long nextEventId = 1;

    /** @param maxStoredBytes the room for events, all groups together */
    LogIndex(long maxStoredBytes) {
        this.maxStoredBytes = maxStoredBytes;
    }

    /** @return the region's groups by name */
    Map<String, GroupData> groups(String region) {
        return regions.getOrDefault(region, Map.of());
    }

    @Nullable
    GroupData group(String region, String name) {
        return groups(region).get(name);
    }

    GroupData addGroup(LogGroup group) {
        GroupData data = new GroupData(group);
        regions.computeIfAbsent(group.region(), r -> new TreeMap<>()).put(group.name(), data);
        return data;
    }

    StreamData addStream(LogStream stream) {
        GroupData group = group(stream.region(), stream.group());
        if (group == null) {
            throw new IllegalStateException("no group " + stream.group() + " for stream " + stream.name());
        }
        StreamData data = new StreamData(stream);
        group.streams.put(stream.name(), data);
        return data;
    }

    /** @return the next batch's sequence number and first event id, reserved */
    LogBatch newBatch(String region, String group, String stream, List<LogBatch.Event> events) {
        LogBatch batch = new LogBatch(nextSeq++, region, group, stream, nextEventId, events);
        nextEventId += events.size();
        return batch;
    }

    /**
     * Adds a batch, stored or read back from the store.
     *
     * @return the batches that no longer fit, oldest first, already taken out of memory
     */
    List<BatchRef> add(LogBatch batch) {
        StreamData stream = stream(batch.region(), batch.group(), batch.stream());
        if (stream == null) {
            return List.of(); // a batch whose stream is gone: nothing reads it
        }
        nextSeq = Math.max(nextSeq, batch.seq() + 1);
        nextEventId =
                Math.max(nextEventId, batch.firstEventId() + batch.events().size());
        long bytes = 0;
        List<StoredEvent> added = new ArrayList<>();
        for (int i = 0; i < batch.events().size(); i++) {
            LogBatch.Event e = batch.events().get(i);
            added.add(new StoredEvent(
                    e.timestamp(), batch.firstEventId() + i, e.message(), e.ingestionTime(), batch.seq()));
            bytes += size(e.message());
            stream.lastIngestion = Math.max(stream.lastIngestion, e.ingestionTime());
        }
        insert(stream.events, added);
        requireGroup(batch).storedBytes += bytes;
        storedBytes += bytes;
        batches.addLast(new BatchRef(batch.seq(), batch.region(), batch.group(), batch.stream(), bytes));
        List<BatchRef> evicted = new ArrayList<>();
        while (storedBytes > maxStoredBytes && batches.size() > 1) {
            BatchRef oldest = batches.removeFirst();
            remove(oldest);
            evicted.add(oldest);
        }
        return evicted;
    }

    private GroupData requireGroup(LogBatch batch) {
        GroupData group = group(batch.region(), batch.group());
        if (group == null) {
            throw new IllegalStateException("no group " + batch.group());
        }
        return group;
    }

    @Nullable
    StreamData stream(String region, String group, String stream) {
        GroupData g = group(region, group);
        return g == null ? null : g.streams.get(stream);
    }

    private void remove(BatchRef ref) {
        StreamData stream = stream(ref.region(), ref.group(), ref.stream());
        GroupData group = group(ref.region(), ref.group());
        if (stream != null && group != null) {
            stream.events.removeIf(e -> e.batch() == ref.seq());
            group.storedBytes -= ref.bytes();
        }
        storedBytes -= ref.bytes();
    }

    /** Events come in order nearly always: append then; merge when a batch goes back in time. */
    private static void insert(List<StoredEvent> events, List<StoredEvent> added) {
        if (added.isEmpty()) {
            return;
        }
        if (events.isEmpty() || StoredEvent.ORDER.compare(events.get(events.size() - 1), added.get(0)) <= 0) {
            events.addAll(added);
            return;
        }
        events.addAll(added);
        Collections.sort(events, StoredEvent.ORDER);
    }

    /** @return what CloudWatch Logs counts for an event */
    static long size(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + (long) EVENT_OVERHEAD;
    }
}
