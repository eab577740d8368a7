package dev.microvms.guest.internal;

import dev.microvms.guest.HookHandler;
import dev.microvms.guest.RunContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The guest's side of the hook contract, free of HTTP: readiness, the run payload, and the idempotence the
 * platform's retries of suspend and terminate need.
 *
 * <p>run, resume, suspend and terminate run one at a time under one lock, so a retry that arrives while the
 * first call is still in its handler waits for it and then sees its outcome instead of running the handler
 * a second time. ready and validate do not take the lock, so they answer even while a handler is busy.
 */
public final class GuestLifecycle {
    private final GuestHandlers handlers;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean suspended; // written under lock
    private volatile boolean terminateReceived; // written under lock
    private volatile @Nullable String microvmId;

    /** Starts not ready, not suspended, not terminated. */
    public GuestLifecycle(GuestHandlers handlers) {
        this.handlers = handlers;
    }

    /** Answers one hook call whose body has been read in full. */
    public HookResponse handle(Hook hook, byte[] body) {
        switch (hook) {
            case READY:
                return ready();
            case VALIDATE:
                return validate();
            case RUN:
                return run(body);
            case RESUME:
                return resume();
            case SUSPEND:
                return suspend();
            case TERMINATE:
                return terminate();
        }
        throw new AssertionError("unhandled hook " + hook);
    }

    /** From now on, ready (and validate, as far as readiness goes) answer 200. */
    public void markReady() {
        ready.set(true);
    }

    /**
     * Whether the app is ready: {@link #markReady()} was called, or the readiness check returned true once
     * (readiness is kept from then on; the platform snapshots a ready app, it never becomes unready).
     */
    public boolean isReady() {
        if (ready.get()) {
            return true;
        }
        if (handlers.readiness().getAsBoolean()) {
            ready.set(true);
            return true;
        }
        return false;
    }

    /** The id from the last run call, or {@code null} before the first. */
    public @Nullable String microvmId() {
        return microvmId;
    }

    /** Whether a terminate call has been received (whatever its handler's outcome). */
    public boolean terminateReceived() {
        return terminateReceived;
    }

    private HookResponse ready() {
        try {
            return isReady() ? HookResponse.OK : HookResponse.notYet("the app is not ready yet");
        } catch (RuntimeException | Error e) {
            return failed(Hook.READY, e);
        }
    }

    private HookResponse validate() {
        try {
            if (!isReady()) {
                return HookResponse.notYet("the app is not ready yet");
            }
            BooleanSupplier validation = handlers.validation();
            return validation == null || validation.getAsBoolean()
                    ? HookResponse.OK
                    : HookResponse.notYet("validation has not passed yet");
        } catch (RuntimeException | Error e) {
            return failed(Hook.VALIDATE, e);
        }
    }

    private HookResponse run(byte[] body) {
        RunContext run;
        try {
            run = RunBody.parse(body);
        } catch (IllegalArgumentException e) {
            return HookResponse.badRequest(String.valueOf(e.getMessage()));
        }
        microvmId = run.microvmId();
        lock.lock();
        try {
            return call(Hook.RUN, () -> handlers.run().handle(run));
        } finally {
            lock.unlock();
        }
    }

    private HookResponse suspend() {
        lock.lock();
        try {
            if (suspended) {
                return HookResponse.OK; // a retry: the handler already ran for this suspension
            }
            HookResponse response = call(Hook.SUSPEND, handlers.suspend());
            // Only a suspension that succeeded counts, so a retry after a failure runs the handler again.
            suspended = response.status() == 200;
            return response;
        } finally {
            lock.unlock();
        }
    }

    private HookResponse resume() {
        lock.lock();
        try {
            HookResponse response = call(Hook.RESUME, handlers.resume());
            if (response.status() == 200) {
                suspended = false;
            }
            return response;
        } finally {
            lock.unlock();
        }
    }

    private HookResponse terminate() {
        lock.lock();
        try {
            if (terminateReceived) {
                return HookResponse.OK;
            }
            // Marked before the handler runs: terminate's handler runs at most once, even when it fails.
            terminateReceived = true;
            return call(Hook.TERMINATE, handlers.terminate());
        } finally {
            lock.unlock();
        }
    }

    private static HookResponse call(Hook hook, HookHandler handler) {
        try {
            handler.handle();
            return HookResponse.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(hook, e);
        } catch (Exception | Error e) {
            // Errors too: a NoClassDefFoundError or AssertionError in the app's handler should reach the
            // platform as a 500 that names it, not as a dropped connection.
            return failed(hook, e);
        }
    }

    private static HookResponse failed(Hook hook, Throwable error) {
        System.getLogger(GuestLifecycle.class.getName())
                .log(System.Logger.Level.WARNING, "The " + hook.wireName() + " hook's handler failed", error);
        return HookResponse.failed(hook, error);
    }
}
