package dev.microvms.sdk.internal;

import dev.microvms.model.AllowedPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints endpoint tokens on first use and keeps them until 80% of their life has passed, then mints
 * new ones, so a request never goes out with a token about to expire. Which token a port uses: the
 * all-ports token when that is asked for, else the shared token when the port is one of the shared
 * ports, else a token for that port alone. Thread-safe.
 */
public final class TokenCache {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
    private static final String ALL = "all";
    private static final String SHARED = "shared";

    /** Mints a token: CreateMicrovmAuthToken, or a fake in tests. */
    @FunctionalInterface
    public interface Minter {
        /**
         * @param allowedPorts the ports the token opens
         * @param expirationInMinutes its life
         * @return the token
         */
        String mint(List<AllowedPort> allowedPorts, int expirationInMinutes);
    }

    private record Entry(String token, Instant refreshAt, Instant expiresAt) {}

    private final Minter minter;
    private final Clock clock;
    private final Duration lifetime;
    private final Set<Integer> sharedPorts;
    private final boolean allPorts;
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * @param minter mints tokens
     * @param clock tells the time
     * @param lifetime how long a token lives, whole minutes 1-60
     * @param sharedPorts ports that share one token
     * @param allPorts whether one token opens every port
     */
    public TokenCache(Minter minter, Clock clock, Duration lifetime, Set<Integer> sharedPorts, boolean allPorts) {
        this.minter = minter;
        this.clock = clock;
        this.lifetime = lifetime;
        this.sharedPorts = new TreeSet<>(sharedPorts);
        this.allPorts = allPorts;
    }

    /**
     * Returns a token that opens a port and has at least a fifth of its life left.
     *
     * @param port the port a request is for
     * @return the token
     */
    public synchronized String tokenFor(int port) {
        String key = keyOf(port);
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.refreshAt())) {
            return entry.token();
        }
        List<AllowedPort> ports = portsOf(key, port);
        // The life counts from before the call, so a slow call never makes the token look younger.
        String token = minter.mint(ports, (int) lifetime.toMinutes());
        Entry fresh = new Entry(token, now.plus(lifetime.multipliedBy(4).dividedBy(5)), now.plus(lifetime));
        entries.put(key, fresh);
        LOG.debug(
                "Minted a token for {} valid until {}, refreshed from {}", ports, fresh.expiresAt(), fresh.refreshAt());
        return token;
    }

    /**
     * Forgets the token a port uses, so the next request mints a new one.
     *
     * @param port the port
     */
    public synchronized void invalidate(int port) {
        entries.remove(keyOf(port));
    }

    private String keyOf(int port) {
        if (allPorts) {
            return ALL;
        }
        return sharedPorts.contains(port) ? SHARED : Integer.toString(port);
    }

    private List<AllowedPort> portsOf(String key, int port) {
        if (key.equals(ALL)) {
            return List.of(AllowedPort.allPorts());
        }
        if (key.equals(SHARED)) {
            List<AllowedPort> list = new ArrayList<>();
            sharedPorts.forEach(p -> list.add(AllowedPort.port(p)));
            return list;
        }
        return List.of(AllowedPort.port(port));
    }
}
