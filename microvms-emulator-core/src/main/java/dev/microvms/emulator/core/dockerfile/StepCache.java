package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the trees that finished build steps left, so that a build whose step has the same inputs as an
 * earlier build's takes that result instead of running the step again, as Docker's layer cache does. The
 * assembler computes each step's key from the step and everything it reads (see {@link
 * ImageAssembler.Builder#stepCache}); an implementation only stores and restores trees under keys.
 *
 * <p>An implementation must never give a tree for another key than the one it was saved under, must
 * leave no entry behind when a save fails half-way, and must keep an entry it found until it is {@link
 * #release released} (it may then evict it). Trees are copied in and out, never shared, so that a later
 * step that changes a tree in place cannot change what the cache keeps.
 */
public interface StepCache {

    /** A cache that keeps nothing: every step runs. */
    StepCache NONE = new StepCache() {
        @Override
        public Optional<Hit> find(String key) {
            return Optional.empty();
        }

        @Override
        public void restore(Hit hit, Path root) {
            throw new IllegalStateException("nothing to restore: the cache keeps nothing");
        }

        @Override
        public void save(String key, Path root, List<String> notes) {}
    };

    /**
     * A step found in the cache.
     *
     * @param key the step's key
     * @param notes what the step said for the build log when it ran, said again when it is reused
     */
    record Hit(String key, List<String> notes) {

        /** Copies the notes. */
        public Hit {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Looks a step up.
     *
     * @param key the step's key: a hex SHA-256 of the step and its inputs
     * @return the entry, kept for {@link #restore} until the build ends, or empty
     */
    Optional<Hit> find(String key);

    /**
     * Puts the tree a found step left into an empty directory.
     *
     * @param hit what {@link #find} returned in this build
     * @param root an empty directory: the stage's tree
     * @throws IOException when the tree cannot be restored; the build fails and the implementation drops the
     *     entry
     */
    void restore(Hit hit, Path root) throws IOException;

    /**
     * Keeps the tree a step left, unless the key is kept already. It must not change the tree.
     *
     * @param key the step's key
     * @param root the stage's tree after the step
     * @param notes what the step said for the build log
     * @throws IOException when it cannot be kept; the build goes on without the entry
     */
    void save(String key, Path root, List<String> notes) throws IOException;

    /**
     * Says that the build that found an entry no longer needs it, so that it may be evicted again.
     *
     * @param hit what {@link #find} returned
     */
    default void release(Hit hit) {}
}
