package dev.microvms.sdk;

/** How a {@link Sandbox} reaches inside a MicroVM for exec and files. */
public enum SandboxTransport {
    /**
     * The agent when the image declares one (its environment variable {@value
     * Sandbox#AGENT_PORT_VARIABLE}), else the shell.
     */
    AUTO,
    /**
     * The service's shell (CreateMicrovmShellAuthToken and its WebSocket): no change to the image, but the
     * MicroVM must run with the SHELL_INGRESS network connector, and the image needs a POSIX shell and
     * coreutils.
     */
    SHELL,
    /**
     * The guest library's agent ({@code MicrovmGuest.builder().agent()}), reached through the endpoint with
     * an ordinary auth token for its port: faster, and raw TCP forwarding.
     */
    AGENT
}
