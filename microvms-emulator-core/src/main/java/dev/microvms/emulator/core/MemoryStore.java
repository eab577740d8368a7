package dev.microvms.emulator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A store that keeps nothing between runs: for tests, and for an emulator started with no state directory. */
public final class MemoryStore implements Store {
    private final Map<String, Map<String, Object>> kinds = new ConcurrentHashMap<>();

    @Override
    public void put(String kind, String key, Object value) {
        kinds.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).put(key, value);
    }

    @Override
    public void remove(String kind, String key) {
        Map<String, Object> values = kinds.get(kind);
        if (values != null) {
            values.remove(key);
        }
    }

    @Override
    public <T> List<T> all(String kind, Class<T> type) {
        List<T> found = new ArrayList<>();
        kinds.getOrDefault(kind, Map.of()).values().forEach(v -> found.add(type.cast(v)));
        return found;
    }
}
