package dev.microvms.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A token bucket on the injected clock: {@code rate} calls a second, bursts of up to {@code rate}. */
final class RateLimiter {
    private final double rate;
    private final Clock clock;
    private double available;
    private Instant last;

    RateLimiter(double rate, Clock clock) {
        this.rate = rate;
        this.clock = clock;
        this.available = rate;
        this.last = clock.instant();
    }

    /** @return null when a call may go now, else how long to wait; callers hold the control plane's lock */
    @Nullable
    Duration tryAcquire() {
        if (rate <= 0) {
            return null;
        }
        Instant now = clock.instant();
        available = Math.min(rate, available + Duration.between(last, now).toNanos() / 1e9 * rate);
        last = now;
        if (available >= 1) {
            available -= 1;
            return null;
        }
        return Duration.ofSeconds(1);
    }
}
