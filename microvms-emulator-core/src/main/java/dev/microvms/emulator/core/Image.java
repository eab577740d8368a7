package dev.microvms.emulator.core;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A MicroVM image as the emulator keeps it.
 *
 * @param arn the image ARN, its key
 * @param id the service's internal id, a UUID
 * @param name the name, unique in its account and region
 * @param state the image's state
 * @param latestActiveImageVersion the newest ACTIVE and built version, if any
 * @param latestFailedImageVersion the newest version whose build failed, if any
 * @param lastVersionNumber the number of the newest version made, 1 for {@code 1.0}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param tags its tags
 */
public record Image(
        String arn,
        String id,
        String name,
        ImageState state,
        @Nullable String latestActiveImageVersion,
        @Nullable String latestFailedImageVersion,
        int lastVersionNumber,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> tags) {

    public Image {
        tags = Map.copyOf(tags);
    }

    /** @return this image in another state, checked against the state machine */
    Image moveTo(ImageState next, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("image " + arn + " cannot move from " + state + " to " + next);
        }
        return new Image(
                arn,
                id,
                name,
                next,
                latestActiveImageVersion,
                latestFailedImageVersion,
                lastVersionNumber,
                createdAt,
                now,
                tags);
    }

    Image withVersions(@Nullable String latestActive, @Nullable String latestFailed, Instant now) {
        return new Image(arn, id, name, state, latestActive, latestFailed, lastVersionNumber, createdAt, now, tags);
    }

    Image withLastVersionNumber(int number) {
        return new Image(
                arn,
                id,
                name,
                state,
                latestActiveImageVersion,
                latestFailedImageVersion,
                number,
                createdAt,
                updatedAt,
                tags);
    }

    Image withTags(Map<String, String> newTags) {
        return new Image(
                arn,
                id,
                name,
                state,
                latestActiveImageVersion,
                latestFailedImageVersion,
                lastVersionNumber,
                createdAt,
                updatedAt,
                newTags);
    }
}
