package dev.microvms.sdk;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket server on 127.0.0.1, small enough to read: RFC 6455 handshake (it picks the {@code
 * lambda-microvms} subprotocol), unmasked frames out, masked frames in. Each connection runs a script.
 */
final class MiniWebSocketServer implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    static final class Frame {
        private final int opcode;
        private final byte[] payload;

        Frame(int opcode, byte[] payload) {
            this.opcode = opcode;
            this.payload = payload;
        }

        int opcode() {
            return opcode;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    interface Script {
        void run(Connection connection) throws IOException;
    }

    /** One accepted WebSocket. */
    static final class Connection {
        final Map<String, String> headers;
        final String path;
        private final InputStream in;
        private final OutputStream out;
        private final List<Frame> log;

        Connection(String path, Map<String, String> headers, InputStream in, OutputStream out, List<Frame> log) {
            this.log = log;
            this.path = path;
            this.headers = headers;
            this.in = in;
            this.out = out;
        }

        synchronized void send(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        void sendText(String text) throws IOException {
            send(TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            send(CLOSE, payload);
        }

        Frame read() throws IOException {
            DataInputStream data = new DataInputStream(in);
            int b0 = data.readUnsignedByte();
            int b1 = data.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = data.readUnsignedShort();
            } else if (length == 127) {
                length = data.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                data.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            data.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            Frame frame = new Frame(b0 & 0x0f, payload);
            log.add(frame);
            return frame;
        }
    }

    private final ServerSocket socket;
    private final Script script;
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    final List<Frame> framesIn = new CopyOnWriteArrayList<>();
    final AtomicInteger refusals = new AtomicInteger();
    private final Thread acceptor;

    /**
     * @param refuseFirst how many handshakes to answer 502 before accepting
     * @param script what each accepted connection does
     */
    MiniWebSocketServer(int refuseFirst, Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.refusals.set(refuseFirst);
        this.acceptor = new Thread(this::acceptLoop, "mini-ws");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "mini-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String requestLine = readLine(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.merge(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            if (refusals.getAndDecrement() > 0) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: lambda-microvms\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection c = new Connection(
                    requestLine.substring(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' ')),
                    headers,
                    in,
                    out,
                    framesIn);
            connections.add(c);
            script.run(c);
        } catch (IOException | NoSuchAlgorithmException e) {
            // The client went away; the test's assertions say whether that was expected.
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
