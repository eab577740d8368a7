package dev.microvms.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * The admission check of a MicroVM's endpoint, as the service's proxy makes it: the token, its MicroVM,
 * expiry and ports, shell or HTTP, the MicroVM's state and ingress connectors. The endpoint proxy asks it
 * for every request and only moves bytes; the control plane hands it to the runtime with each launch.
 */
public interface EndpointGate {

    /**
     * Decides one request, on the control plane's clock, without blocking; an admitted request counts as
     * activity for the MicroVM's idle policy.
     *
     * @param microvmId the MicroVM whose endpoint was called
     * @param token the {@code X-aws-proxy-auth} token (or the subprotocol's), null when none was sent
     * @param port the port asked for ({@code X-aws-proxy-port}, the subprotocol, else 8080), null when what
     *     was asked is not a port
     * @param websocket true for a WebSocket upgrade
     * @return what to do with the request
     */
    Admission admit(String microvmId, @Nullable String token, @Nullable Integer port, boolean websocket);

    /**
     * Resumes a MicroVM for traffic after {@link Admission#RESUME}, waiting for its resume hook; blocks, so
     * the proxy calls it off its event loop.
     *
     * @param microvmId the MicroVM
     * @return true when the MicroVM is RUNNING now
     * @throws InterruptedException when interrupted while it resumes
     */
    boolean resume(String microvmId) throws InterruptedException;

    /**
     * Counts traffic on a connection admitted earlier (a shell's keystrokes) for the idle policy.
     *
     * @param microvmId the MicroVM
     */
    void activity(String microvmId);
}
