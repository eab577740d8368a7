package dev.microvms.emulator.core.dockerfile;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StepCache} in a directory: one entry per key, {@code <key>/tree/} (a copy of the tree the step
 * left, links as links) and {@code <key>/meta} (the step's notes and the tree's size). Trees are copied in
 * and out, never shared with a build. A save is written under a temporary name and renamed into place, so
 * that a crash never leaves half an entry under a key; temporary names left by a crash are deleted when
 * the cache opens.
 *
 * <p>The entries together stay under a size in bytes: after each save the entries used longest ago are
 * evicted until the rest fit, except those a build in progress found and has not released. A tree larger
 * than the whole bound is not kept. Every method may be called from several builds at once.
 *
 * <pre>{@code
 * StepCache cache = new DirectoryStepCache(state.resolve("build-cache"), 2L << 30, Clock.systemUTC());
 * ImageAssembler assembler = ImageAssembler.builder().stepRunner(runner).stepCache(cache).build();
 * }</pre>
 */
public final class DirectoryStepCache implements StepCache {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryStepCache.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final String TEMPORARY = "partial-";
    private static final int META_VERSION = 1;

    private final Path directory;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Integer> pins = new HashMap<>();
    private long bytes;
    private long sequence;

    /** An entry's size and when it was last used, the sequence breaking ties between equal times. */
    private static final class Entry {
        final long size;
        long usedMillis;
        long usedSequence;

        Entry(long size, long usedMillis, long usedSequence) {
            this.size = size;
            this.usedMillis = usedMillis;
            this.usedSequence = usedSequence;
        }
    }

    /**
     * Opens a cache, keeping the entries a previous run left and deleting what a crash left half-written.
     *
     * @param directory where the entries live; created if missing
     * @param maxBytes the most the trees may take together, in bytes
     * @param clock tells when an entry was used, for eviction
     * @throws IOException when the directory cannot be created or read
     */
    public DirectoryStepCache(Path directory, long maxBytes, Clock clock) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + ": give 0 or more");
        }
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.clock = clock;
        Files.createDirectories(directory);
        load();
    }

    @Override
    public synchronized Optional<Hit> find(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        List<String> notes;
        try {
            notes = readMeta(directory.resolve(key).resolve("meta")).notes;
        } catch (IOException e) {
            LOG.warn("Dropping the build cache entry {}: {}", key, e.toString());
            drop(key);
            return Optional.empty();
        }
        touch(key, entry);
        pins.merge(key, 1, Integer::sum);
        return Optional.of(new Hit(key, notes));
    }

    @Override
    public void restore(Hit hit, Path root) throws IOException {
        Path tree = directory.resolve(hit.key()).resolve("tree");
        synchronized (this) {
            if (!entries.containsKey(hit.key()) || !pins.containsKey(hit.key())) {
                throw new IllegalStateException("the entry " + hit.key() + " was not found by this build");
            }
        }
        try {
            Trees.copy(tree, root);
        } catch (IOException e) {
            synchronized (this) {
                drop(hit.key());
            }
            throw e;
        }
    }

    @Override
    public void save(String key, Path root, List<String> notes) throws IOException {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a step key: " + key);
        }
        synchronized (this) {
            if (entries.containsKey(key)) {
                touch(key, entries.get(key));
                return;
            }
        }
        long size = size(root);
        if (size > maxBytes) {
            LOG.debug(
                    "Not keeping the step {}: its tree takes {} bytes, more than the cache's {}", key, size, maxBytes);
            return;
        }
        Path partial = directory.resolve(TEMPORARY + UUID.randomUUID());
        try {
            Files.createDirectories(partial);
            Trees.copy(root, partial.resolve("tree"));
            writeMeta(partial.resolve("meta"), new Meta(size, notes));
            synchronized (this) {
                if (entries.containsKey(key)) {
                    return;
                }
                try {
                    Files.move(partial, directory.resolve(key), StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot put the entry " + key + " in place: " + e.getMessage(), e);
                }
                Entry entry = new Entry(size, 0, 0);
                entries.put(key, entry);
                bytes += size;
                touch(key, entry);
                evict();
            }
        } finally {
            Trees.delete(partial);
        }
    }

    @Override
    public synchronized void release(Hit hit) {
        pins.computeIfPresent(hit.key(), (key, count) -> count > 1 ? count - 1 : null);
    }

    /** @return the bytes the kept trees take together */
    public synchronized long size() {
        return bytes;
    }

    /** @return the keys of the entries kept */
    public synchronized List<String> keys() {
        return entries.keySet().stream().sorted().toList();
    }

    private void evict() {
        if (bytes <= maxBytes) {
            return;
        }
        List<Map.Entry<String, Entry>> oldestFirst = new ArrayList<>(entries.entrySet());
        oldestFirst.sort(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().usedMillis)
                .thenComparingLong(e -> e.getValue().usedSequence));
        for (Map.Entry<String, Entry> oldest : oldestFirst) {
            if (bytes <= maxBytes) {
                return;
            }
            if (!pins.containsKey(oldest.getKey())) {
                drop(oldest.getKey());
            }
        }
    }

    private void drop(String key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            bytes -= entry.size;
        }
        // Renamed first, so that a crash half-way through the delete leaves a temporary name, not a key.
        Path doomed = directory.resolve(TEMPORARY + UUID.randomUUID());
        try {
            Files.move(directory.resolve(key), doomed, StandardCopyOption.ATOMIC_MOVE);
            Trees.delete(doomed);
        } catch (IOException e) {
            LOG.warn("Could not delete the build cache entry {}: {}", key, e.toString());
        }
    }

    private void touch(String key, Entry entry) {
        entry.usedMillis = clock.millis();
        entry.usedSequence = ++sequence;
        try {
            Files.setLastModifiedTime(directory.resolve(key), FileTime.fromMillis(entry.usedMillis));
        } catch (IOException e) {
            LOG.debug("Could not note the use of the build cache entry {}: {}", key, e.toString());
        }
    }

    private void load() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(directory)) {
            list.forEach(found::add);
        }
        found.sort(Comparator.comparing(DirectoryStepCache::modified));
        for (Path path : found) {
            String name = path.getFileName().toString();
            if (!KEY.matcher(name).matches()) {
                if (name.startsWith(TEMPORARY)) {
                    Trees.delete(path);
                }
                continue;
            }
            try {
                Meta meta = readMeta(path.resolve("meta"));
                entries.put(name, new Entry(meta.size, modified(path).toMillis(), ++sequence));
                bytes += meta.size;
            } catch (IOException e) {
                LOG.warn("Deleting the unreadable build cache entry {}: {}", name, e.toString());
                Trees.delete(path);
            }
        }
        evict();
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes =
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                total += attributes.isRegularFile() ? attributes.size() : 0;
            }
            return total;
        }
    }

    /** What {@code meta} holds. */
    private record Meta(long size, List<String> notes) {}

    private static void writeMeta(Path file, Meta meta) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(META_VERSION);
            data.writeLong(meta.size());
            data.writeInt(meta.notes().size());
            for (String note : meta.notes()) {
                byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
                data.writeInt(bytes.length);
                data.write(bytes);
            }
        }
    }

    private static Meta readMeta(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != META_VERSION) {
                throw new IOException("written by another version of the cache");
            }
            long size = data.readLong();
            int count = data.readInt();
            if (size < 0 || count < 0 || count > 10_000) {
                throw new IOException("its meta file is damaged");
            }
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = data.readInt();
                if (length < 0 || length > 1 << 20) {
                    throw new IOException("its meta file is damaged");
                }
                notes.add(new String(data.readNBytes(length), StandardCharsets.UTF_8));
            }
            return new Meta(size, notes);
        }
    }

    @Override
    public String toString() {
        return "DirectoryStepCache[" + Objects.toString(directory) + ", " + maxBytes + " bytes]";
    }
}
