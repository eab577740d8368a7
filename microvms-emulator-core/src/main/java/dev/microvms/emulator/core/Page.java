package dev.microvms.emulator.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list operation. Tokens are opaque to callers: they carry the key of the last item of
 * the previous page, so items made between two pages neither repeat nor shift the listing.
 *
 * @param items the page's items
 * @param nextToken the token of the next page, or null on the last one
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextToken) {
    /** The page size when the call gives none. */
    public static final int DEFAULT_MAX_RESULTS = 50;

    private static final String PREFIX = "v1:";

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Cuts a page out of a sorted listing, then applies a filter, as the service does ({@code nameFilter}
     * is applied after paging, so a page can be empty while a token follows).
     *
     * @param sorted every item, sorted by key
     * @param key an item's unique key
     * @param maxResults the page size (1-50), or null for the default
     * @param nextToken the token from the previous page, or null for the first
     * @param filter which items of the page to keep
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> of(
            List<T> sorted,
            Function<T, String> key,
            @Nullable Integer maxResults,
            @Nullable String nextToken,
            Predicate<T> filter) {
        int size = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        int start = 0;
        if (nextToken != null && !nextToken.isEmpty()) {
            String after = decode(nextToken);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (key.apply(sorted.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + size);
        List<T> items = new ArrayList<>();
        for (T item : sorted.subList(start, end)) {
            if (filter.test(item)) {
                items.add(item);
            }
        }
        String token = end < sorted.size() ? encode(key.apply(sorted.get(end - 1))) : null;
        return new Page<>(items, token);
    }

    /**
     * Checks the paging members of a list call. {@code nextToken} is an unconstrained String in the model:
     * an empty one means the first page, and one this emulator did not give is refused when it is read.
     */
    public static void check(Violations violations, @Nullable Integer maxResults, @Nullable String nextToken) {
        violations.range("maxResults", maxResults, 1, 50);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        // The token is unbounded in the model: show only its start.
        String shown = token.length() > 64 ? token.substring(0, 64) + "..." : token;
        throw ApiException.validation("Invalid pagination token: " + shown);
    }
}
