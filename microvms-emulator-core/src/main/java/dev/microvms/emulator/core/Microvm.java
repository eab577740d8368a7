package dev.microvms.emulator.core;

import dev.microvms.model.IdlePolicy;
import dev.microvms.model.Logging;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A MicroVM as the emulator keeps it.
 *
 * @param microvmId its id, {@code microvm-<uuid>}
 * @param region the region it runs in
 * @param account the account it belongs to
 * @param endpointId the UUID of its endpoint (different from the id, as on the service)
 * @param endpoint its endpoint, {@code 127.0.0.1:<port>} once the proxy listens
 * @param imageArn the image it runs
 * @param imageVersion the version it runs
 * @param memoryMiB its memory class, for the account's quota
 * @param state its state
 * @param executionRoleArn the role it assumes, if any
 * @param idlePolicy its idle policy, if any
 * @param logging its logging, if any
 * @param maximumDurationInSeconds how long it may live
 * @param startedAt when it started
 * @param terminatedAt when it terminated
 * @param stateReason why it is in its state
 * @param ingressNetworkConnectors its ingress connectors
 * @param egressNetworkConnectors its egress connectors
 * @param suspendedAt when it was last suspended, for suspendedDurationSeconds
 * @param lastActivityAt when it last became RUNNING (proxied requests are counted apart, in memory)
 */
public record Microvm(
        String microvmId,
        String region,
        String account,
        String endpointId,
        @Nullable String endpoint,
        String imageArn,
        String imageVersion,
        int memoryMiB,
        MicrovmState state,
        @Nullable String executionRoleArn,
        @Nullable IdlePolicy idlePolicy,
        @Nullable Logging logging,
        int maximumDurationInSeconds,
        Instant startedAt,
        @Nullable Instant terminatedAt,
        @Nullable String stateReason,
        List<String> ingressNetworkConnectors,
        List<String> egressNetworkConnectors,
        @Nullable Instant suspendedAt,
        Instant lastActivityAt) {

    public Microvm {
        ingressNetworkConnectors = List.copyOf(ingressNetworkConnectors);
        egressNetworkConnectors = List.copyOf(egressNetworkConnectors);
    }

    /** @return true when a connector of this name is attached */
    public boolean hasConnector(String name) {
        for (String arn : ingressNetworkConnectors) {
            if (name.equals(Arns.connectorName(arn))) {
                return true;
            }
        }
        return false;
    }

    Microvm moveTo(MicrovmState next, @Nullable String reason, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("MicroVM " + microvmId + " cannot move from " + state + " to " + next);
        }
        return copy(
                endpoint,
                next,
                next == MicrovmState.TERMINATED ? now : terminatedAt,
                reason,
                next == MicrovmState.SUSPENDED ? now : suspendedAt,
                next == MicrovmState.RUNNING ? now : lastActivityAt);
    }

    Microvm withEndpoint(String newEndpoint) {
        return copy(newEndpoint, state, terminatedAt, stateReason, suspendedAt, lastActivityAt);
    }

    Microvm withActivity(Instant at) {
        return copy(endpoint, state, terminatedAt, stateReason, suspendedAt, at);
    }

    /** This MicroVM with the members that change over its life replaced; the rest is fixed at RunMicrovm. */
    private Microvm copy(
            @Nullable String newEndpoint,
            MicrovmState newState,
            @Nullable Instant newTerminatedAt,
            @Nullable String newStateReason,
            @Nullable Instant newSuspendedAt,
            Instant newLastActivityAt) {
        return new Microvm(
                microvmId,
                region,
                account,
                endpointId,
                newEndpoint,
                imageArn,
                imageVersion,
                memoryMiB,
                newState,
                executionRoleArn,
                idlePolicy,
                logging,
                maximumDurationInSeconds,
                startedAt,
                newTerminatedAt,
                newStateReason,
                ingressNetworkConnectors,
                egressNetworkConnectors,
                newSuspendedAt,
                newLastActivityAt);
    }
}
