package dev.microvms.model.wire;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a list operation pages, as the model's paginators file says: the request member that carries the
 * token, the response member that carries the next one, the page size member and the items.
 *
 * @param <I> the request type
 * @param <O> the response type
 * @param <T> the item type
 */
public final class Paginator<I, O, T> {
    private final String inputToken;
    private final String outputToken;
    private final @Nullable String limitKey;
    private final String resultKey;
    private final Function<I, @Nullable String> token;
    private final BiFunction<I, @Nullable String, I> withToken;
    private final Function<O, @Nullable String> nextToken;
    private final Function<O, @Nullable List<T>> items;

    Paginator(
            String inputToken,
            String outputToken,
            @Nullable String limitKey,
            String resultKey,
            Function<I, @Nullable String> token,
            BiFunction<I, @Nullable String, I> withToken,
            Function<O, @Nullable String> nextToken,
            Function<O, @Nullable List<T>> items) {
        this.inputToken = inputToken;
        this.outputToken = outputToken;
        this.limitKey = limitKey;
        this.resultKey = resultKey;
        this.token = token;
        this.withToken = withToken;
        this.nextToken = nextToken;
        this.items = items;
    }

    /** @return the request member that carries the token, such as {@code nextToken} */
    public String inputToken() {
        return inputToken;
    }

    /** @return the response member that carries the next page's token */
    public String outputToken() {
        return outputToken;
    }

    /** @return the request member that sets the page size, such as {@code maxResults}, or null */
    public @Nullable String limitKey() {
        return limitKey;
    }

    /** @return the response member that holds the page's items, such as {@code items} */
    public String resultKey() {
        return resultKey;
    }

    /**
     * @param request a request
     * @return the token it asks for, null for the first page
     */
    public @Nullable String token(I request) {
        return token.apply(request);
    }

    /**
     * @param request a request
     * @param token the token of the page to ask for
     * @return a copy of the request asking for that page
     */
    public I withToken(I request, @Nullable String token) {
        return withToken.apply(request, token);
    }

    /**
     * @param response a page
     * @return the token of the next page, null (or empty) after the last
     */
    public @Nullable String nextToken(O response) {
        return nextToken.apply(response);
    }

    /**
     * @param response a page
     * @return its items, empty when it has none
     */
    public List<T> items(O response) {
        List<T> page = items.apply(response);
        return page == null ? List.of() : page;
    }
}
