package dev.microvms.client.internal;

import dev.microvms.client.PaginatedPublisher;
import dev.microvms.model.wire.Paginator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the items of a list operation, page by page: a page is fetched when the subscriber's demand
 * outruns the items held, never before. A page can be empty while a token follows (the service filters
 * after paging), so fetching goes on until a page comes without a token. Signals to the subscriber are
 * serialized by a drain loop, so a subscriber may request more from inside {@code onNext}.
 *
 * @param <P> the page (response) type
 * @param <T> the item type
 */
public final class DefaultPaginatedPublisher<P, T> implements PaginatedPublisher<T> {
    private final @Nullable String firstToken;
    private final Function<@Nullable String, CompletableFuture<P>> fetch;
    private final Function<P, @Nullable List<T>> items;
    private final Function<P, @Nullable String> nextToken;

    /**
     * @param firstToken the token of the first page, or null to start at the beginning
     * @param fetch fetches the page for a token
     * @param items the items of a page
     * @param nextToken the token of the page after a page, null on the last
     */
    public DefaultPaginatedPublisher(
            @Nullable String firstToken,
            Function<@Nullable String, CompletableFuture<P>> fetch,
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
     * @return the publisher
     */
    public static <I, O, T> DefaultPaginatedPublisher<O, T> of(
            I request, Paginator<I, O, T> paginator, Function<I, CompletableFuture<O>> call) {
        return new DefaultPaginatedPublisher<>(
                paginator.token(request),
                token -> call.apply(paginator.withToken(request, token)),
                paginator::items,
                paginator::nextToken);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber == null");
        Pages pages = new Pages(subscriber);
        subscriber.onSubscribe(pages);
    }

    /** One subscription: the items held, the demand, the page in flight. */
    private final class Pages implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final Queue<T> held = new ConcurrentLinkedQueue<>();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile @Nullable String token = firstToken;
        private volatile boolean lastFetched;
        private volatile boolean fetching;
        private volatile boolean cancelled;
        private volatile boolean done;
        private volatile @Nullable Throwable failure;
        private volatile @Nullable CompletableFuture<P> inFlight;

        Pages(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                failure =
                        new IllegalArgumentException("a subscriber must request a positive number of items, not " + n);
                lastFetched = true;
                held.clear();
            } else {
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            CompletableFuture<P> page = inFlight;
            if (page != null) {
                page.cancel(true);
            }
        }

        /** Delivers what demand and the held items allow, and fetches the next page when it is wanted. */
        private void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            do {
                if (done) {
                    return;
                }
                while (demand.get() > 0 && !cancelled) {
                    T item = held.poll();
                    if (item == null) {
                        break;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(item);
                }
                if (cancelled) {
                    held.clear();
                    done = true;
                    return;
                }
                if (held.isEmpty() && !fetching) {
                    Throwable error = failure;
                    if (error != null) {
                        done = true;
                        subscriber.onError(error);
                        return;
                    }
                    if (lastFetched) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    if (demand.get() > 0) {
                        fetchNext();
                    }
                }
            } while (work.decrementAndGet() != 0);
        }

        private void fetchNext() {
            fetching = true;
            String asked = token;
            CompletableFuture<P> page;
            try {
                page = fetch.apply(asked);
            } catch (RuntimeException e) {
                page = CompletableFuture.failedFuture(e);
            }
            inFlight = page;
            page.whenComplete((response, error) -> {
                if (error != null) {
                    failure =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                } else {
                    List<T> pageItems = items.apply(response);
                    if (pageItems != null) {
                        held.addAll(pageItems);
                    }
                    String next = nextToken.apply(response);
                    lastFetched = next == null || next.isEmpty() || next.equals(asked);
                    token = next;
                }
                inFlight = null;
                fetching = false;
                drain();
            });
        }
    }
}
