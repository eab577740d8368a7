package dev.microvms.emulator.core;

import java.io.UncheckedIOException;
import java.util.List;

/** A {@link MemoryStore} whose writes fail while the test says so, as on a full disk. */
final class FlakyStore implements Store {
    private final MemoryStore kept = new MemoryStore();
    private volatile boolean full;

    /** Writes fail from now on with "No space left on device", or succeed again. */
    void full(boolean isFull) {
        this.full = isFull;
    }

    @Override
    public void put(String kind, String key, Object value) {
        if (full) {
            throw new UncheckedIOException(
                    "Cannot write " + kind + "/" + key, new java.io.IOException("No space left on device"));
        }
        kept.put(kind, key, value);
    }

    @Override
    public void remove(String kind, String key) {
        kept.remove(kind, key);
    }

    @Override
    public <T> List<T> all(String kind, Class<T> type) {
        return kept.all(kind, type);
    }
}
