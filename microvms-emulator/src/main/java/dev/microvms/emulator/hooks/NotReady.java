package dev.microvms.emulator.hooks;

import dev.microvms.emulator.executor.GuestExit;
import org.jspecify.annotations.Nullable;

/**
 * Why a wait on an app ended without it being ready: the app ended (its exit says how), or a hook did not
 * answer 200 (its outcome says how). {@link HookFailures} puts either into words.
 */
public final class NotReady extends Exception {
    private static final long serialVersionUID = 1L;

    private final String hook;
    private final transient HookClient.@Nullable Outcome outcome;
    private final transient @Nullable GuestExit exit;

    /**
     * @param hook the hook waited on, such as {@code ready}, or the wait's name
     * @param outcome how the hook call ended, when the app did not end
     * @param exit how the app ended, when it did
     */
    public NotReady(String hook, HookClient.@Nullable Outcome outcome, @Nullable GuestExit exit) {
        super(hook + ": " + (exit != null ? exit.describe() : String.valueOf(outcome)), null, false, false);
        this.hook = hook;
        this.outcome = outcome;
        this.exit = exit;
    }

    /** @return the hook waited on */
    public String hook() {
        return hook;
    }

    /** @return how the hook call ended, or null when the app ended first */
    public HookClient.@Nullable Outcome outcome() {
        return outcome;
    }

    /** @return how the app ended, or null when it is still running */
    public @Nullable GuestExit exit() {
        return exit;
    }
}
