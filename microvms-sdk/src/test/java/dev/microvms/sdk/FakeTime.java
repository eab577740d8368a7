package dev.microvms.sdk;

import dev.microvms.sdk.internal.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when told to or when something sleeps on it: tests of time never wait. */
public final class FakeTime extends Clock implements Sleeper {
    private Instant now = Instant.parse("2026-07-01T00:00:00Z");
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
