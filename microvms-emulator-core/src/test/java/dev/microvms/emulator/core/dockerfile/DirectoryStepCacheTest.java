package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStepCacheTest {

    @TempDir
    Path directory;

    private Instant now = Instant.parse("2026-12-05T00:00:00Z");

    /** A clock that moves a second each time it is read, so that every use has its own time. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    };

    private static String key(int n) {
        return StepKey.begin().add(n).hex();
    }

    private Path tree(String name, int bytes) throws IOException {
        Path root = directory.resolve("trees").resolve(name);
        Files.createDirectories(root.resolve("app"));
        Files.write(root.resolve("app/file"), new byte[bytes]);
        Files.createSymbolicLink(root.resolve("app/link"), Path.of("/etc/passwd"));
        return root;
    }

    @Test
    void saveThenFind_restoresTheSameTreeAndNotes() throws Exception {
        DirectoryStepCache cache = new DirectoryStepCache(directory.resolve("cache"), 1000, clock);
        cache.save(key(1), tree("a", 10), List.of("line 2: a note"));

        Optional<StepCache.Hit> hit = cache.find(key(1));
        Path restored = directory.resolve("restored");
        Files.createDirectories(restored);
        cache.restore(hit.orElseThrow(), restored);

        assertThat(hit.get().notes()).containsExactly("line 2: a note");
        assertThat(Files.size(restored.resolve("app/file"))).isEqualTo(10);
        assertThat(Files.readSymbolicLink(restored.resolve("app/link"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(cache.find(key(2))).isEmpty();
    }

    @Test
    void save_overTheBound_evictsTheEntryUsedLongestAgo() throws Exception {
        DirectoryStepCache cache = new DirectoryStepCache(directory.resolve("cache"), 100, clock);
        cache.save(key(1), tree("a", 40), List.of());
        cache.save(key(2), tree("b", 40), List.of());
        cache.release(cache.find(key(1)).orElseThrow()); // 1 is now used more recently than 2

        cache.save(key(3), tree("c", 40), List.of());

        assertThat(cache.keys()).containsExactlyInAnyOrder(key(1), key(3));
        assertThat(cache.size()).isEqualTo(80);
        assertThat(directory.resolve("cache").resolve(key(2))).doesNotExist();
    }

    @Test
    void save_overTheBound_keepsWhatABuildFoundAndHasNotReleased() throws Exception {
        DirectoryStepCache cache = new DirectoryStepCache(directory.resolve("cache"), 100, clock);
        cache.save(key(1), tree("a", 40), List.of());
        StepCache.Hit found = cache.find(key(1)).orElseThrow();
        cache.save(key(2), tree("b", 40), List.of());
        cache.find(key(2)).ifPresent(cache::release);

        cache.save(key(3), tree("c", 40), List.of());

        assertThat(cache.keys()).containsExactlyInAnyOrder(key(1), key(3));
        Path restored = Files.createDirectories(directory.resolve("restored"));
        cache.restore(found, restored);
        assertThat(restored.resolve("app/file")).exists();
    }

    @Test
    void save_treeLargerThanTheBound_isNotKept() throws Exception {
        DirectoryStepCache cache = new DirectoryStepCache(directory.resolve("cache"), 100, clock);

        cache.save(key(1), tree("a", 101), List.of());

        assertThat(cache.keys()).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void open_keepsEntriesOfAnEarlierRunAndDeletesHalfWrittenOnes() throws Exception {
        Path dir = directory.resolve("cache");
        new DirectoryStepCache(dir, 1000, clock).save(key(1), tree("a", 10), List.of("kept"));
        Files.createDirectories(dir.resolve("partial-left-by-a-crash/tree"));
        Files.createDirectories(dir.resolve(key(2)).resolve("tree")); // no meta: never finished

        DirectoryStepCache reopened = new DirectoryStepCache(dir, 1000, clock);

        assertThat(reopened.keys()).containsExactly(key(1));
        assertThat(reopened.find(key(1)).orElseThrow().notes()).containsExactly("kept");
        assertThat(reopened.size()).isEqualTo(10);
        assertThat(dir.resolve("partial-left-by-a-crash")).doesNotExist();
        assertThat(dir.resolve(key(2))).doesNotExist();
    }

    @Test
    void save_notAKey_isRefused() throws Exception {
        DirectoryStepCache cache = new DirectoryStepCache(directory.resolve("cache"), 1000, clock);

        assertThatThrownBy(() -> cache.save("../escape", tree("a", 1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepKey_separatesValues() {
        assertThat(StepKey.begin().add("ab").add("c").hex())
                .isNotEqualTo(StepKey.begin().add("a").add("bc").hex());
        assertThat(StepKey.begin().add((String) null).hex())
                .isNotEqualTo(StepKey.begin().add("").hex());
    }
}
