package dev.microvms.emulator.logs;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A log group as the store keeps it.
 *
 * @param region its Region
 * @param name its name
 * @param creationTime when it was created, in epoch milliseconds
 * @param kmsKeyId the KMS key named at creation, kept but not used
 * @param tags its tags
 */
public record LogGroup(
        String region, String name, long creationTime, @Nullable String kmsKeyId, Map<String, String> tags) {
    public LogGroup {
        tags = new TreeMap<>(tags);
    }
}
