package dev.microvms.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * What runs MicroVMs for real: the executor, the lifecycle hooks and the endpoint proxy. The control
 * plane calls it on a worker thread, never under its lock, and moves the MicroVM's state by what it
 * answers.
 */
public interface MicrovmRuntime extends AutoCloseable {

    /**
     * Opens the endpoint of a MicroVM that RunMicrovm is about to answer, so that the endpoint it answers
     * can be reached from that first answer on (it answers 502 until the MicroVM runs). {@link
     * #start} then serves on the same endpoint; {@link #forget} closes it.
     *
     * @param microvmId the MicroVM
     * @param gate the gate its endpoint asks before it lets a request through
     * @return the endpoint, such as {@code 127.0.0.1:45123}, or null when this runtime serves none
     */
    default @Nullable String open(String microvmId, EndpointGate gate) {
        return null;
    }

    /**
     * Starts a MicroVM's app from its image version and calls its run hook.
     *
     * @param launch what to start, with the gate its endpoint asks before it lets a request through
     * @return the endpoint the proxy listens on for it, such as {@code 127.0.0.1:45123}: the one {@link
     *     #open} gave, when it gave one
     * @throws HookFailure when the app cannot be started or its run hook fails; the message is the
     *     MicroVM's stateReason
     * @throws InterruptedException when the emulator stops meanwhile
     */
    String start(MicrovmLaunch launch) throws InterruptedException;

    /**
     * Calls the suspend hook, then freezes every process of the MicroVM.
     *
     * @param microvmId the MicroVM
     * @throws HookFailure when the hook fails (the MicroVM is terminated with the reason, as on the service)
     * @throws InterruptedException when the emulator stops meanwhile
     */
    void suspend(String microvmId) throws InterruptedException;

    /**
     * Thaws every process of the MicroVM, then calls the resume hook.
     *
     * @param microvmId the MicroVM
     * @throws HookFailure when the hook fails (the MicroVM is terminated with the reason)
     * @throws InterruptedException when the emulator stops meanwhile
     */
    void resume(String microvmId) throws InterruptedException;

    /**
     * Calls the terminate hook (best effort), then kills the whole process tree and closes the endpoint.
     *
     * @param microvmId the MicroVM
     */
    void terminate(String microvmId);

    /**
     * Releases what is left of a terminated MicroVM (its endpoint answers 502 until then), when it leaves
     * the listing.
     *
     * @param microvmId the MicroVM
     */
    default void forget(String microvmId) {}

    /**
     * Gives the runtime the MicroVM service it works for, which it tells of apps that end on their own.
     * Called once, after the control plane is built.
     *
     * @param service the MicroVM service
     */
    default void attach(MicrovmService service) {}

    /**
     * Tells the runtime that a version can no longer be run (deleted, deactivated, or its image deleted),
     * so that it drops what it keeps ready for it.
     *
     * @param imageArn the image
     * @param version the version, such as {@code 1.0}
     */
    default void retire(String imageArn, String version) {}

    /** Stops every MicroVM it runs and closes every endpoint; for the emulator's shutdown. */
    @Override
    default void close() {}

    /** A hook or start failure, with the service's stateReason as its message. */
    final class HookFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param stateReason the reason, as the service words it */
        public HookFailure(String stateReason) {
            super(stateReason, null, false, false);
        }
    }
}
