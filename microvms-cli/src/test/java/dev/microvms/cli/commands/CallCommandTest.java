package dev.microvms.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.cli.CliRun;
import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.Main;
import dev.microvms.cli.StubService;
import dev.microvms.model.MicrovmState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code call}: streams as the answer arrives, ends text with a line break, and reads as its usage says. */
class CallCommandTest {
    private static final String ID = "microvm-3eb112b0-0000-4000-8000-000000000001";

    private final StubService stub;

    CallCommandTest() throws Exception {
        stub = new StubService().microvm(ID, MicrovmState.RUNNING);
    }

    @AfterEach
    void close() {
        stub.close();
    }

    @Test
    void events_arePrintedBeforeTheStreamEnds() throws Exception {
        CountDownLatch firstPrinted = new CountDownLatch(1);
        boolean[] released = new boolean[1];
        stub.app("/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The second event is sent only once the CLI has printed the first: a CLI that waits for the
                // end of the answer never prints it, and the stream ends with "late" instead.
                try {
                    released[0] = firstPrinted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write((released[0] ? "data: two\n\n" : "data: late\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputStream watching = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                seen.write(b);
                if (seen.toString(StandardCharsets.UTF_8).contains("data: one")) {
                    firstPrinted.countDown();
                }
            }
        };

        int code = Main.run(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(watching, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                stub.env(),
                "call",
                "--local",
                ID,
                "/events");

        assertThat(code).isZero();
        assertThat(released[0])
                .as("the first event was printed while the stream was open")
                .isTrue();
        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("data: one\n\ndata: two\n\n");
    }

    @Test
    void textBody_withoutLineBreak_endsWithOne() {
        stub.app("/count", exchange -> StubService.answer(exchange, 200, "{\"count\":1}"));

        CliRun r = CliRun.of(stub.env(), "call", "--local", ID, "/count");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"count\":1}\n");
    }

    @Test
    void terminatedMicrovm_saysSoAndHowToStartAnother() {
        String gone = "microvm-3eb112b0-0000-4000-8000-000000000002";
        stub.microvm(gone, MicrovmState.TERMINATED);

        CliRun r = CliRun.of(stub.env(), "call", "--local", gone, "/count");

        assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(r.err()).contains(gone + " is TERMINATED (reason: Success.)", "lambda-microvms run");
    }

    @Test
    void usage_showsTheMethodAndPathOnce() {
        String usage = new CommandLine(new CallCommand(null)).getUsageMessage().replaceAll("\\s+", " ");

        assertThat(usage).contains("MICROVM-ID [METHOD] PATH").doesNotContain("[[METHOD]");
    }

    @Test
    void isText_readsTheContentType() {
        assertThat(CallCommand.isText("application/json; charset=utf-8")).isTrue();
        assertThat(CallCommand.isText("text/event-stream")).isTrue();
        assertThat(CallCommand.isText("application/octet-stream")).isFalse();
    }
}
