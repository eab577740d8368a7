package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsException;
import java.net.URI;

/**
 * The endpoint answered a request with an error status: the app's own error, or the proxy's (403 when
 * the token does not open the port, 502 when nothing listens or the MicroVM is suspended or terminated).
 * It carries the status and the body, and its message says what the usual causes are.
 */
public final class EndpointException extends MicrovmsException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final String method;
    private final URI uri;
    private final int port;
    private final int statusCode;
    private final String body;

    /**
     * Creates the error.
     *
     * @param method the request's method
     * @param uri the request's URL
     * @param port the port the request went to
     * @param statusCode the status answered
     * @param body the body answered, as text
     * @param attempts how many attempts were made
     */
    public EndpointException(String method, URI uri, int port, int statusCode, String body, int attempts) {
        super(describe(method, uri, port, statusCode, body, attempts), null);
        this.method = method;
        this.uri = uri;
        this.port = port;
        this.statusCode = statusCode;
        this.body = body;
    }

    /** @return the request's method */
    public String method() {
        return method;
    }

    /** @return the request's URL */
    public URI uri() {
        return uri;
    }

    /** @return the port the request went to */
    public int port() {
        return port;
    }

    /** @return the HTTP status */
    public int statusCode() {
        return statusCode;
    }

    /** @return the body, as text */
    public String body() {
        return body;
    }

    private static String describe(String method, URI uri, int port, int status, String body, int attempts) {
        String shown = body.length() > MAX_BODY_IN_MESSAGE ? body.substring(0, MAX_BODY_IN_MESSAGE) + "..." : body;
        StringBuilder s = new StringBuilder()
                .append(method)
                .append(' ')
                .append(uri)
                .append(" (port ")
                .append(port)
                .append(") answered ")
                .append(status);
        if (attempts > 1) {
            s.append(" after ").append(attempts).append(" attempts");
        }
        s.append(shown.isBlank() ? " with an empty body" : ": " + shown.strip());
        String hint = hint(status, body, port);
        if (!hint.isEmpty()) {
            s.append(". ").append(hint);
        }
        return s.toString();
    }

    private static String hint(int status, String body, int port) {
        if (status == 403 && body.contains("Access to port denied")) {
            return "The token does not open port " + port + "; use the Endpoint's own tokens, or list the port in"
                    + " EndpointOptions.sharedTokenPorts.";
        }
        if (status == 403 && body.contains("Request missing authentication")) {
            return "The proxy got no valid X-aws-proxy-auth token.";
        }
        if (status == 403 && body.contains("Token authentication failed")) {
            return "The token belongs to another MicroVM or has expired.";
        }
        if (status == 502) {
            return "Nothing answered on port " + port + ": check that the app listens on 0.0.0.0:" + port
                    + ", and that the MicroVM is RUNNING (a SUSPENDED one without auto-resume, or a TERMINATED"
                    + " one, answers 502).";
        }
        return "";
    }
}
