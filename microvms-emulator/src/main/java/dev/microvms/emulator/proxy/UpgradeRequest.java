package dev.microvms.emulator.proxy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The head of a WebSocket handshake, as the proxy parsed it, for the party that answers it. */
public interface UpgradeRequest {

    /**
     * @param name a header name, in any case
     * @return the first value of the header, or null when the request has none
     */
    @Nullable
    String header(String name);

    /** @return the subprotocols the client offered ({@code Sec-WebSocket-Protocol}), in order */
    List<String> protocols();
}
