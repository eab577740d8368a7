package dev.microvms.emulator.logs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Pages of DescribeLogGroups and DescribeLogStreams: the token is the position of the next item. */
final class Pages {
    private Pages() {}

    static <T> LogsPage<T> of(List<T> all, @Nullable String nextToken, int limit) {
        int from = 0;
        if (nextToken != null) {
            try {
                from = Integer.parseInt(nextToken);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                throw new LogsException(LogsError.INVALID_PARAMETER, "The specified nextToken is invalid.");
            }
        }
        int to = Math.min(all.size(), from + limit);
        return new LogsPage<>(all.subList(from, to), to < all.size() ? String.valueOf(to) : null);
    }
}
