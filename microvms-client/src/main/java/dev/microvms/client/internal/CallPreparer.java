package dev.microvms.client.internal;

import dev.microvms.model.wire.OperationBinding;
import java.util.UUID;

/**
 * What every call does once, before its first attempt: fill the idempotency token (so that every attempt
 * carries the same one), check the request, and marshal it.
 */
public final class CallPreparer {
    private final Marshaller marshaller;

    /** @param marshaller turns requests into HTTP requests */
    public CallPreparer(Marshaller marshaller) {
        this.marshaller = marshaller;
    }

    /**
     * Prepares a call.
     *
     * @param operation the operation's binding
     * @param request the request
     * @param <I> the request type
     * @return the unsigned HTTP request
     * @throws dev.microvms.client.exception.InvalidRequestException when the service would refuse it
     */
    public <I> WireRequest prepare(OperationBinding<I, ?> operation, I request) {
        I filled =
                operation.withIdempotencyToken(request, () -> UUID.randomUUID().toString());
        RequestChecks.check(operation, filled);
        return marshaller.marshal(operation, filled);
    }
}
