package dev.microvms.emulator.core;

/**
 * What the endpoint proxy does with one request, as {@link EndpointGate#admit} decides it: forward it to a
 * port of the app, open the shell, refuse it with the service's answer, or resume the MicroVM first.
 */
public sealed interface Admission {
    /** The shell's WebSocket: the proxy answers the handshake and runs a terminal inside the MicroVM. */
    Admission SHELL = new Shell();

    /** The MicroVM is suspended and its idle policy resumes it on traffic: {@link EndpointGate#resume} it, then ask again. */
    Admission RESUME = new Resume();

    /**
     * Forward the request to the app.
     *
     * @param port the app's port inside the MicroVM
     */
    record Forward(int port) implements Admission {}

    /** Open the shell. */
    final class Shell implements Admission {
        private Shell() {}

        @Override
        public String toString() {
            return "Shell";
        }
    }

    /** Resume the MicroVM, then ask again. */
    final class Resume implements Admission {
        private Resume() {}

        @Override
        public String toString() {
            return "Resume";
        }
    }

    /**
     * Answer at once, as the service's proxy does, and close the connection.
     *
     * @param status the HTTP status
     * @param text the body, {@code text/plain}; empty for a 502
     */
    record Refuse(int status, String text) implements Admission {
        /** No token, or one the emulator did not sign. */
        public static final Refuse MISSING = new Refuse(403, "Request missing authentication");
        /** Another MicroVM's token, or an expired one. */
        public static final Refuse FAILED = new Refuse(403, "Token authentication failed");
        /** A port the token does not open, a shell token over plain HTTP, or no port at all. */
        public static final Refuse PORT_DENIED = new Refuse(403, "Access to port denied");
        /** Nothing can be reached: terminated, suspended without auto-resume, or nothing listens. */
        public static final Refuse UNREACHABLE = new Refuse(502, "");
        /** The MicroVM was run with the NO_INGRESS connector. */
        public static final Refuse NO_INGRESS =
                new Refuse(403, "Ingress is denied: the MicroVM was run with the NO_INGRESS network connector");
    }
}
