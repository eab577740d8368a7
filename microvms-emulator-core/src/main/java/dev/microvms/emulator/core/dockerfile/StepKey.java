package dev.microvms.emulator.core.dockerfile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of a build step and its inputs. Every value is written with its length before it, so that
 * no two different sequences of values give the same bytes ({@code "ab","c"} is not {@code "a","bc"}).
 */
final class StepKey {

    /** Changes whenever what goes into a key changes, so that old entries are never taken for new ones. */
    private static final String FORMAT = "microvms-step-cache/1";

    private final MessageDigest digest;

    private StepKey() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        add(FORMAT);
    }

    /** Starts a key. */
    static StepKey begin() {
        return new StepKey();
    }

    StepKey add(@Nullable String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return this;
        }
        return add(value.getBytes(StandardCharsets.UTF_8));
    }

    StepKey add(byte[] bytes) {
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
        return this;
    }

    StepKey add(long value) {
        digest.update(ByteBuffer.allocate(8).putLong(value).array());
        return this;
    }

    StepKey add(List<String> values) {
        add(values.size());
        values.forEach(this::add);
        return this;
    }

    /** Adds a map in name order, so that the order the variables were set in does not matter. */
    StepKey add(Map<String, String> values) {
        Map<String, String> sorted = new TreeMap<>(values);
        add(sorted.size());
        sorted.forEach((name, value) -> add(name).add(value));
        return this;
    }

    /** @return the key, in hex */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
