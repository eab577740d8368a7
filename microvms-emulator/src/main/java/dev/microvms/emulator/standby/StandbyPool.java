package dev.microvms.emulator.standby;

import dev.microvms.emulator.images.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standbys of every image version: up to {@code perVersion} each (0 keeps none), and {@link
 * #MAX_STANDBYS} in all, the least recently used version's given up first. Standbys are no MicroVMs:
 * they count against no quota, and they are dropped when their version is deleted or deactivated and when
 * the emulator stops. Each lives in a directory of its own under the pool's root; a MicroVM that claims one
 * keeps that directory (its tree and its logs).
 */
public final class StandbyPool implements AutoCloseable {
    /** Frozen apps keep their memory: this bounds what standbys hold, whatever the number of versions. */
    public static final int MAX_STANDBYS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(StandbyPool.class);

    /** Starts a standby for a version, in the directory given. */
    @FunctionalInterface
    public interface Factory {
        Standby start(Path directory) throws IOException;
    }

    private static final class Slot {
        final Deque<Standby> standbys = new ArrayDeque<>();
        boolean refilling;
    }

    private final Path root;
    private final int perVersion;
    /**
     * A standby is started this long after the run that asked for it, so that its start (a tree copied, an
     * app starting) does not compete for the CPU with the MicroVM that just took the last one.
     */
    private static final Duration REFILL_DELAY = Duration.ofMillis(250);

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "standby");
        t.setDaemon(true);
        return t;
    });
    /** In order of use, least recent first. */
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    /** Counts the retirements of each version, so that a start begun before one is not kept after it. */
    private final Map<String, Integer> generations = new HashMap<>();

    private boolean closed;

    /**
     * @param root the directory standbys live in
     * @param perVersion how many standbys to keep for each version; 0 keeps none
     */
    public StandbyPool(Path root, int perVersion) {
        if (perVersion < 0) {
            throw new IllegalArgumentException("the standby pool size is " + perVersion + "; it must be 0 or more");
        }
        this.root = root;
        this.perVersion = perVersion;
    }

    /** @return how many standbys are kept for each version */
    public int perVersion() {
        return perVersion;
    }

    /**
     * @return a new directory for an app, under the pool's root
     * @throws IOException when it cannot be made
     */
    public Path newDirectory() throws IOException {
        return Files.createDirectories(root.resolve("standby-" + UUID.randomUUID()));
    }

    /**
     * Keeps a standby the build made, when the pool wants one for its version; else kills it.
     *
     * @param version the version's key
     * @param standby the build's app, ready
     */
    public void offer(String version, Standby standby) {
        int generation;
        synchronized (this) {
            generation = generations.getOrDefault(version, 0);
        }
        add(version, standby, generation);
    }

    /**
     * Claims a standby of a version for a MicroVM: one standing by (thawed now) if there is one, else one
     * still starting.
     *
     * @param version the version's key
     * @return the claimed standby, or null when there is none
     */
    public @Nullable Standby take(String version) {
        List<Standby> unusable = new ArrayList<>();
        Standby taken = null;
        synchronized (this) {
            Slot slot = slots.get(version);
            while (slot != null && taken == null && !slot.standbys.isEmpty()) {
                Standby candidate = slot.standbys.stream()
                        .filter(Standby::standingBy)
                        .findFirst()
                        .orElse(slot.standbys.peekFirst());
                slot.standbys.remove(candidate);
                if (candidate.claim()) {
                    taken = candidate;
                } else {
                    unusable.add(candidate);
                }
            }
        }
        unusable.forEach(this::release);
        return taken;
    }

    /**
     * Starts standbys for a version in the background until it has its number, unless that is under way.
     *
     * @param version the version's key
     * @param factory starts one
     */
    public void refill(String version, Factory factory) {
        Slot slot;
        int generation;
        synchronized (this) {
            if (closed || perVersion == 0) {
                return;
            }
            slot = slots.computeIfAbsent(version, v -> new Slot());
            if (slot.refilling || slot.standbys.size() >= perVersion) {
                return;
            }
            slot.refilling = true;
            generation = generations.getOrDefault(version, 0);
        }
        CompletableFuture.delayedExecutor(REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS, background)
                .execute(() -> {
                    try {
                        while (wanted(version, slot, generation)) {
                            add(version, factory.start(newDirectory()), generation);
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("A standby for {} could not be started: {}", version, e.toString());
                    } finally {
                        synchronized (this) {
                            slot.refilling = false;
                        }
                    }
                });
    }

    /**
     * Drops a version's standbys: it was deleted or deactivated.
     *
     * @param version the version's key
     */
    public void retire(String version) {
        List<Standby> dropped = new ArrayList<>();
        synchronized (this) {
            generations.merge(version, 1, Integer::sum);
            Slot slot = slots.remove(version);
            if (slot != null) {
                dropped.addAll(slot.standbys);
            }
        }
        dropped.forEach(this::release);
    }

    /**
     * @param version the version's key
     * @return how many standbys the version has now, starting or standing by
     */
    public synchronized int size(String version) {
        Slot slot = slots.get(version);
        return slot == null ? 0 : slot.standbys.size();
    }

    /**
     * Removes the directories of standbys an earlier run of the emulator left, except those a MicroVM
     * took (which hold its logs).
     *
     * @param microvmsDir where MicroVMs link to the directories they took
     */
    public void removeLeftovers(Path microvmsDir) {
        Set<Path> taken = new HashSet<>();
        if (Files.isDirectory(microvmsDir)) {
            try (DirectoryStream<Path> links = Files.newDirectoryStream(microvmsDir, Files::isSymbolicLink)) {
                for (Path link : links) {
                    taken.add(link.resolveSibling(Files.readSymbolicLink(link))
                            .normalize()
                            .getFileName());
                }
            } catch (IOException e) {
                LOG.warn(
                        "Could not list {} to keep the standby directories MicroVMs use: {}",
                        microvmsDir,
                        e.toString());
                return;
            }
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path kept = taken.contains(dir.getFileName()) ? AppLauncher.rootfs(dir) : dir;
                Trees.deleteRecursively(kept);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the standbys an earlier run left in {}: {}", root, e.toString());
        }
    }

    /** Kills every standby and removes its directory; for the emulator's stop. */
    @Override
    public void close() {
        List<Standby> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            slots.values().forEach(slot -> all.addAll(slot.standbys));
            slots.clear();
        }
        background.shutdownNow();
        for (Standby standby : all) {
            if (standby.discard()) {
                destroy(standby);
            }
        }
    }

    private synchronized boolean wanted(String version, Slot slot, int generation) {
        return !closed
                && generations.getOrDefault(version, 0) == generation
                && slots.get(version) == slot
                && slot.standbys.size() < perVersion;
    }

    private void add(String version, Standby standby, int generation) {
        List<Standby> evicted = new ArrayList<>();
        boolean kept = false;
        synchronized (this) {
            if (!closed && perVersion > 0 && generations.getOrDefault(version, 0) == generation) {
                Slot slot = slots.computeIfAbsent(version, v -> new Slot());
                while (slot.standbys.size() < perVersion && total() >= MAX_STANDBYS) {
                    Standby oldest = leastRecentlyUsed(version);
                    if (oldest == null) {
                        break;
                    }
                    evicted.add(oldest);
                }
                if (slot.standbys.size() < perVersion && total() < MAX_STANDBYS) {
                    slot.standbys.add(standby);
                    kept = true;
                }
            }
        }
        evicted.forEach(this::release);
        if (!kept) {
            release(standby);
            return;
        }
        standby.ready().whenComplete((ok, failure) -> {
            if (failure == null) {
                return;
            }
            synchronized (this) {
                Slot slot = slots.get(version);
                if (slot != null) {
                    slot.standbys.remove(standby);
                }
            }
            // A standby the pool dropped itself (retired, evicted) ends the same way: that is no news.
            if (standby.discard()) {
                LOG.warn("A standby for {} did not get ready, so it is dropped: {}", version, failure.getMessage());
                destroyLater(standby);
            }
        });
    }

    /** @return a standby of the least recently used other version, removed from its slot */
    private @Nullable Standby leastRecentlyUsed(String except) {
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            if (!entry.getKey().equals(except) && !entry.getValue().standbys.isEmpty()) {
                return entry.getValue().standbys.pollFirst();
            }
        }
        return null;
    }

    private int total() {
        int total = 0;
        for (Slot slot : slots.values()) {
            total += slot.standbys.size();
        }
        return total;
    }

    /** Kills a standby no MicroVM claimed and removes its directory, in the background. */
    private void release(Standby standby) {
        if (standby.discard()) {
            destroyLater(standby);
        }
    }

    private void destroyLater(Standby standby) {
        try {
            background.execute(() -> destroy(standby));
        } catch (RejectedExecutionException stopped) {
            destroy(standby);
        }
    }

    private static void destroy(Standby standby) {
        standby.app().kill();
        try {
            Trees.deleteRecursively(standby.directory());
        } catch (IOException e) {
            LOG.debug("Could not remove the standby directory {}", standby.directory(), e);
        }
    }
}
