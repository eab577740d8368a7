package dev.microvms.emulator.core;

import java.util.List;

/**
 * Where the emulator's resources live between runs. Every write is durable when the call returns, so
 * that nothing acknowledged is lost if the emulator is killed right after.
 */
public interface Store {

    /**
     * Writes a resource, replacing the one with the same key.
     *
     * @param kind the kind of resource, such as {@code images}
     * @param key the resource's key within its kind
     * @param value the resource
     */
    void put(String kind, String key, Object value);

    /**
     * Removes a resource; removing one that is not there does nothing.
     *
     * @param kind the kind of resource
     * @param key the resource's key
     */
    void remove(String kind, String key);

    /**
     * Moves a resource out of the way without losing it, where a person can look at it and restore it
     * (a record whose parent is gone, say); it is not read again. A store that keeps nothing removes it.
     *
     * @param kind the kind of resource
     * @param key the resource's key
     * @param why what is wrong with it, for the log
     */
    default void setAside(String kind, String key, String why) {
        remove(kind, key);
    }

    /**
     * Reads every resource of a kind.
     *
     * @param kind the kind of resource
     * @param type the resource's class
     * @param <T> the resource type
     * @return the resources, in no particular order
     */
    <T> List<T> all(String kind, Class<T> type);
}
