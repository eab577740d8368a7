package dev.microvms.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.AllowedPort;
import dev.microvms.sdk.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private final FakeTime time = new FakeTime();
    private final List<List<AllowedPort>> minted = new ArrayList<>();
    private final List<Integer> minutes = new ArrayList<>();

    private TokenCache cache(Duration lifetime, Set<Integer> shared, boolean all) {
        return new TokenCache(
                (ports, m) -> {
                    minted.add(ports);
                    minutes.add(m);
                    return "token-" + minted.size();
                },
                time,
                lifetime,
                shared,
                all);
    }

    @Test
    void tokenFor_samePortTwice_mintsOnce() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(), false);

        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        assertThat(minted).containsExactly(List.of(AllowedPort.port(8080)));
        assertThat(minutes).containsExactly(60);
    }

    @Test
    void tokenFor_beforeEightyPercentOfLife_keepsTokenAndAfterwardMintsAnew() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(), false);
        tokens.tokenFor(8080);

        time.advance(Duration.ofMinutes(47).plusSeconds(59));
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");

        time.advance(Duration.ofSeconds(1)); // 48 minutes: 80% of 60
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-2");

        time.advance(Duration.ofMinutes(47));
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-2");
        time.advance(Duration.ofMinutes(2)); // long past the first token's expiry, at the second's 80%
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-3");
    }

    @Test
    void tokenFor_shortLifetime_refreshesAtEightyPercentOfIt() {
        TokenCache tokens = cache(Duration.ofMinutes(5), Set.of(), false);
        tokens.tokenFor(8080);

        time.advance(Duration.ofMinutes(4).minusSeconds(1));
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        time.advance(Duration.ofSeconds(1));
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-2");
        assertThat(minutes).containsExactly(5, 5);
    }

    @Test
    void tokenFor_differentPorts_mintOneTokenEach() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(), false);

        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        assertThat(tokens.tokenFor(9000)).isEqualTo("token-2");
        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        assertThat(minted).containsExactly(List.of(AllowedPort.port(8080)), List.of(AllowedPort.port(9000)));
    }

    @Test
    void tokenFor_sharedPorts_shareOneTokenOpeningThemAll() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(9000, 8080), false);

        assertThat(tokens.tokenFor(8080)).isEqualTo("token-1");
        assertThat(tokens.tokenFor(9000)).isEqualTo("token-1");
        assertThat(tokens.tokenFor(3000)).isEqualTo("token-2");
        assertThat(minted)
                .containsExactly(
                        List.of(AllowedPort.port(8080), AllowedPort.port(9000)), List.of(AllowedPort.port(3000)));
    }

    @Test
    void tokenFor_allPorts_mintsOneAllPortsToken() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(), true);

        assertThat(tokens.tokenFor(8080)).isEqualTo(tokens.tokenFor(1234));
        assertThat(minted).containsExactly(List.of(AllowedPort.allPorts()));
    }

    @Test
    void invalidate_nextRequest_mintsAnew() {
        TokenCache tokens = cache(Duration.ofMinutes(60), Set.of(), false);
        tokens.tokenFor(8080);

        tokens.invalidate(8080);

        assertThat(tokens.tokenFor(8080)).isEqualTo("token-2");
    }
}
