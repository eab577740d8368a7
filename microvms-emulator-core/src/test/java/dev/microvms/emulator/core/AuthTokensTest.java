package dev.microvms.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.model.AllowedPort;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint tokens: what they grant survives the round trip; anything not signed by this key reads as null. */
class AuthTokensTest {
    private static final Instant EXPIRY = Instant.parse("2026-07-01T00:15:00Z");
    private final AuthTokens tokens = new AuthTokens(Fixture.TOKEN_KEY);

    @Test
    void read_mintedPortsToken_answersTheSameGrant() {
        AuthTokens.Grant grant = new AuthTokens.Grant(
                "microvm-1",
                false,
                List.of(AllowedPort.port(8080), AllowedPort.range(9000, 9010), AllowedPort.allPorts()),
                EXPIRY);

        assertThat(tokens.read(tokens.mint(grant))).isEqualTo(grant);
    }

    @Test
    void read_mintedShellToken_answersTheShellGrant() {
        AuthTokens.Grant grant = new AuthTokens.Grant("microvm-1", true, List.of(), EXPIRY);

        AuthTokens.Grant read = tokens.read(tokens.mint(grant));

        assertThat(read).isEqualTo(grant);
        assertThat(read.allows(8080)).isFalse();
    }

    @Test
    void read_tamperedClaims_isNull() {
        String token = tokens.mint(new AuthTokens.Grant("microvm-1", false, List.of(AllowedPort.port(8080)), EXPIRY));
        String[] parts = token.split("\\.", -1);
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("microvm-2|ports|8080|" + EXPIRY.getEpochSecond()).getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.read(parts[0] + "." + forged + "." + parts[2])).isNull();
        assertThat(tokens.read(token.substring(0, token.length() - 2) + "AA")).isNull();
    }

    @Test
    void read_tokenOfAnotherKey_isNull() {
        byte[] otherKey = Arrays.copyOf(Fixture.TOKEN_KEY, 32);
        otherKey[0] ^= 1;
        String token = new AuthTokens(otherKey)
                .mint(new AuthTokens.Grant("microvm-1", false, List.of(AllowedPort.port(8080)), EXPIRY));

        assertThat(tokens.read(token)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v1..", "v2.a.b", "v1.!!.!!", "eyJraWQiOiIx..abc.def", "v1.a.b.c"})
    void read_malformedToken_isNull(String token) {
        assertThat(tokens.read(token)).isNull();
    }

    @Test
    void read_null_isNull() {
        assertThat(tokens.read(null)).isNull();
    }

    @Test
    void constructor_shortKey_isRefused() {
        assertThatThrownBy(() -> new AuthTokens(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void grant_copiesItsPorts() {
        List<AllowedPort> ports = new ArrayList<>(List.of(AllowedPort.port(1)));
        AuthTokens.Grant grant = new AuthTokens.Grant("microvm-1", false, ports, EXPIRY);

        ports.add(AllowedPort.port(2));

        assertThat(grant.allows(2)).isFalse();
    }
}
