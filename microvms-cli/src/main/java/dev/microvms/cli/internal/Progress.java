package dev.microvms.cli.internal;

import dev.microvms.sdk.WaiterOptions;
import dev.microvms.sdk.WaiterProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Waiter progress on stderr: a line each time the state changes, not each poll. */
public final class Progress {
    private Progress() {}

    /**
     * @param err where progress goes
     * @param local whether the endpoint is the emulator, which is polled at the SDK's fast loopback pace
     * @return waiter options that print each new state seen
     */
    public static WaiterOptions waiter(PrintWriter err, boolean local) {
        AtomicReference<String> last = new AtomicReference<>("");
        WaiterOptions.Builder b = WaiterOptions.builder().progressListener(p -> print(err, p, last));
        if (!local) {
            b.delay(Duration.ofSeconds(2));
        }
        return b.build();
    }

    private static void print(PrintWriter err, WaiterProgress p, AtomicReference<String> last) {
        String state = String.valueOf(p.state());
        if (state.equals(last.getAndSet(state))) {
            return;
        }
        err.println("  " + p.resource() + ": " + state + " (" + p.elapsed().toMillis() + " ms, waiting for "
                + p.target() + ")");
        err.flush();
    }
}
