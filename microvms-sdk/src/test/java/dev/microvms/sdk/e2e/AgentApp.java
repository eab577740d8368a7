package dev.microvms.sdk.e2e;

import dev.microvms.emulator.testapp.CounterApp;
import dev.microvms.guest.MicrovmGuest;

/**
 * The test app with the guest library's agent: the counter app (hooks on 9000, HTTP on 8080, WebSocket echo
 * on 8081) and the agent on the port the image's LAMBDA_MICROVMS_AGENT_PORT names.
 */
public final class AgentApp {
    private AgentApp() {}

    public static void main(String[] args) throws Exception {
        // The counter app answers the hooks itself; this guest only serves the agent (its hooks port is idle).
        MicrovmGuest.builder().port(9100).agent().start();
        CounterApp.main(args);
    }
}
