package dev.microvms.client;

import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a list operation across all its pages, fetched lazily: a page is requested only when the
 * iteration reaches it, and each new iteration starts again from the first page.
 *
 * @param <T> the item type
 */
public interface PaginatedItems<T> extends Iterable<T> {

    /**
     * Returns the items as a sequential stream; pages are fetched as the stream is consumed.
     *
     * @return the stream
     */
    default Stream<T> stream() {
        return StreamSupport.stream(spliterator(), false);
    }
}
