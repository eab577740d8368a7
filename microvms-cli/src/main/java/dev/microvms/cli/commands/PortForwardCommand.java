package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.PortForward;
import dev.microvms.sdk.Sandbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code port-forward}: a local port to a MicroVM's port, until Ctrl-C. */
@Command(
        name = "port-forward",
        mixinStandardHelpOptions = true,
        description = {
            "Forward a local port to a port of a MicroVM until Ctrl-C. HTTP and WebSocket go through the endpoint"
                    + " with a fresh token and the port added to each request, so a browser or curl here needs no"
                    + " headers; a resuming MicroVM's 502s are waited out.",
            "--tcp carries raw TCP instead (databases, SSH), over the guest library's agent, which the image must"
                    + " declare (LAMBDA_MICROVMS_AGENT_PORT).",
            "Examples: port-forward microvm-1 8080    port-forward microvm-1 9000:8080    port-forward --tcp"
                    + " microvm-1 5432:5432",
        },
        sortOptions = false)
public final class PortForwardCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "MICROVM-ID", description = "The MicroVM's id.")
    String microvmId = "";

    @Parameters(
            index = "1",
            paramLabel = "[LOCAL:]REMOTE",
            description = "The local port (0 for any free one) and the MicroVM's port; one number forwards the same"
                    + " port.")
    String ports = "";

    @Option(names = "--tcp", description = "Raw TCP over the guest agent instead of HTTP through the endpoint.")
    boolean tcp;

    @Option(
            names = "--address",
            paramLabel = "ADDRESS",
            description = "The local address to listen on (default: ${DEFAULT-VALUE}). Anyone who reaches it reaches"
                    + " the app with your token.")
    String address = "127.0.0.1";

    /** @param context this run's context */
    public PortForwardCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int[] pair = parse(ports);
        InetAddress local;
        try {
            local = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new UsageException("--address " + address + " is not an address of this machine.");
        }
        if (tcp && !local.isLoopbackAddress()) {
            throw new UsageException("--tcp listens on the loopback only; drop --address.");
        }
        try (Microvms microvms = connection.open(context)) {
            Sandbox sandbox = microvms.microvm(microvmId).sandbox();
            try (PortForward forward = tcp
                    ? sandbox.tcpForward(pair[0], pair[1])
                    : sandbox.portForward(new InetSocketAddress(local, pair[0]), pair[1])) {
                context.err()
                        .println("Forwarding " + (tcp ? "tcp://" : "http://")
                                + forward.localAddress().getAddress().getHostAddress() + ":" + forward.localPort()
                                + " to "
                                + microvmId + " port " + pair[1] + (tcp ? " over the agent" : "") + ". Ctrl-C stops.");
                context.err().flush();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCodes.OK;
    }

    static int[] parse(String ports) {
        String[] parts = ports.split(":", -1);
        try {
            if (parts.length == 1) {
                int p = Integer.parseInt(parts[0]);
                return check(new int[] {p, p});
            }
            if (parts.length == 2) {
                return check(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("'" + ports + "' is not LOCAL:REMOTE ports; write it as 8080, or 9000:8080.");
    }

    private static int[] check(int[] pair) {
        if (pair[0] < 0 || pair[0] > 65_535 || pair[1] < 1 || pair[1] > 65_535) {
            throw new UsageException("Ports go from 1 to 65535 (the local one may be 0 for any free port), not "
                    + pair[0] + ":" + pair[1] + ".");
        }
        return pair;
    }
}
