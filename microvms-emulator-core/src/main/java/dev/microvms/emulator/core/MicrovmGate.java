package dev.microvms.emulator.core;

import dev.microvms.model.IdlePolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint gate of the MicroVMs a {@link MicrovmService} runs. {@link #decide} is the rule itself: a
 * pure function of the MicroVM's state, the token's grant and the time, checked in the order the service
 * answers (recorded live): the token first, then the port, then whether anything can be reached.
 */
final class MicrovmGate implements EndpointGate {
    /** Tokens whose signature was checked; clients send the same token with every request. */
    private static final int VERIFIED_TOKENS = 1024;

    private final MicrovmService microvms;
    private final AuthTokens tokens;
    private final Clock clock;
    private final Map<String, AuthTokens.Grant> verified = new ConcurrentHashMap<>();

    MicrovmGate(MicrovmService microvms, AuthTokens tokens, Clock clock) {
        this.microvms = microvms;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Admission admit(String microvmId, @Nullable String token, @Nullable Integer port, boolean websocket) {
        Admission admission =
                decide(microvmId, microvms.find(microvmId), grant(token), port, websocket, clock.instant());
        if (admission instanceof Admission.Forward || admission == Admission.SHELL) {
            microvms.recordActivity(microvmId);
        }
        return admission;
    }

    @Override
    public boolean resume(String microvmId) throws InterruptedException {
        return microvms.resumeForTraffic(microvmId);
    }

    @Override
    public void activity(String microvmId) {
        microvms.recordActivity(microvmId);
    }

    /**
     * The admission rule.
     *
     * @param microvmId the MicroVM whose endpoint was called
     * @param vm that MicroVM, or null when it is no longer listed
     * @param grant what the token grants, or null when there was none or it is not the emulator's
     * @param port the port asked for, or null when it is not a port
     * @param websocket true for a WebSocket upgrade
     * @param now the time
     * @return the admission
     */
    static Admission decide(
            String microvmId,
            @Nullable Microvm vm,
            AuthTokens.@Nullable Grant grant,
            @Nullable Integer port,
            boolean websocket,
            Instant now) {
        if (grant == null) {
            return Admission.Refuse.MISSING;
        }
        if (!grant.microvmId().equals(microvmId) || !now.isBefore(grant.expiresAt())) {
            return Admission.Refuse.FAILED;
        }
        // A shell token opens the shell's WebSocket and nothing else; an HTTP token never opens a shell.
        boolean shell = grant.shell() && websocket;
        if (!shell && (port == null || grant.shell() || !grant.allows(port))) {
            return Admission.Refuse.PORT_DENIED;
        }
        if (vm == null || vm.state() == MicrovmState.TERMINATED || vm.state() == MicrovmState.TERMINATING) {
            return Admission.Refuse.UNREACHABLE;
        }
        if (vm.hasConnector("NO_INGRESS")) {
            return Admission.Refuse.NO_INGRESS;
        }
        if (vm.state() == MicrovmState.SUSPENDED && resumesOnTraffic(vm.idlePolicy())) {
            return Admission.RESUME;
        }
        if (vm.state() != MicrovmState.RUNNING) {
            return Admission.Refuse.UNREACHABLE;
        }
        return shell ? Admission.SHELL : new Admission.Forward(port);
    }

    private static boolean resumesOnTraffic(@Nullable IdlePolicy policy) {
        return policy != null && Boolean.TRUE.equals(policy.autoResumeEnabled());
    }

    private AuthTokens.@Nullable Grant grant(@Nullable String token) {
        if (token == null) {
            return null;
        }
        AuthTokens.Grant grant = verified.get(token);
        if (grant == null) {
            grant = tokens.read(token);
            if (grant != null) {
                if (verified.size() >= VERIFIED_TOKENS) {
                    verified.clear();
                }
                verified.put(token, grant);
            }
        }
        return grant;
    }
}
