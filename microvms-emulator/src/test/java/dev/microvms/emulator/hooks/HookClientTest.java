package dev.microvms.emulator.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.executor.ExecSpec;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.ProcessSpawner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hook client against a hand-driven server on 127.0.0.1: answers, framings, tries, and apps that exit. */
class HookClientTest {
    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
    }

    /** Answers each connection with what {@code answer} gives for its number (1, 2, ...), as raw bytes. */
    private int serve(IntFunction<String> answer, boolean closeAfter) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        AtomicInteger count = new AtomicInteger();
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    readHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.apply(count.incrementAndGet()).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfter) {
                        socket.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return server.getLocalPort();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        // The hook's body is "{}" or the run payload; it is not read, as it is not needed here.
    }

    private static HookClient client(int port) {
        return new HookClient(
                p -> SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)), port);
    }

    @Test
    void call_answered500_givesTheStatusAndTheStartOfTheBody() throws Exception {
        String body = "run hook failed: IllegalArgumentException: bad job: {\"crash\":true}";
        int port = serve(
                n -> "HTTP/1.1 500 Internal Server Error\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                true);

        HookClient.Outcome outcome =
                client(port).call("run", "{}", Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new HookClient.Answered(500, body));
        assertThat(HookFailures.describe("Run lifecycle hook", outcome, port))
                .isEqualTo("Run lifecycle hook returned HTTP status 500. It answered: " + body + ".");
    }

    @Test
    void call_chunkedAnswerOnAConnectionKeptOpen_endsWhenTheAnswerIsWhole() throws Exception {
        // The app ignores Connection: close; the call ends with the last chunk, not with a timeout.
        int port = serve(
                n -> "HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "6\r\nfailed\r\n7\r\n: boom.\r\n0\r\n\r\n",
                false);

        HookClient.Outcome outcome =
                client(port).call("suspend", "{}", Duration.ofSeconds(30)).get(20, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new HookClient.Answered(500, "failed: boom."));
    }

    @Test
    void call_notHttp_isUnreachableWithWhatCameBack() throws Exception {
        int port = serve(n -> "SSH-2.0-OpenSSH_9.2\r\n", true);

        HookClient.Outcome outcome =
                client(port).call("run", "{}", Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(HookClient.Unreachable.class);
        assertThat(((HookClient.Unreachable) outcome).error()).contains("not HTTP");
    }

    @Test
    void untilReady_answers503ThenOk_triesAgainUntilOk() throws Exception {
        int port = serve(
                n -> n < 3
                        ? "HTTP/1.1 503 Not Yet\r\nContent-Length: 8\r\n\r\nstarting"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                true);

        HookClient.Outcome outcome =
                client(port).untilReady("ready", Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new HookClient.Answered(200, ""));
    }

    @Test
    void untilReady_alwaysNotYet_timesOutWithTheLastAnswer() throws Exception {
        int port = serve(n -> "HTTP/1.1 503 Not Yet\r\nContent-Length: 13\r\n\r\nwarming cache", true);

        HookClient.Outcome outcome =
                client(port).untilReady("ready", Duration.ofMillis(300)).get(20, TimeUnit.SECONDS);

        assertThat(outcome)
                .isEqualTo(
                        new HookClient.TimedOut(Duration.ofMillis(300), new HookClient.Answered(503, "warming cache")));
        assertThat(HookFailures.describe("Ready hook", outcome, port))
                .isEqualTo("Ready hook invocation timed out after 300 ms. It kept answering 503: warming cache.");
    }

    @Test
    void untilReady_nothingListens_isUnreachableAndSaysWhereItLooked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        HookClient.Outcome outcome =
                client(port).untilReady("ready", Duration.ofMillis(300)).get(20, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(HookClient.Unreachable.class);
        assertThat(HookFailures.describe("Ready lifecycle hook", outcome, 9000))
                .startsWith("Ready lifecycle hook invocation timed out after 300 ms: nothing answered on the hooks"
                        + " port 9000 (")
                .endsWith("The app must listen on port 9000 (hooks.port) on 0.0.0.0.");
    }

    @Test
    void hookOk_appExitsWhileReadyIsNotYet_failsAtOnceWithTheExit() throws Exception {
        int port = serve(n -> "HTTP/1.1 503 Not Yet\r\nContent-Length: 0\r\n\r\n", true);
        FakeApp app = new FakeApp(port);

        CompletableFuture<Void> wait =
                AppWaits.hookOk(app, "ready", client(port).untilReady("ready", Duration.ofHours(1)));
        app.exit.complete(1);

        // Ends with the exit, although the ready hook would be asked for an hour.
        assertThatThrownBy(() -> AppWaits.await(wait)).isInstanceOfSatisfying(NotReady.class, e -> {
            assertThat(e.hook()).isEqualTo("ready");
            assertThat(e.exit()).isNotNull();
            assertThat(e.exit().describe()).isEqualTo("exited with code 1");
        });
    }

    @Test
    void hookOk_hookAnswers500_failsWithTheAnswer() throws Exception {
        int port = serve(n -> "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nboom", true);
        FakeApp app = new FakeApp(port);

        CompletableFuture<Void> wait =
                AppWaits.hookOk(app, "validate", client(port).untilReady("validate", Duration.ofSeconds(30)));

        assertThatThrownBy(() -> AppWaits.await(wait))
                .isInstanceOfSatisfying(
                        NotReady.class, e -> assertThat(e.outcome()).isEqualTo(new HookClient.Answered(500, "boom")));
    }

    @Test
    void listening_appExitsBeforeItsPortOpens_failsWithTheExit() {
        FakeApp app = new FakeApp(1);
        CompletableFuture<Void> wait = AppWaits.listening(app, 8080, Duration.ofHours(1));

        app.exit.complete(137);

        assertThatThrownBy(() -> AppWaits.await(wait))
                .isInstanceOfSatisfying(NotReady.class, e -> assertThat(e.exit().describe())
                        .isEqualTo("exited with code 137 (killed by SIGKILL)"));
    }

    /** An app whose ports are this host's and whose exit the test decides. */
    private static final class FakeApp implements GuestProcess {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final int port;

        FakeApp(int port) {
            this.port = port;
        }

        @Override
        public long pid() {
            return 0;
        }

        @Override
        public SocketChannel connect(int ignored) throws IOException {
            return SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        @Override
        public <P extends Process> P exec(ExecSpec spec, ProcessSpawner<P> spawner) throws IOException {
            throw new IOException("no exec here");
        }

        @Override
        public void freeze() {}

        @Override
        public void thaw() {}

        @Override
        public void kill() {
            exit.complete(137);
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit.copy();
        }
    }
}
