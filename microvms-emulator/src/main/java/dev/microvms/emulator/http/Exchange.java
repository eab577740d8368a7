package dev.microvms.emulator.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One request on the emulator's port, chosen from its head before any of its body is read: how much body
 * it accepts, where the body's bytes go as they arrive, and the answer once they are all in. The server
 * never holds a thread while a client is slow to send: it hands each piece of the body to {@link #take}
 * as it comes.
 */
public interface Exchange {

    /** @return the most body bytes this request may carry; a longer body is refused with 413 */
    long maxBodyBytes();

    /**
     * An answer to send before reading any of the body, or null to read the body. A request that is
     * refused for its head alone (a missing bucket, an invalid key) is answered at once.
     */
    default @Nullable HttpAnswer answerBeforeBody() {
        return null;
    }

    /**
     * Takes the next bytes of the body.
     *
     * @param bytes the bytes, valid only during the call
     * @throws IOException when they cannot be kept (the request then fails, and {@link #abandon} is
     *     called)
     */
    void take(ByteBuffer bytes) throws IOException;

    /** @return the answer, once the whole body has been taken */
    HttpAnswer complete();

    /** @return true when the exchange keeps the body in memory (it then counts against the port's budget) */
    default boolean inMemory() {
        return false;
    }

    /** Releases what the exchange holds when its body could not be read whole (the client left, or was refused). */
    default void abandon() {}

    /** @return an exchange that keeps the body in memory, up to {@code maxBodyBytes}, and then answers it */
    static Exchange buffered(HttpCall head, long maxBodyBytes, Function<HttpCall, HttpAnswer> handler) {
        return new Buffered(head, maxBodyBytes, handler);
    }

    /** @return an exchange that answers at once, whatever the body */
    static Exchange answer(HttpAnswer answer) {
        return new Exchange() {
            @Override
            public long maxBodyBytes() {
                return Long.MAX_VALUE;
            }

            @Override
            public HttpAnswer answerBeforeBody() {
                return answer;
            }

            @Override
            public void take(ByteBuffer bytes) {}

            @Override
            public HttpAnswer complete() {
                return answer;
            }
        };
    }

    /** Keeps the body in a growing array: for the API, whose bodies are small by the model's rules. */
    final class Buffered implements Exchange {
        private final HttpCall head;
        private final long maxBodyBytes;
        private final Function<HttpCall, HttpAnswer> handler;
        private byte[] body = new byte[0];
        private int size;

        Buffered(HttpCall head, long maxBodyBytes, Function<HttpCall, HttpAnswer> handler) {
            if (maxBodyBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a buffered body must fit an array: " + maxBodyBytes);
            }
            this.head = head;
            this.maxBodyBytes = maxBodyBytes;
            this.handler = handler;
        }

        @Override
        public long maxBodyBytes() {
            return maxBodyBytes;
        }

        @Override
        public boolean inMemory() {
            return true;
        }

        @Override
        public void take(ByteBuffer bytes) {
            int n = bytes.remaining();
            if (size + n > body.length) {
                long wanted = Math.max(size + (long) n, Math.min(maxBodyBytes, Math.max(1024L, 2L * body.length)));
                body = Arrays.copyOf(body, (int) Math.min(maxBodyBytes, wanted));
            }
            bytes.get(body, size, n);
            size += n;
        }

        @Override
        public HttpAnswer complete() {
            byte[] whole = size == body.length ? body : Arrays.copyOf(body, size);
            return handler.apply(head.withBody(whole));
        }

        @Override
        public void abandon() {
            body = new byte[0];
        }
    }
}
