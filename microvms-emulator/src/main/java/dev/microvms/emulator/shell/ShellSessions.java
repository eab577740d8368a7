package dev.microvms.emulator.shell;

import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.proxy.ShellUpgrade;
import dev.microvms.emulator.proxy.UpgradeRequest;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell sessions of the endpoints: each admitted shell handshake is answered here (400 when it is not
 * a WebSocket handshake this server can accept, 502 when no terminal can be started in the MicroVM, 101
 * otherwise) and its session runs on threads of its own until the shell exits or the client leaves.
 */
public final class ShellSessions implements ShellUpgrade, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShellSessions.class);
    private static final int BUFFER = 16 * 1024;

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "shell");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(
            UpgradeRequest request, SocketChannel client, ByteBuffer received, GuestProcess guest, Runnable activity) {
        threads.execute(() -> run(request, client, received, guest, activity));
    }

    private void run(
            UpgradeRequest request, SocketChannel client, ByteBuffer received, GuestProcess guest, Runnable activity) {
        try (client) {
            InputStream in = ChannelStreams.in(client);
            if (received.hasRemaining()) {
                byte[] early = new byte[received.remaining()];
                received.get(early);
                in = new SequenceInputStream(new ByteArrayInputStream(early), in);
            }
            OutputStream out = new BufferedOutputStream(ChannelStreams.out(client), BUFFER);
            String invalid = ShellBridge.handshakeError(request);
            if (invalid != null) {
                refuse(out, 400, "Bad Request", invalid);
                return;
            }
            Terminal terminal;
            try {
                terminal = PtyTerminal.open(guest, 80, 24);
            } catch (IOException | RuntimeException e) {
                LOG.warn("A shell could not start", e);
                refuse(out, 502, "Bad Gateway", "");
                return;
            }
            try {
                ShellBridge.accept(request, request.protocols(), out);
            } catch (IOException e) {
                terminal.close();
                throw e;
            }
            new ShellBridge(in, out, client, terminal, threads, activity).run();
        } catch (IOException e) {
            LOG.debug("A shell session ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuse(OutputStream out, int status, String reason, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + bytes.length
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** Ends every session's threads; the sessions' shells die with their MicroVMs. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
