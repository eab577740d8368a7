package dev.microvms.client.internal;

import dev.microvms.client.PaginatedItems;
import dev.microvms.model.wire.Paginator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Pages through a list operation. A page can be empty while a token follows (the service filters after
 * paging), so iteration goes on until a page comes without a token.
 *
 * @param <P> the page (response) type
 * @param <T> the item type
 */
public final class DefaultPaginatedItems<P, T> implements PaginatedItems<T> {
    private final @Nullable String firstToken;
    private final Function<@Nullable String, P> fetch;
    private final Function<P, @Nullable List<T>> items;
    private final Function<P, @Nullable String> nextToken;

    /**
     * @param firstToken the token of the first page, or null to start at the beginning
     * @param fetch fetches the page for a token
     * @param items the items of a page
     * @param nextToken the token of the page after a page, null on the last
     */
    public DefaultPaginatedItems(
            @Nullable String firstToken,
            Function<@Nullable String, P> fetch,
            Function<P, @Nullable List<T>> items,
            Function<P, @Nullable String> nextToken) {
        this.firstToken = firstToken;
        this.fetch = fetch;
        this.items = items;
        this.nextToken = nextToken;
    }

    /**
     * Pages through an operation as its model's paginator says.
     *
     * @param request the request for the first page
     * @param paginator the operation's paginator
     * @param call calls the operation
     * @param <I> the request type
     * @param <O> the response type
     * @param <T> the item type
     * @return the items
     */
    public static <I, O, T> DefaultPaginatedItems<O, T> of(
            I request, Paginator<I, O, T> paginator, Function<I, O> call) {
        return new DefaultPaginatedItems<>(
                paginator.token(request),
                token -> call.apply(paginator.withToken(request, token)),
                paginator::items,
                paginator::nextToken);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private @Nullable String token = firstToken;
            private boolean fetchedLast;
            private Iterator<T> page = List.<T>of().iterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !fetchedLast) {
                    P response = fetch.apply(token);
                    List<T> pageItems = items.apply(response);
                    page = pageItems == null ? List.<T>of().iterator() : pageItems.iterator();
                    String next = nextToken.apply(response);
                    fetchedLast = next == null || next.isEmpty() || next.equals(token);
                    token = next;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }
}
