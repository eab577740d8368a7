package dev.microvms.model;

/**
 * The ports an auth token opens: a union of which exactly one member is set on the wire, {@code
 * {"port":8080}}, {@code {"range":{"startPort":8000,"endPort":8100}}} or {@code {"allPorts":{}}}.
 *
 * <pre>{@code
 * List<AllowedPort> ports = List.of(AllowedPort.port(8080), AllowedPort.range(9000, 9010));
 * }</pre>
 */
public sealed interface AllowedPort
        permits AllowedPort.Port, AllowedPort.Range, AllowedPort.AllPorts, AllowedPort.Unknown {

    /**
     * Opens one port.
     *
     * @param port the port, 1-65535
     * @return the union with its {@code port} member set
     */
    static AllowedPort port(int port) {
        return new Port(port);
    }

    /**
     * Opens an inclusive range of ports.
     *
     * @param startPort the first port
     * @param endPort the last port
     * @return the union with its {@code range} member set
     */
    static AllowedPort range(int startPort, int endPort) {
        return new Range(new PortRange(startPort, endPort));
    }

    /**
     * Opens every port.
     *
     * @return the union with its {@code allPorts} member set
     */
    static AllowedPort allPorts() {
        return new AllPorts();
    }

    /**
     * Tells whether this member opens a port.
     *
     * @param candidate the port a request is for
     * @return true when the token lets requests reach it
     */
    boolean allows(int candidate);

    /**
     * The {@code port} member.
     *
     * @param port the port
     */
    record Port(int port) implements AllowedPort {
        @Override
        public boolean allows(int candidate) {
            return candidate == port;
        }
    }

    /**
     * The {@code range} member.
     *
     * @param range the inclusive range
     */
    record Range(PortRange range) implements AllowedPort {
        @Override
        public boolean allows(int candidate) {
            return candidate >= range.startPort() && candidate <= range.endPort();
        }
    }

    /** The {@code allPorts} member. */
    record AllPorts() implements AllowedPort {
        @Override
        public boolean allows(int candidate) {
            return true;
        }
    }

    /**
     * A member this version of the client does not know; it opens nothing.
     *
     * @param member the member's name on the wire
     */
    record Unknown(String member) implements AllowedPort {
        @Override
        public boolean allows(int candidate) {
            return false;
        }
    }
}
