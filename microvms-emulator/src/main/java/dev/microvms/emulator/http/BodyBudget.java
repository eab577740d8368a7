package dev.microvms.emulator.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The body bytes all requests together may hold in memory. Bodies are read without a thread per client,
 * so the number of requests in flight is bounded by connections, not threads: this keeps their memory
 * bounded too.
 */
final class BodyBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** @return true when {@code bytes} more fit, which are then counted until {@link #release} */
    boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    long capacity() {
        return capacity;
    }
}
