package dev.microvms.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The items of a list operation across all its pages, published as they are fetched: a page is requested
 * only when the subscriber asks for more items than the publisher holds, and each subscription starts
 * again from the first page. Errors end the subscription with the service's or the client's exception.
 *
 * <pre>{@code
 * client.listMicrovmsPaginator(r -> r.maxResults(50))
 *         .forEach(vm -> System.out.println(vm.microvmId()))
 *         .join();
 * }</pre>
 *
 * @param <T> the item type
 */
public interface PaginatedPublisher<T> extends Flow.Publisher<T> {

    /**
     * Subscribes with an action for every item, in order, taking each page as it comes.
     *
     * @param action what to do with each item; an exception it throws cancels the subscription and fails
     *     the result
     * @return completes when the last page is done, or fails with the error that ended it
     */
    default CompletableFuture<Void> forEach(Consumer<? super T> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        subscribe(new Flow.Subscriber<T>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                try {
                    action.accept(item);
                } catch (RuntimeException e) {
                    subscription.cancel();
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return done;
    }
}
