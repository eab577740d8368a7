package dev.microvms.emulator.iam;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of an IAM listing.
 *
 * @param items the items
 * @param marker where the next page starts, or null when this is the last
 * @param <T> the item type
 */
public record Listing<T>(List<T> items, @Nullable String marker) {
    public Listing {
        items = List.copyOf(items);
    }

    /** @return whether more pages follow */
    public boolean truncated() {
        return marker != null;
    }
}
