package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.internal.Acceptor;
import dev.microvms.sdk.internal.WaiterDefinition;
import dev.microvms.sdk.internal.WaiterOutcome;
import dev.microvms.sdk.internal.WaiterTiming;
import java.util.List;

/** Polls an app's readiness path through the endpoint until it answers 2xx, with the waiter's machinery. */
final class Readiness {
    private static final int NO_ANSWER = 0;

    private Readiness() {}

    static void await(SdkContext ctx, Endpoint endpoint, String path, WaiterOptions options) {
        WaiterDefinition<Integer> serving = new WaiterDefinition<>(
                "serving GET " + path,
                status -> status == NO_ANSWER ? "no answer" : "HTTP " + status,
                status -> null,
                List.of(Acceptor.when(WaiterOutcome.SUCCESS, status -> status >= 200 && status < 300)),
                WaiterTiming.READINESS);
        ctx.waiter.await(
                "the app of MicroVM " + endpoint.microvmId() + " on port " + endpoint.port(),
                serving,
                () -> poll(endpoint, path),
                status -> null,
                ctx.waiterOptions(options));
    }

    private static int poll(Endpoint endpoint, String path) {
        try {
            return endpoint.send(EndpointRequest.get(path)).statusCode();
        } catch (MicrovmsClientException e) {
            // Not listening yet, or the connection dropped: the app is not ready.
            return NO_ANSWER;
        }
    }
}
