package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay in this JVM, relaying to servers on 127.0.0.1: the protocol, half-close, errors and volume. */
class BridgeRelayTest {
    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private BridgeRelay relay;
    private BridgeConnector connector;
    private ServerSocketChannel app;

    @BeforeEach
    void startRelay() throws IOException {
        Path socket = dir.resolve("bridge.sock");
        relay = BridgeRelay.bind(socket);
        threads.execute(() -> {
            try {
                relay.serve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        connector = BridgeConnector.of("mvm-test", socket, Duration.ofSeconds(5));
        app = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        relay.close();
        app.close();
        connector.close();
        threads.shutdownNow();
    }

    @Test
    void connect_listeningPort_relaysBothWaysAndPassesOnTheHalfClose() throws Exception {
        // The app reads to EOF, then answers: only a relayed half-close lets it answer.
        Future<String> received = threads.submit(() -> {
            try (SocketChannel accepted = app.accept()) {
                String request = readAll(accepted);
                write(accepted, "got " + request);
                return request;
            }
        });

        try (SocketChannel channel = connector.connect(port())) {
            write(channel, "hello");
            channel.shutdownOutput();

            assertThat(readAll(channel)).isEqualTo("got hello");
        }
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void connect_serverSpeaksFirst_noBannerByteIsLostInTheHandshake() throws Exception {
        threads.submit(() -> {
            try (SocketChannel accepted = app.accept()) {
                write(accepted, "220 banner\n");
            }
            return null;
        });

        try (SocketChannel channel = connector.connect(port())) {
            assertThat(readAll(channel)).isEqualTo("220 banner\n");
        }
    }

    @Test
    void connect_closedPort_throwsConnectException() throws Exception {
        int closed = port();
        app.close();

        assertThatThrownBy(() -> connector.connect(closed))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Nothing listens on port " + closed)
                .hasMessageContaining("mvm-test");
    }

    @Test
    void connect_noRelayListening_throwsConnectException() throws Exception {
        BridgeConnector nowhere = BridgeConnector.of("mvm-down", dir.resolve("absent.sock"), Duration.ofSeconds(1));

        assertThatThrownBy(() -> nowhere.connect(8080))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("bridge");
    }

    @Test
    void connect_relayThatNeverAnswers_timesOutWithAClearMessage() throws Exception {
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(silent));
            BridgeConnector waiting = BridgeConnector.of("mvm-frozen", silent, Duration.ofMillis(200));

            assertThatThrownBy(() -> waiting.connect(8080))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("did not answer within 200 ms");
        }
    }

    @Test
    void relay_badRequest_answersErr() throws Exception {
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("bridge.sock")))) {
            write(raw, "GET / HTTP/1.1\n");

            assertThat(readAll(raw)).startsWith("ERR bad request");
        }
    }

    @Test
    void connect_manyConnectionsWithMegabytes_deliversEveryByteInOrder() throws Exception {
        threads.submit(() -> {
            while (app.isOpen()) {
                SocketChannel accepted = app.accept();
                threads.submit(() -> echo(accepted));
            }
            return null;
        });
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(payload);

        List<CompletableFuture<byte[]>> digests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            digests.add(CompletableFuture.supplyAsync(() -> roundTrip(payload), threads));
        }

        for (CompletableFuture<byte[]> digest : digests) {
            assertThat(digest.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        }
    }

    @Test
    void parsePort_requests_acceptOnlyValidPorts() {
        assertThat(BridgeRelay.parsePort("CONNECT 8080")).isEqualTo(8080);
        assertThat(BridgeRelay.parsePort("CONNECT 0")).isEqualTo(-1);
        assertThat(BridgeRelay.parsePort("CONNECT 65536")).isEqualTo(-1);
        assertThat(BridgeRelay.parsePort("CONNECT x")).isEqualTo(-1);
        assertThat(BridgeRelay.parsePort("OPEN 80")).isEqualTo(-1);
    }

    private byte[] roundTrip(byte[] payload) {
        try (SocketChannel channel = connector.connect(port())) {
            Future<byte[]> sent = threads.submit(() -> {
                BridgeRelay.writeFully(channel, ByteBuffer.wrap(payload));
                channel.shutdownOutput();
                return payload;
            });
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
            sent.get();
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void echo(SocketChannel accepted) throws IOException {
        try (accepted) {
            ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
            while (accepted.read(buffer) >= 0) {
                buffer.flip();
                BridgeRelay.writeFully(accepted, buffer);
                buffer.clear();
            }
        }
        return null;
    }

    private int port() throws IOException {
        return ((InetSocketAddress) app.getLocalAddress()).getPort();
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        BridgeRelay.writeFully(channel, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                throw new IOException("more than expected");
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
