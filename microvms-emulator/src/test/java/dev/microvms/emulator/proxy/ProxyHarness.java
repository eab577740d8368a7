package dev.microvms.emulator.proxy;

import dev.microvms.emulator.core.Admission;
import dev.microvms.emulator.core.EndpointGate;
import dev.microvms.emulator.executor.ExecSpec;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.ProcessSpawner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EndpointServer} with one endpoint in front of an app the test plays: each connection the proxy
 * opens to port 8080 is handed to the test ({@link #app()}), which reads exactly what was forwarded and
 * writes the answer byte by byte. The gate admits the token {@code ok} to any port and {@code shell} to the
 * shell; anything else is refused as the service refuses a missing token.
 */
final class ProxyHarness implements AutoCloseable {
    static final String TOKEN = "ok";
    /** How long a test waits for something that must happen; never reached when the proxy behaves. */
    static final int PATIENCE_MILLIS = 10_000;

    final ServerSocket appListener;
    final BlockingQueue<Socket> appConnections = new LinkedBlockingQueue<>();
    final AtomicInteger activity = new AtomicInteger();
    final List<UpgradeRequest> shells = new ArrayList<>();
    final EndpointServer server;
    final Endpoint endpoint;
    volatile boolean appGone;
    private final Thread acceptor;

    ProxyHarness() throws IOException {
        this(EndpointServer.Settings.DEFAULT);
    }

    ProxyHarness(EndpointServer.Settings settings) throws IOException {
        appListener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptApp, "test-app");
        acceptor.setDaemon(true);
        acceptor.start();
        server = new EndpointServer(this::shell, settings);
        endpoint = server.open("microvm-test", endpointGate(), () -> appGone ? null : guest());
    }

    private void acceptApp() {
        while (!appListener.isClosed()) {
            try {
                Socket s = appListener.accept();
                s.setSoTimeout(PATIENCE_MILLIS);
                appConnections.add(s);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void shell(
            UpgradeRequest request, SocketChannel client, ByteBuffer received, GuestProcess guest, Runnable touch) {
        synchronized (shells) {
            shells.add(request);
        }
        touch.run();
        try (client) {
            client.write(ByteBuffer.wrap(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nshell"
                            .getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException ignored) {
            // the test reads what arrived
        }
    }

    /** @return the gate: {@code ok} opens any port, {@code shell} the shell */
    EndpointGate endpointGate() {
        return new EndpointGate() {
            @Override
            public Admission admit(String microvmId, @Nullable String token, @Nullable Integer port, boolean ws) {
                if ("shell".equals(token) && ws) {
                    return Admission.SHELL;
                }
                if (!TOKEN.equals(token)) {
                    return Admission.Refuse.MISSING;
                }
                return port == null ? Admission.Refuse.PORT_DENIED : new Admission.Forward(port);
            }

            @Override
            public boolean resume(String microvmId) {
                return false;
            }

            @Override
            public void activity(String microvmId) {
                activity.incrementAndGet();
            }
        };
    }

    /** The app: port 8080 is the test's listener; nothing listens on any other port. */
    GuestProcess guest() {
        return new GuestProcess() {
            @Override
            public long pid() {
                return 0;
            }

            @Override
            public SocketChannel connect(int port) throws IOException {
                if (port != 8080) {
                    throw new ConnectException("Nothing listens on port " + port);
                }
                return SocketChannel.open(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), appListener.getLocalPort()));
            }

            @Override
            public <P extends Process> P exec(ExecSpec spec, ProcessSpawner<P> spawner) throws IOException {
                throw new IOException("no exec in tests");
            }

            @Override
            public void freeze() {}

            @Override
            public void thaw() {}

            @Override
            public void kill() {}

            @Override
            public boolean isAlive() {
                return true;
            }

            @Override
            public CompletableFuture<Integer> onExit() {
                return new CompletableFuture<>();
            }
        };
    }

    /** @return a new client connection to the endpoint */
    Socket client() throws IOException {
        return connect(endpoint);
    }

    /** @return a new client connection to an endpoint */
    static Socket connect(Endpoint e) throws IOException {
        String address = e.address();
        int colon = address.lastIndexOf(':');
        Socket s = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        s.setSoTimeout(PATIENCE_MILLIS);
        return s;
    }

    /** @return the next connection the proxy opened to the app */
    Socket app() throws InterruptedException {
        Socket s = appConnections.poll(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("the proxy opened no connection to the app");
        }
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One message as it crossed the wire: its head's lines, and its body's bytes as sent (chunked or not). */
    record Message(String startLine, List<String> headerLines, String body) {
        @Nullable
        String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        int status() {
            int space = startLine.indexOf(' ');
            return Integer.parseInt(startLine.substring(space + 1, space + 4));
        }

        /** @return the head as sent, CRLFs included */
        String head() {
            StringBuilder s = new StringBuilder(startLine).append("\r\n");
            headerLines.forEach(l -> s.append(l).append("\r\n"));
            return s.append("\r\n").toString();
        }
    }

    /** Reads a request as the app receives it. */
    static Message readRequest(Socket s) throws IOException {
        return read(s.getInputStream(), false, false);
    }

    /** Reads an answer as the client receives it; {@code head} for the answer to a HEAD request. */
    static Message readResponse(Socket s, boolean head) throws IOException {
        return read(s.getInputStream(), true, head);
    }

    static Message readResponse(Socket s) throws IOException {
        return readResponse(s, false);
    }

    private static Message read(InputStream in, boolean response, boolean headRequest) throws IOException {
        String start = line(in);
        if (start == null) {
            throw new IOException("the connection closed before a message");
        }
        List<String> headers = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            headers.add(l);
        }
        Message head = new Message(start, headers, "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = head.header("Content-Length");
        String coding = head.header("Transfer-Encoding");
        int status = response ? head.status() : 0;
        boolean bodiless = response && (headRequest || status < 200 || status == 204 || status == 304);
        if (bodiless) {
            // no body
        } else if (coding != null && coding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the connection closed inside a chunked body");
                }
                body.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    for (String t = line(in); t != null; t = line(in)) {
                        body.writeBytes((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (t.isEmpty()) {
                            break;
                        }
                    }
                    break;
                }
                body.writeBytes(in.readNBytes(n + 2));
            }
        } else if (length != null) {
            body.writeBytes(in.readNBytes(Integer.parseInt(length)));
        } else if (response) {
            body.writeBytes(in.readAllBytes());
        }
        return new Message(start, headers, body.toString(StandardCharsets.ISO_8859_1));
    }

    /** @return the next line without its CRLF, or null at the end of the stream */
    static @Nullable String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** @return true when the peer closed the connection (after what was left to read) */
    static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes() != null;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    /** @return everything until the peer closes */
    static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    static Map<String, String> headers(Message m) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String l : m.headerLines()) {
            int colon = l.indexOf(':');
            map.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        }
        return map;
    }

    @Override
    public void close() throws IOException {
        server.close();
        appListener.close();
        for (Socket s = appConnections.poll(); s != null; s = appConnections.poll()) {
            s.close();
        }
    }
}
