package dev.microvms.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * What the runtime needs to start one MicroVM.
 *
 * @param microvm the MicroVM, PENDING
 * @param version the image version it runs, with its build configuration (hooks, environment)
 * @param runHookPayload the payload for the run hook, if any (never stored)
 * @param gate what the MicroVM's endpoint asks before it lets a request through
 */
public record MicrovmLaunch(Microvm microvm, ImageVersion version, @Nullable String runHookPayload, EndpointGate gate) {
    @Override
    public String toString() {
        return "MicrovmLaunch[microvm=" + microvm.microvmId() + ", version=" + version.key() + ", runHookPayload="
                + (runHookPayload == null ? null : "***") + "]";
    }
}
