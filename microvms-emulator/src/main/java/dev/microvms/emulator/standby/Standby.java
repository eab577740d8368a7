package dev.microvms.emulator.standby;

import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app started before its MicroVM: starting, then frozen once ready, until a RunMicrovm claims it (and
 * thaws it) or the pool drops it. A standby claimed while it still starts is not frozen when it gets ready:
 * its MicroVM is waiting for it.
 */
public final class Standby {
    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);

    private enum State {
        STARTING,
        STANDING_BY,
        CLAIMED,
        DISCARDED
    }

    private final Path directory;
    private final GuestProcess app;
    private final CompletableFuture<Void> readiness;
    private State state = State.STARTING;
    private boolean released;

    private Standby(Path directory, GuestProcess app, CompletableFuture<Void> readiness) {
        this.directory = directory;
        this.app = app;
        this.readiness = readiness;
        readiness.thenRun(this::standBy);
    }

    /**
     * @param directory the app's directory (see {@link AppLauncher})
     * @param app the app, just started
     * @param readiness completes when the app is ready, or fails with why it is not
     * @return a standby that is frozen as soon as it is ready
     */
    public static Standby starting(Path directory, GuestProcess app, CompletableFuture<Void> readiness) {
        return new Standby(directory, app, readiness);
    }

    /**
     * @param directory the app's directory (see {@link AppLauncher})
     * @param app an app that is ready now (the build's, after {@code validate})
     * @return a standby, frozen
     */
    public static Standby ready(Path directory, GuestProcess app) {
        return new Standby(directory, app, CompletableFuture.completedFuture(null));
    }

    /** @return the app's directory, with its tree and its output */
    public Path directory() {
        return directory;
    }

    /** @return the app */
    public GuestProcess app() {
        return app;
    }

    /** @return completes when the app is ready, or fails with {@link dev.microvms.emulator.hooks.NotReady} */
    public CompletableFuture<Void> ready() {
        return readiness.copy();
    }

    /**
     * Takes the standby for a MicroVM: thaws it when it stands by; one still starting is left to start.
     *
     * @return false when it was discarded meanwhile, or cannot be thawed (it is then discarded)
     */
    synchronized boolean claim() {
        if (state == State.DISCARDED || state == State.CLAIMED) {
            return false;
        }
        if (state == State.STANDING_BY) {
            try {
                app.thaw();
            } catch (IOException e) {
                LOG.info("A standby in {} could not be thawed, so it is not used: {}", directory, e.getMessage());
                state = State.DISCARDED;
                return false;
            }
        }
        state = State.CLAIMED;
        return true;
    }

    /** @return true when it stands by, frozen and ready */
    synchronized boolean standingBy() {
        return state == State.STANDING_BY;
    }

    /**
     * Marks the standby dropped, unless a MicroVM has claimed it.
     *
     * @return true, once, when the caller should now kill it and remove its directory
     */
    synchronized boolean discard() {
        if (state == State.CLAIMED || released) {
            return false;
        }
        state = State.DISCARDED;
        released = true;
        return true;
    }

    private synchronized void standBy() {
        if (state != State.STARTING) {
            return;
        }
        try {
            app.freeze();
            state = State.STANDING_BY;
        } catch (IOException e) {
            LOG.info("A standby in {} could not be frozen, so it is not used: {}", directory, e.getMessage());
            state = State.DISCARDED;
        }
    }

    @Override
    public synchronized String toString() {
        return "Standby[" + directory.getFileName() + ", " + state + ", " + app + "]";
    }
}
