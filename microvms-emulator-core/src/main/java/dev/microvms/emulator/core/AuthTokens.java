package dev.microvms.emulator.core;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.PortRange;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Endpoint tokens, signed by the emulator with its own key (HMAC-SHA256) and bound to one MicroVM, a
 * set of ports (or the shell) and an expiry. A token is {@code v1.<claims>.<signature>}, both parts
 * base64url; the claims are {@code microvmId|kind|ports|expiresAtEpochSecond}.
 */
public final class AuthTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    /** @param key the signing key, at least 32 bytes, kept in the state directory */
    public AuthTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the token key must be at least 32 bytes");
        }
        this.key = key.clone();
    }

    /**
     * What a valid token grants.
     *
     * @param microvmId the MicroVM
     * @param shell true for a shell token
     * @param ports the ports it opens (empty for a shell token)
     * @param expiresAt when it stops working
     */
    public record Grant(String microvmId, boolean shell, List<AllowedPort> ports, Instant expiresAt) {
        public Grant {
            ports = List.copyOf(ports);
        }

        /** @return true when the token opens the port */
        public boolean allows(int port) {
            for (AllowedPort p : ports) {
                if (opens(p, port)) {
                    return true;
                }
            }
            return false;
        }

        /** A member this version does not know opens nothing. */
        private static boolean opens(AllowedPort p, int port) {
            if (p instanceof AllowedPort.Port one) {
                return one.port() == port;
            }
            if (p instanceof AllowedPort.Range range) {
                return port >= range.range().startPort()
                        && port <= range.range().endPort();
            }
            return p instanceof AllowedPort.AllPorts;
        }
    }

    /** @return a token for the grant */
    public String mint(Grant grant) {
        StringBuilder ports = new StringBuilder();
        for (AllowedPort p : grant.ports()) {
            if (ports.length() > 0) {
                ports.append(',');
            }
            if (p instanceof AllowedPort.Port single) {
                ports.append(single.port());
            } else if (p instanceof AllowedPort.Range range) {
                ports.append(range.range().startPort())
                        .append('-')
                        .append(range.range().endPort());
            } else if (p instanceof AllowedPort.AllPorts) {
                ports.append('*');
            }
        }
        String claims = grant.microvmId() + "|" + (grant.shell() ? "shell" : "ports") + "|" + ports + "|"
                + grant.expiresAt().getEpochSecond();
        String body = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return "v1." + body + "." + B64.encodeToString(sign(body));
    }

    /**
     * Reads a token.
     *
     * @param token the token as sent
     * @return the grant, or null when the token is malformed or its signature is not the emulator's
     */
    public @Nullable Grant read(@Nullable String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            return null;
        }
        try {
            if (!MessageDigest.isEqual(sign(parts[1]), Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            String[] claims =
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\\|", -1);
            if (claims.length != 4) {
                return null;
            }
            List<AllowedPort> ports = new ArrayList<>();
            for (String p : claims[2].split(",")) {
                if (p.equals("*")) {
                    ports.add(AllowedPort.allPorts());
                } else if (p.contains("-")) {
                    String[] ends = p.split("-");
                    ports.add(
                            new AllowedPort.Range(new PortRange(Integer.parseInt(ends[0]), Integer.parseInt(ends[1]))));
                } else if (!p.isEmpty()) {
                    ports.add(AllowedPort.port(Integer.parseInt(p)));
                }
            }
            return new Grant(
                    claims[0], claims[1].equals("shell"), ports, Instant.ofEpochSecond(Long.parseLong(claims[3])));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
