package dev.microvms.sdk.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Turns the {@code endpoint} of a MicroVM (a host name without scheme) into a URL: https for the
 * service's {@code <uuid>.lambda-microvm.<region>.on.aws}, http for a loopback address such as the
 * emulator's {@code 127.0.0.1:<port>}, which serves plain HTTP.
 */
public final class EndpointAddress {
    private EndpointAddress() {}

    /**
     * Makes the base URL.
     *
     * @param endpoint the endpoint as GetMicrovm returns it; a URL with a scheme is taken as it is
     * @return the URL, without a trailing slash
     */
    public static URI baseUri(String endpoint) {
        String trimmed = endpoint.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String text =
                trimmed.contains("://") ? trimmed : (isLoopback(hostOf(trimmed)) ? "http://" : "https://") + trimmed;
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MicrovmsClientException(
                    "The MicroVM's endpoint '" + endpoint + "' is not a host name or"
                            + " URL; it should look like <uuid>.lambda-microvm.<region>.on.aws or 127.0.0.1:<port>.",
                    e);
        }
    }

    /**
     * Makes the WebSocket URL of a path: ws for http, wss for https.
     *
     * @param base the base URL
     * @param path the path, from {@code /}, with its query if any
     * @return the URL
     */
    public static URI webSocketUri(URI base, String path) {
        String scheme = base.getScheme().equalsIgnoreCase("http") ? "ws" : "wss";
        return URI.create(scheme + "://" + base.getRawAuthority() + path);
    }

    /**
     * Tells whether a host is this machine.
     *
     * @param host a host name or address, IPv6 in brackets or not
     * @return true for localhost, 127.0.0.0/8 and ::1
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.indexOf(':');
        int slash = authority.indexOf('/');
        int end = colon >= 0 ? colon : (slash >= 0 ? slash : authority.length());
        return authority.substring(0, end);
    }
}
