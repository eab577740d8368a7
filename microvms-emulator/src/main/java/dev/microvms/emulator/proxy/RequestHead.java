package dev.microvms.emulator.proxy;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * The head of one request as the parser read it (its fields in order, names as received), edited by the
 * proxy (its own headers and subprotocols taken out) and written on to the app.
 */
final class RequestHead implements UpgradeRequest {
    static final String AUTH_HEADER = "X-aws-proxy-auth";
    static final String PORT_HEADER = "X-aws-proxy-port";
    private static final String PROTOCOL = "lambda-microvms";
    private static final String AUTH_PROTOCOL = "lambda-microvms.authentication.";
    private static final String PORT_PROTOCOL = "lambda-microvms.port.";
    private static final int DEFAULT_PORT = 8080;

    String method = "";
    String uri = "";
    HttpVersion version = HttpVersion.HTTP_1_1;
    final List<HttpField> fields = new ArrayList<>();

    void clear() {
        method = "";
        uri = "";
        version = HttpVersion.HTTP_1_1;
        fields.clear();
    }

    @Override
    public @Nullable String header(String name) {
        return header(fields, name);
    }

    /** @return true when a header's comma-separated values hold the token, ignoring case */
    boolean hasToken(String name, String token) {
        return hasToken(fields, name, token);
    }

    @Override
    public List<String> protocols() {
        List<String> protocols = new ArrayList<>();
        for (HttpField f : fields) {
            if (f.is("Sec-WebSocket-Protocol")) {
                for (String p : f.getValue().split(",")) {
                    String trimmed = p.trim();
                    if (!trimmed.isEmpty()) {
                        protocols.add(trimmed);
                    }
                }
            }
        }
        return protocols;
    }

    void remove(String name) {
        fields.removeIf(f -> f.is(name));
    }

    void set(String name, String value) {
        remove(name);
        fields.add(new HttpField(name, value));
    }

    /** @return true for a WebSocket handshake */
    boolean websocket() {
        return hasToken("Upgrade", "websocket");
    }

    /** @return the token: the header, else the subprotocol; null when there is neither */
    @Nullable
    String token(List<String> protocols) {
        String token = header(AUTH_HEADER);
        return token != null ? token : fromProtocols(protocols, AUTH_PROTOCOL);
    }

    /** @return the target port: the header, else the subprotocol, else 8080; null when it is not a port */
    @Nullable
    Integer port(List<String> protocols) {
        String value = header(PORT_HEADER);
        if (value == null) {
            value = fromProtocols(protocols, PORT_PROTOCOL);
        }
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int number = Integer.parseInt(value.trim());
            return number >= 1 && number <= 65_535 ? number : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Takes out the proxy's headers, and its subprotocols from a WebSocket handshake's. */
    void stripProxyHeaders(List<String> protocols) {
        remove(AUTH_HEADER);
        remove(PORT_HEADER);
        if (protocols.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String p : protocols) {
            if (!p.equals(PROTOCOL) && !p.startsWith(AUTH_PROTOCOL) && !p.startsWith(PORT_PROTOCOL)) {
                kept.add(p);
            }
        }
        remove("Sec-WebSocket-Protocol");
        if (!kept.isEmpty()) {
            set("Sec-WebSocket-Protocol", String.join(", ", kept));
        }
    }

    private static @Nullable String fromProtocols(List<String> protocols, String prefix) {
        for (String p : protocols) {
            if (p.startsWith(prefix)) {
                return p.substring(prefix.length());
            }
        }
        return null;
    }

    boolean http10() {
        return version == HttpVersion.HTTP_1_0;
    }

    void write(Output out) {
        out.putText(method);
        out.putText(" ");
        out.putUtf8(uri); // the parser read the target as UTF-8
        out.putText(" ");
        out.putText(version.asString());
        out.crlf();
        writeFields(fields, out);
    }

    static @Nullable String header(List<HttpField> fields, String name) {
        for (HttpField f : fields) {
            if (f.is(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    static boolean hasToken(List<HttpField> fields, String name, String token) {
        for (HttpField f : fields) {
            if (f.is(name) && f.contains(token)) {
                return true;
            }
        }
        return false;
    }

    /** Writes fields as {@code Name: value} lines and the blank line that ends a head. */
    static void writeFields(List<HttpField> fields, Output out) {
        for (HttpField f : fields) {
            out.putText(f.getName());
            out.putText(": ");
            out.putText(f.getValue() == null ? "" : f.getValue());
            out.crlf();
        }
        out.crlf();
    }
}
