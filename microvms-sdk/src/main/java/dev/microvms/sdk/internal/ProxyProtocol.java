package dev.microvms.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The names the MicroVM endpoint's proxy reads: its headers and its WebSocket subprotocols. */
public final class ProxyProtocol {
    /** The header carrying the token. */
    public static final String AUTH_HEADER = "X-aws-proxy-auth";

    /** The header naming the port to forward to (else 8080). */
    public static final String PORT_HEADER = "X-aws-proxy-port";

    /** The subprotocol that marks a WebSocket as carrying proxy subprotocols. */
    public static final String SUBPROTOCOL = "lambda-microvms";

    /** The prefix of the subprotocol carrying the token. */
    public static final String AUTH_SUBPROTOCOL_PREFIX = "lambda-microvms.authentication.";

    /** The prefix of the subprotocol naming the port. */
    public static final String PORT_SUBPROTOCOL_PREFIX = "lambda-microvms.port.";

    private ProxyProtocol() {}

    /**
     * The subprotocols a WebSocket offers: the proxy's, then the app's own.
     *
     * @param token the token
     * @param port the port, or null to leave it to the proxy (the shell)
     * @param appSubprotocols the app's subprotocols, passed through by the proxy
     * @return the subprotocols, in order
     */
    public static List<String> subprotocols(String token, @Nullable Integer port, List<String> appSubprotocols) {
        List<String> all = new ArrayList<>();
        all.add(SUBPROTOCOL);
        all.add(AUTH_SUBPROTOCOL_PREFIX + token);
        if (port != null) {
            all.add(PORT_SUBPROTOCOL_PREFIX + port);
        }
        all.addAll(appSubprotocols);
        return all;
    }
}
