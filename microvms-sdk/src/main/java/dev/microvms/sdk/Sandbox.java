package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.sdk.internal.forward.HttpForwarder;
import dev.microvms.sdk.internal.forward.TcpForwarder;
import dev.microvms.sdk.internal.sandbox.AgentTransport;
import dev.microvms.sdk.internal.sandbox.OutputBuffer;
import dev.microvms.sdk.internal.sandbox.ShellTransport;
import dev.microvms.sdk.internal.sandbox.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands, files and ports of a running MicroVM, through the service's own channels only: the shell
 * (CreateMicrovmShellAuthToken; needs the SHELL_INGRESS connector, no change to the image) or the guest
 * library's agent (an ordinary auth token for the agent's port; the image enables it). By default the
 * agent is used when the image declares it in its environment variable {@value #AGENT_PORT_VARIABLE},
 * else the shell. {@link Microvm#exec}, {@link Microvm#files()} and {@link Microvm#portForward} use the
 * MicroVM's default sandbox.
 *
 * <pre>{@code
 * ExecResult r = microvm.exec("ls", "-l", "/app");
 * System.out.println(r.exitCode() + " " + r.stdoutAsString());
 * microvm.files().upload(Path.of("data"), "/tmp/data");
 * try (PortForward forward = microvm.portForward(8080, 8080)) {
 *     // curl http://127.0.0.1:8080/ reaches the app, no headers needed
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls may run at once, each on a connection of its own. Closing it closes the shell
 * sessions it keeps (a port forward is closed on its own, or with the endpoint); a call after that opens
 * what it needs again. Closing the endpoint it came from closes it too.
 */
public final class Sandbox implements AutoCloseable {
    /**
     * The image's environment variable that declares the guest agent's port; the guest library reads it
     * in {@code MicrovmGuest.builder().agent()}, and the SDK reads it from GetMicrovmImageVersion.
     */
    public static final String AGENT_PORT_VARIABLE = "LAMBDA_MICROVMS_AGENT_PORT";

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final SdkContext ctx;
    private final Microvm microvm;
    private final Endpoint endpoint;
    private final SandboxOptions options;
    private final MicrovmFiles files;
    private @Nullable Transport transport;

    Sandbox(SdkContext ctx, Microvm microvm, Endpoint endpoint, SandboxOptions options) {
        this.ctx = ctx;
        this.microvm = microvm;
        this.endpoint = endpoint;
        this.options = options;
        this.files = new MicrovmFiles(this::transportOrOpen, microvm.id());
    }

    /** @return the MicroVM */
    public String microvmId() {
        return microvm.id();
    }

    /**
     * Decides the transport, when not done yet (for AUTO: one GetMicrovmImageVersion call).
     *
     * @return SHELL or AGENT
     */
    public SandboxTransport transport() {
        return transportOrOpen().kind();
    }

    /**
     * Runs a program with its arguments (no shell) and waits for it.
     *
     * @param command the program and its arguments
     * @return the exit code and the output
     * @throws ExecException when it cannot start (COMMAND_NOT_FOUND)
     */
    public ExecResult exec(String... command) {
        return exec(ExecRequest.of(command));
    }

    /**
     * Runs a command and waits for it, keeping its output (up to the request's maxOutputBytes).
     *
     * @param request the command
     * @return the exit code and the output; a non-zero exit code is a result, unless the request asks
     *     otherwise
     * @throws ExecException when it cannot start, times out, writes too much, or exits non-zero when asked
     *     to fail then; with what it wrote so far
     */
    public ExecResult exec(ExecRequest request) {
        OutputBuffer buffer = new OutputBuffer(request.maxOutputBytes());
        return run(request, buffer, buffer);
    }

    /**
     * Runs a command and waits for it, handing its output to a listener as it comes: for long commands and
     * large output.
     *
     * @param request the command
     * @param listener gets stdout and stderr, chunk by chunk
     * @return the exit code (the output is the listener's)
     * @throws ExecException when it cannot start, times out, or exits non-zero when asked to fail then
     */
    public ExecResult exec(ExecRequest request, ExecListener listener) {
        Objects.requireNonNull(listener, "listener == null");
        return run(request, listener, null);
    }

    private ExecResult run(ExecRequest request, ExecListener listener, @Nullable OutputBuffer buffer) {
        Transport t = transportOrOpen();
        long start = System.nanoTime();
        int exit;
        try {
            exit = t.exec(request, listener);
        } catch (ExecException e) {
            throw e.result().isPresent()
                            || buffer == null
                            || e.reason() == ExecException.Reason.COMMAND_NOT_FOUND
                            || e.reason() == ExecException.Reason.WORKING_DIRECTORY_NOT_FOUND
                    ? e
                    : new ExecException(
                            e.reason(), e.microvmId(), e.command(), result(-1, buffer, start, t), e.getMessage());
        } catch (OutputBuffer.TooLarge e) {
            throw new ExecException(
                    ExecException.Reason.OUTPUT_TOO_LARGE,
                    microvm.id(),
                    request.describe(),
                    result(-1, Objects.requireNonNull(buffer), start, t),
                    "`" + request.describe() + "` wrote more than " + request.maxOutputBytes() + " bytes to "
                            + e.stream() + " in " + microvm.id() + " and was stopped. Raise"
                            + " ExecRequest.maxOutputBytes, or stream the output with exec(request, listener).");
        }
        ExecResult result = result(exit, buffer, start, t);
        if (exit != 0 && request.failOnNonZeroExit()) {
            throw new ExecException(
                    ExecException.Reason.NON_ZERO_EXIT,
                    microvm.id(),
                    request.describe(),
                    result,
                    "`" + request.describe() + "` exited with " + exit + " in " + microvm.id()
                            + tail(result.stderrAsString()));
        }
        return result;
    }

    private static ExecResult result(int exit, @Nullable OutputBuffer buffer, long start, Transport t) {
        byte[] none = new byte[0];
        return new ExecResult(
                exit,
                buffer == null ? none : buffer.stdout(),
                buffer == null ? none : buffer.stderr(),
                Duration.ofNanos(System.nanoTime() - start),
                t.kind());
    }

    private static String tail(String stderr) {
        String s = stderr.strip();
        if (s.isEmpty()) {
            return ".";
        }
        return "; stderr: " + (s.length() > 1000 ? "..." + s.substring(s.length() - 1000) : s);
    }

    /**
     * Forwards a port on 127.0.0.1 to a port of the MicroVM over HTTP and WebSocket, through the endpoint:
     * each request gets the endpoint's host, a current token and the port, and is sent again while the
     * endpoint answers 502 (an auto-resume), so a browser or curl here needs no headers. Works with either
     * transport, and with neither.
     *
     * @param localPort the local port, or 0 for any free one
     * @param remotePort the MicroVM's port
     * @return the forward; close it to stop
     * @throws UncheckedIOException when the local port cannot be bound
     */
    public PortForward portForward(int localPort, int remotePort) {
        return portForward(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(localPort, true)), remotePort);
    }

    /**
     * Forwards a local address to a port of the MicroVM over HTTP and WebSocket. Anyone who can reach the
     * address reaches the app with this program's tokens: bind a loopback address unless that is meant.
     *
     * @param local the local address and port (port 0 for any free one)
     * @param remotePort the MicroVM's port
     * @return the forward; close it to stop
     * @throws UncheckedIOException when the local address cannot be bound
     */
    public PortForward portForward(InetSocketAddress local, int remotePort) {
        checkPort(remotePort, false);
        EndpointOptions o = endpoint.options();
        try {
            HttpForwarder forwarder = new HttpForwarder(
                    local,
                    endpoint.uri(),
                    remotePort,
                    endpoint::token,
                    ctx.sleeper,
                    o.badGatewayAttempts(),
                    o.badGatewayBackoff(),
                    o.requestTimeout());
            return track(new PortForwardHandle(forwarder.localAddress(), remotePort, false, forwarder));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not listen on " + local + " to forward it to port " + remotePort + " of " + microvm.id()
                            + ": " + e.getMessage() + ". Choose another local port, or 0 for any.",
                    e);
        }
    }

    /**
     * Forwards a port on 127.0.0.1 to a port inside the MicroVM as raw TCP (any protocol: databases, SSH,
     * gRPC without TLS), each connection over a WebSocket to the guest agent. Needs the agent.
     *
     * @param localPort the local port, or 0 for any free one
     * @param remotePort the port inside the MicroVM, on its loopback
     * @return the forward; close it to stop
     * @throws MicrovmsClientException when the image has no agent
     */
    public PortForward tcpForward(int localPort, int remotePort) {
        checkPort(remotePort, false);
        Transport t = transportOrOpen();
        if (!(t instanceof AgentTransport agent)) {
            throw new MicrovmsClientException("A TCP forward into " + microvm.id() + " needs the guest library's"
                    + " agent, and its image declares none (" + AGENT_PORT_VARIABLE + " in its environment). The"
                    + " shell carries no raw TCP; use portForward for HTTP and WebSocket, which needs neither.");
        }
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(localPort, true));
        try {
            TcpForwarder forwarder =
                    new TcpForwarder(local, remotePort, listener -> agent.tunnel(remotePort, listener));
            return track(new PortForwardHandle(forwarder.localAddress(), remotePort, true, forwarder));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not listen on " + local + ": " + e.getMessage()
                            + ". Choose another local port, or 0 for any.",
                    e);
        }
    }

    private record PortForwardHandle(InetSocketAddress address, int remotePort, boolean tcp, AutoCloseable listener) {}

    private PortForward track(PortForwardHandle h) {
        PortForward[] self = new PortForward[1];
        self[0] = new PortForward(
                microvm.id(), h.address(), h.remotePort(), h.tcp(), h.listener(), () -> endpoint.untrack(self[0]));
        endpoint.track(self[0]);
        return self[0];
    }

    private static int checkPort(int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
            throw new IllegalArgumentException("The port " + port + " is not a port; give 1-65535"
                    + (zeroAllowed ? ", or 0 for any free one" : "") + ".");
        }
        return port;
    }

    /** @return the MicroVM's files: upload, download, list, stat, delete */
    public MicrovmFiles files() {
        return files;
    }

    /** Closes the shell sessions kept for later calls; a later call opens what it needs again. */
    @Override
    public void close() {
        Transport t;
        synchronized (this) {
            t = transport;
            transport = null;
        }
        if (t != null) {
            t.close();
        }
    }

    @Override
    public String toString() {
        Transport t = transport;
        return "Sandbox[" + microvm.id() + ", " + (t == null ? options.transport() : t.kind()) + "]";
    }

    private synchronized Transport transportOrOpen() {
        if (transport == null) {
            transport = open();
            endpoint.track(this);
        }
        return transport;
    }

    private Transport open() {
        Integer agentPort =
                options.agentPort().isPresent() ? options.agentPort().getAsInt() : null;
        switch (options.transport()) {
            case SHELL:
                return shell();
            case AGENT:
                if (agentPort == null) {
                    agentPort = declaredAgentPort();
                }
                if (agentPort == null) {
                    throw new MicrovmsClientException("The image of " + microvm.id() + " declares no agent: its"
                            + " environment has no " + AGENT_PORT_VARIABLE + ". Set it to the agent's port in the"
                            + " image's environment (microvm.yml image.environment) and enable the agent with"
                            + " MicrovmGuest.builder().agent(), or give the port with SandboxOptions.agentPort.");
                }
                return agent(agentPort);
            case AUTO:
            default:
                if (agentPort == null) {
                    agentPort = declaredAgentPort();
                }
                return agentPort == null ? shell() : agent(agentPort);
        }
    }

    private @Nullable Integer declaredAgentPort() {
        Map<String, String> env;
        try {
            env = microvm.version().data().environmentVariables();
        } catch (MicrovmsException e) {
            LOG.debug("Could not read the image version of {} to find its agent; using the shell", microvm.id(), e);
            return null;
        }
        String value = env == null ? null : env.get(AGENT_PORT_VARIABLE);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new MicrovmsClientException("The image of " + microvm.id() + " sets " + AGENT_PORT_VARIABLE + "=" + value
                + ", which is not a port; set it to the agent's port, such as 7000.");
    }

    private Transport shell() {
        return new ShellTransport(this::openShell, microvm.id(), options.shellStartTimeout(), options.shellSessions());
    }

    private ShellSession openShell() {
        try {
            return endpoint.shell();
        } catch (MicrovmsServiceException e) {
            throw new MicrovmsClientException(
                    "Exec and files on " + microvm.id() + " go through its shell, which the service refused: "
                            + e.getMessage() + " Run the MicroVM with the SHELL_INGRESS network connector"
                            + " (microvm.yml run.ingress), or enable the guest library's agent"
                            + " (MicrovmGuest.builder().agent() and " + AGENT_PORT_VARIABLE
                            + " in the image's environment).",
                    e);
        }
    }

    private Transport agent(int port) {
        Endpoint onAgent = endpoint.onPort(port);
        return new AgentTransport(
                microvm.id(),
                onAgent.http(),
                onAgent.uri(),
                port,
                (path, listener) -> onAgent.webSocket(path, listener),
                onAgent.options().requestTimeout());
    }
}
