package dev.microvms.emulator.core;

/** The runtime of a control plane built without one: every MicroVM fails to start, saying why. */
final class UnavailableRuntime implements MicrovmRuntime {
    @Override
    public String start(MicrovmLaunch launch) {
        throw new HookFailure("This emulator was started without a MicroVM runtime, so MicroVMs cannot run.");
    }

    @Override
    public void suspend(String microvmId) {
        throw new HookFailure("This emulator has no MicroVM runtime.");
    }

    @Override
    public void resume(String microvmId) {
        throw new HookFailure("This emulator has no MicroVM runtime.");
    }

    @Override
    public void terminate(String microvmId) {
        // Nothing runs, so nothing needs stopping.
    }
}
