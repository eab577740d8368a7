package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Reads EXPOSE's port specifications: {@code 8080}, {@code 8080/tcp}, {@code 9000/udp}, {@code 8000-8002}. */
final class Ports {

    private static final int MAX_RANGE = 1024;

    private Ports() {}

    static List<ExposedPort> parse(String spec, int line) {
        String protocol = "tcp";
        String ports = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            ports = spec.substring(0, slash);
        }
        if (ports.contains(":")) {
            throw new DockerfileException(
                    line,
                    "EXPOSE " + spec + " maps a port, which EXPOSE cannot do: write" + " EXPOSE "
                            + ports.substring(ports.lastIndexOf(':') + 1) + " and choose host ports when running");
        }
        try {
            int dash = ports.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1));
            if (last < first || last - first >= MAX_RANGE) {
                throw new DockerfileException(
                        line,
                        "invalid port range " + ports + " in EXPOSE: write low-high with at" + " most " + MAX_RANGE
                                + " ports");
            }
            List<ExposedPort> exposed = new ArrayList<>();
            for (int port = first; port <= last; port++) {
                exposed.add(new ExposedPort(port, protocol));
            }
            return exposed;
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(
                    line,
                    "invalid port " + spec + " in EXPOSE: " + e.getMessage()
                            + "; write a number such as 8080, or 8080/tcp, 9000/udp",
                    e);
        }
    }
}
