package dev.microvms.emulator.core.dockerfile;

import java.util.Locale;

/**
 * A port of an EXPOSE instruction.
 *
 * @param port the port number, 1 to 65535
 * @param protocol {@code tcp} (the default), {@code udp} or {@code sctp}
 */
public record ExposedPort(int port, String protocol) {

    /** Checks the values. */
    public ExposedPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 1 to 65535");
        }
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new IllegalArgumentException("unknown protocol " + protocol + ": use tcp, udp or sctp");
        }
    }

    /** Returns {@code 8080/tcp}, as Docker writes it. */
    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
