package dev.microvms.sdk.internal.sandbox;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.ShellSession;
import dev.microvms.sdk.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One shell session turned into a request channel. The first line, typed into the user's shell, sets the
 * terminal to raw mode without echo and replaces that shell with a loop that evaluates lines starting with
 * a random nonce; the framing functions ({@code framing.sh}) are then loaded through it. From then on
 * nothing but the functions' answers reaches the terminal, and those are told apart from anything else by
 * the nonce in their marker. One request at a time; not thread-safe, except {@link #abort()}.
 */
final class ShellChannel implements AutoCloseable {
    /** Bytes per WebSocket message: the service's shell takes keystrokes and pastes, not megabytes at once. */
    static final int FRAME = 32 * 1024;

    private static final int MAX_LINE = 256 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROGRAM = program();

    private final ShellSession session;
    private final String microvmId;
    private final String nonce;
    private final byte[] marker;
    private final ShellLines lines;
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean broken;

    private ShellChannel(ShellSession session, String microvmId, String nonce) {
        this.session = session;
        this.microvmId = microvmId;
        this.nonce = nonce;
        this.marker = ("@MVX:" + nonce + ":").getBytes(StandardCharsets.US_ASCII);
        this.lines = new ShellLines(session.output(), MAX_LINE);
    }

    /**
     * Starts the framing loop in a fresh shell.
     *
     * @param session a shell just opened, at its prompt
     * @param microvmId the MicroVM, for messages
     * @param timeout how long the shell may take to start the loop
     * @return the channel, ready for requests
     */
    static ShellChannel start(ShellSession session, String microvmId, Duration timeout) {
        ShellChannel channel = new ShellChannel(session, microvmId, nonce());
        try (Watchdog watchdog = Watchdog.start(timeout, channel::abort)) {
            try {
                channel.bootstrap();
            } catch (IOException | RuntimeException e) {
                channel.abort();
                if (e instanceof MicrovmsClientException m && !watchdog.fired()) {
                    throw m;
                }
                throw new MicrovmsClientException(
                        "The shell of " + microvmId + " did not start the exec and files loop"
                                + (watchdog.fired() ? " within " + Durations.format(timeout) : " (" + e + ")")
                                + ". It needs a POSIX shell with stty and coreutils; the terminal showed: "
                                + tail(channel.lines.noise()),
                        e);
            }
        }
        return channel;
    }

    private void bootstrap() throws IOException {
        String loop = "while IFS= read -r l; do case $l in \"$0 \"*) eval \"${l#\"$0 \"}\";; esac; done";
        // The leading space keeps the line out of bash's history; printf builds the marker from two parts so
        // that the terminal's echo of this line is never mistaken for it.
        write(" stty raw -echo; printf '%s%s\\n' '@MVX' ':" + nonce + ":0 up'; exec /bin/sh -c '" + loop + "' " + nonce
                + " 2>/dev/null\n");
        expect("up");
        write(nonce + " printf '%s%s\\n' \"@MVX:$0:\" '0 G'; eval \"$(head -c " + PROGRAM.length + ")\"\n");
        expect("G");
        data(PROGRAM);
        ShellRecord ready = expect("ready");
        String missing = ready.field(1);
        if (!missing.equals("none")) {
            throw new MicrovmsClientException("The image of " + microvmId + " lacks "
                    + String.join(", ", missing.split(","))
                    + ", which exec and files over the shell need (a POSIX shell and coreutils). Install"
                    + " coreutils in the image, or enable the guest library's agent.");
        }
    }

    private ShellRecord expect(String type) throws IOException {
        while (true) {
            ShellRecord r = next();
            if (r.seq() == 0 && r.type().equals(type)) {
                return r;
            }
        }
    }

    /** @return the number of the next request */
    int nextSeq() {
        return seq.incrementAndGet();
    }

    /** @return a request to this channel's loop */
    ShellRequest request(String function, int seq) {
        return new ShellRequest(nonce, function, seq);
    }

    /** Sends a request line. */
    void send(ShellRequest request) {
        data(request.toBytes());
    }

    /** Sends bytes to the terminal, in messages the shell's WebSocket takes. */
    void data(byte[] bytes) {
        data(bytes, 0, bytes.length);
    }

    /** Sends bytes to the terminal, in messages the shell's WebSocket takes. */
    void data(byte[] bytes, int offset, int length) {
        try {
            for (int at = offset; at < offset + length; at += FRAME) {
                session.write(Arrays.copyOfRange(bytes, at, Math.min(offset + length, at + FRAME)));
            }
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * @return the next answer, skipping anything else on the terminal
     * @throws IOException when the shell's output ends or breaks
     */
    ShellRecord next() throws IOException {
        while (true) {
            byte[] line = line();
            ShellRecord r = ShellRecord.parse(line, marker);
            if (r != null) {
                return r;
            }
            lines.noise(line);
        }
    }

    /**
     * @return the next line as it is: a line of a file's base64, or an answer
     * @throws IOException when the shell's output ends or breaks
     */
    byte[] line() throws IOException {
        try {
            return lines.next();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** @return the answer on this line, or null when it is data */
    @Nullable
    ShellRecord record(byte[] line) {
        return ShellRecord.parse(line, marker);
    }

    /** @return whether the channel can take another request */
    boolean usable() {
        return !broken && session.isOpen();
    }

    /** Marks the channel as not to be used again. */
    void poison() {
        broken = true;
    }

    /** Drops the connection at once; the shell and what it runs are killed. Thread-safe. */
    void abort() {
        broken = true;
        session.abort();
    }

    /** @return what the terminal showed that was not an answer */
    String noise() {
        return lines.noise();
    }

    @Override
    public void close() {
        broken = true;
        session.abort();
    }

    private void write(String text) {
        data(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String nonce() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder("n");
        for (int i = 0; i < 16; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String tail(String noise) {
        String trimmed = noise.strip();
        return trimmed.isEmpty()
                ? "nothing."
                : "\n" + (trimmed.length() > 600 ? "..." + trimmed.substring(trimmed.length() - 600) : trimmed);
    }

    private static byte[] program() {
        try (InputStream in = ShellChannel.class.getResourceAsStream("framing.sh")) {
            if (in == null) {
                throw new IllegalStateException("framing.sh is missing from the SDK's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
