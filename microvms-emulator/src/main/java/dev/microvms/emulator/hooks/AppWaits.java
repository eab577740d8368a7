package dev.microvms.emulator.hooks;

import dev.microvms.emulator.executor.GuestExit;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Waits on an app that end the moment it does: a hook call, its port, or a settling time, each raced
 * against the app's exit. Every wait is a future completed by an event (the hook's answer, the exit, a
 * connection taken) or by a scheduled timeout, so no thread sleeps in a loop; {@link #await} blocks on one.
 */
public final class AppWaits {
    /**
     * A hook call that fails when the app is gone may be seen before the exit is; this long is given to
     * the exit to be seen, so that the reason names the exit rather than a closed connection.
     */
    private static final Duration EXIT_GRACE = Duration.ofMillis(250);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private AppWaits() {}

    /**
     * @param app the app that answers the hook
     * @param hook the hook's name
     * @param call the call, from {@link HookClient}
     * @return completes when the hook answered 200; fails with {@link NotReady} when it answered otherwise,
     *     timed out, or the app ended first (the call is then cancelled)
     */
    public static CompletableFuture<Void> hookOk(
            GuestProcess app, String hook, CompletableFuture<HookClient.Outcome> call) {
        CompletableFuture<Void> done = answeredOk(app, hook, call);
        raceExit(app, hook, done);
        return done;
    }

    /**
     * Like {@link #hookOk} for the hooks a MicroVM is called with again and again (suspend, resume): the
     * call is bounded by its own short timeout, so it is not raced against the exit (each race would stay
     * registered with the exit until the app ends). A call that fails because the app ended still says so.
     *
     * @param app the app that answers the hook
     * @param hook the hook's name
     * @param call the call, from {@link HookClient}
     * @return completes when the hook answered 200; fails with {@link NotReady} otherwise
     */
    public static CompletableFuture<Void> answeredOk(
            GuestProcess app, String hook, CompletableFuture<HookClient.Outcome> call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        call.whenComplete((outcome, failure) -> {
            if (outcome instanceof HookClient.Answered answered) {
                if (answered.ok()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new NotReady(hook, answered, null));
                }
            } else if (outcome != null) {
                app.ended()
                        .completeOnTimeout(null, EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                        .thenAccept(exit -> done.completeExceptionally(new NotReady(hook, outcome, exit)));
            }
        });
        done.whenComplete((ok, failure) -> call.cancel(false));
        return done;
    }

    /**
     * For an app without a ready hook: waits until its port takes connections. An app that never listens
     * there is taken as started once {@code patience} has passed, as the service cannot tell either.
     *
     * @param app the app
     * @param port the port it should listen on
     * @param patience how long to wait for it
     * @return completes when the port takes a connection or the patience is spent; fails with {@link
     *     NotReady} when the app ends first
     */
    public static CompletableFuture<Void> listening(GuestProcess app, int port, Duration patience) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future<?> timer =
                HookThreads.TIMER.schedule(() -> done.complete(null), patience.toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((ok, failure) -> timer.cancel(false));
        raceExit(app, "port " + port, done);
        probe(app, port, done, FIRST_PAUSE);
        return done;
    }

    /**
     * For a build without a ready hook: the app counts as started once it has run for a moment.
     *
     * @param app the app
     * @param settle how long it must run
     * @return completes once it ran that long; fails with {@link NotReady} when it ended before
     */
    public static CompletableFuture<Void> settled(GuestProcess app, Duration settle) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future<?> timer =
                HookThreads.TIMER.schedule(() -> done.complete(null), settle.toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((ok, failure) -> timer.cancel(false));
        raceExit(app, "start", done);
        return done;
    }

    /**
     * Blocks until a wait ends.
     *
     * @param wait a wait from this class
     * @throws NotReady when the app did not get ready
     * @throws InterruptedException when interrupted; the wait is cancelled
     */
    public static void await(CompletableFuture<Void> wait) throws NotReady, InterruptedException {
        try {
            wait.get();
        } catch (InterruptedException e) {
            wait.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw notReady(e.getCause());
        } catch (CancellationException e) {
            throw new InterruptedException("the wait was cancelled");
        }
    }

    /**
     * @param failure what a wait from this class failed with, possibly wrapped
     * @return the {@link NotReady} inside
     */
    public static NotReady notReady(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NotReady notReady) {
            return notReady;
        }
        throw new IllegalStateException("an app wait failed unexpectedly", cause);
    }

    private static void raceExit(GuestProcess app, String hook, CompletableFuture<Void> done) {
        app.ended().thenAccept((GuestExit exit) -> done.completeExceptionally(new NotReady(hook, null, exit)));
    }

    private static void probe(GuestProcess app, int port, CompletableFuture<Void> done, Duration pause) {
        if (done.isDone()) {
            return;
        }
        HookThreads.CALLS.execute(() -> {
            try (SocketChannel probe = app.connect(port)) {
                done.complete(null);
            } catch (IOException | RuntimeException notYet) {
                if (!done.isDone()) {
                    Duration longer = pause.multipliedBy(2);
                    HookThreads.TIMER.schedule(
                            () -> probe(app, port, done, longer.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : longer),
                            pause.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        });
    }
}
