package dev.microvms.emulator.logs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a CloudWatch Logs listing or search.
 *
 * @param items the items
 * @param nextToken where the next page starts, or null at the end
 * @param <T> the item type
 */
public record LogsPage<T>(List<T> items, @Nullable String nextToken) {
    public LogsPage {
        items = List.copyOf(items);
    }
}
