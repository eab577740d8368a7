package dev.microvms.sdk;

import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MicroVM for the length of a block: {@code start()} runs it (or resumes one), waits until it is
 * RUNNING and, if asked, until the app answers a readiness path; {@code close()} keeps, suspends or
 * terminates it as asked, also when the block throws (the block's exception wins, and a failure to clean
 * up is added to it as suppressed, as try-with-resources does).
 *
 * <pre>{@code
 * try (MicrovmsSession s = microvms.session(imageArn)
 *         .run(r -> r.runHookPayload("{\"job\":42}"))
 *         .readinessPath("/health")
 *         .after(AfterSession.SUSPEND)
 *         .start()) {
 *     System.out.println(s.endpoint().get("/").bodyAsString());
 * }
 * }</pre>
 *
 * <p>When {@code start()} itself fails after the MicroVM was run, the MicroVM is terminated (unless the
 * policy is {@link AfterSession#KEEP}, which leaves it for you to inspect; a resumed MicroVM under {@link
 * AfterSession#SUSPEND} is suspended again) and the failure is thrown.
 */
public final class MicrovmsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MicrovmsSession.class);

    private final Microvm microvm;
    private final Endpoint endpoint;
    private final AfterSession after;
    private final boolean awaitCleanup;
    private final WaiterOptions waiterOptions;
    private boolean closed;

    private MicrovmsSession(
            Microvm microvm, Endpoint endpoint, AfterSession after, boolean awaitCleanup, WaiterOptions waiterOptions) {
        this.microvm = microvm;
        this.endpoint = endpoint;
        this.after = after;
        this.awaitCleanup = awaitCleanup;
        this.waiterOptions = waiterOptions;
    }

    static Builder run(SdkContext ctx, String imageArn) {
        return new Builder(ctx, Objects.requireNonNull(imageArn, "imageArn == null"), null);
    }

    static Builder resume(SdkContext ctx, String microvmId) {
        return new Builder(ctx, null, Objects.requireNonNull(microvmId, "microvmId == null"));
    }

    /** @return the MicroVM */
    public Microvm microvm() {
        return microvm;
    }

    /** @return the MicroVM's endpoint, with the session's endpoint options */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Opens an interactive shell on the MicroVM (it needs the SHELL_INGRESS connector); it is closed
     * with the session if still open.
     *
     * @return the shell
     */
    public ShellSession shell() {
        return endpoint.shell();
    }

    /** @return what close does with the MicroVM */
    public AfterSession after() {
        return after;
    }

    /**
     * Closes the endpoint's open streams and sockets, then keeps, suspends or terminates the MicroVM.
     * Calling it again does nothing.
     *
     * @throws dev.microvms.client.exception.MicrovmsException when the suspend or terminate call, or the
     *     wait for it, fails
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        endpoint.close();
        switch (after) {
            case KEEP:
                LOG.debug("Session over; keeping {}", microvm.id());
                break;
            case SUSPEND:
                suspend();
                break;
            case TERMINATE:
                LOG.debug("Session over; terminating {}", microvm.id());
                microvm.terminate();
                if (awaitCleanup) {
                    microvm.waitUntilTerminated(waiterOptions);
                }
                break;
        }
    }

    private void suspend() {
        LOG.debug("Session over; suspending {}", microvm.id());
        try {
            microvm.suspend();
        } catch (ConflictException e) {
            // Already suspended or terminated by the block: nothing is left to do then.
            MicrovmState state = microvm.refresh().state();
            if (state == MicrovmState.SUSPENDED || state == MicrovmState.TERMINATED) {
                return;
            }
            throw e;
        }
        if (awaitCleanup) {
            microvm.waitUntilSuspended(waiterOptions);
        }
    }

    @Override
    public String toString() {
        return "MicrovmsSession[" + microvm + ", after=" + after + "]";
    }

    /**
     * Configures and starts a {@link MicrovmsSession}. The members of the RunMicrovm request ({@link
     * #run(Consumer)}) apply to a new MicroVM only; a resumed session refuses them.
     */
    public static final class Builder {
        private final SdkContext ctx;
        private final @Nullable String imageArn;
        private final @Nullable String microvmId;
        private RunMicrovmRequest.Builder run = RunMicrovmRequest.builder();
        private boolean runOptionsSet;
        private AfterSession after = AfterSession.TERMINATE;
        private boolean awaitCleanup = true;
        private WaiterOptions waiterOptions = WaiterOptions.defaults();
        private @Nullable EndpointOptions endpointOptions;
        private @Nullable String readinessPath;
        private WaiterOptions readinessOptions = WaiterOptions.defaults();

        private Builder(SdkContext ctx, @Nullable String imageArn, @Nullable String microvmId) {
            this.ctx = ctx;
            this.imageArn = imageArn;
            this.microvmId = microvmId;
        }

        /**
         * Sets members of the RunMicrovm request that starts the session's MicroVM: the image version, the run
         * hook's payload, the idle policy, connectors, the execution role, logging, the maximum duration.
         * Its {@code imageIdentifier} is the session's image. Calls add up; a resumed session refuses them.
         *
         * <pre>{@code
         * microvms.session(imageArn)
         *         .run(r -> r.imageVersion("2.0").runHookPayload("{\"job\":42}").maximumDurationInSeconds(3600))
         *         .start();
         * }</pre>
         *
         * @param request sets members of the request
         * @return this builder
         */
        public Builder run(Consumer<RunMicrovmRequest.Builder> request) {
            Objects.requireNonNull(request, "request == null").accept(run);
            return runOption();
        }

        /**
         * Takes every member of the RunMicrovm request from one made elsewhere (replacing what {@link
         * #run(Consumer)} set); its {@code imageIdentifier} is replaced with the session's image.
         *
         * @param request the request
         * @return this builder
         */
        public Builder run(RunMicrovmRequest request) {
            run = Objects.requireNonNull(request, "request == null").toBuilder();
            return runOption();
        }

        /**
         * Sets what close does with the MicroVM (default {@link AfterSession#TERMINATE}).
         *
         * @param after the policy
         * @return this builder
         */
        public Builder after(AfterSession after) {
            this.after = Objects.requireNonNull(after, "after == null");
            return this;
        }

        /**
         * Sets whether close waits until the MicroVM is SUSPENDED or TERMINATED (default true).
         *
         * @param awaitCleanup whether to wait
         * @return this builder
         */
        public Builder awaitCleanup(boolean awaitCleanup) {
            this.awaitCleanup = awaitCleanup;
            return this;
        }

        /**
         * Sets how the session waits for RUNNING (and for the cleanup).
         *
         * @param waiterOptions delay, timeout and progress listener
         * @return this builder
         */
        public Builder waiterOptions(WaiterOptions waiterOptions) {
            this.waiterOptions = Objects.requireNonNull(waiterOptions, "waiterOptions == null");
            return this;
        }

        /**
         * Sets the options of the session's endpoint (default: those given to {@link Microvms}).
         *
         * @param endpointOptions the options
         * @return this builder
         */
        public Builder endpointOptions(EndpointOptions endpointOptions) {
            this.endpointOptions = Objects.requireNonNull(endpointOptions, "endpointOptions == null");
            return this;
        }

        /**
         * Makes start wait, after RUNNING, until a GET of this path through the endpoint answers 2xx.
         *
         * @param path such as {@code /health}
         * @return this builder
         */
        public Builder readinessPath(String path) {
            this.readinessPath = EndpointRequest.get(path).path();
            return this;
        }

        /**
         * Sets how the readiness path is polled (default every second for up to 5 minutes).
         *
         * @param options delay, timeout and progress listener
         * @return this builder
         */
        public Builder readinessOptions(WaiterOptions options) {
            this.readinessOptions = Objects.requireNonNull(options, "options == null");
            return this;
        }

        /**
         * Runs (or resumes) the MicroVM and waits until it serves.
         *
         * @return the session; close it, best with try-with-resources
         * @throws WaiterException when the MicroVM terminates while starting, with its stateReason
         * @throws WaiterTimeoutException when it is not RUNNING, or not serving, in time
         */
        public MicrovmsSession start() {
            Microvm vm = microvmId != null ? resumed(microvmId) : launched();
            try {
                vm.waitUntilRunning(waiterOptions);
                Endpoint endpoint = endpointOptions == null ? vm.endpoint() : vm.endpoint(endpointOptions);
                if (readinessPath != null) {
                    Readiness.await(ctx, endpoint, readinessPath, readinessOptions);
                }
                return new MicrovmsSession(vm, endpoint, after, awaitCleanup, waiterOptions);
            } catch (RuntimeException e) {
                cleanUpAfterFailedStart(vm, e);
                throw e;
            }
        }

        private Microvm launched() {
            return Microvm.of(
                    ctx,
                    ctx.client.runMicrovm(
                            run.imageIdentifier(ImageIdentifiers.arn(ctx, Objects.requireNonNull(imageArn)))
                                    .build()));
        }

        private Microvm resumed(String id) {
            if (runOptionsSet) {
                throw new IllegalStateException("Members of the RunMicrovm request (.run(r -> ...)) apply to new"
                        + " MicroVMs; " + id + " keeps its own. Use microvms.session(imageArn) to run a new one.");
            }
            Microvm vm = Microvm.fetch(ctx, id);
            switch (vm.state()) {
                case SUSPENDING:
                    vm.waitUntilSuspended(waiterOptions).resume();
                    break;
                case SUSPENDED:
                    vm.resume();
                    break;
                case TERMINATING:
                case TERMINATED:
                    throw new MicrovmsClientException("MicroVM " + id + " is " + vm.state() + " and cannot be"
                            + " resumed" + (vm.stateReason() == null ? "." : ": " + vm.stateReason())
                            + " Start a new session with microvms.session(imageArn).");
                default:
                    // PENDING or RUNNING: it is on its way or there already.
                    break;
            }
            return vm;
        }

        private void cleanUpAfterFailedStart(Microvm vm, RuntimeException failure) {
            boolean gone = failure instanceof WaiterException
                    && ("TERMINATED".equals(((WaiterException) failure).lastState())
                            || "TERMINATING".equals(((WaiterException) failure).lastState()));
            if (after == AfterSession.KEEP || gone) {
                return;
            }
            try {
                if (microvmId != null && after == AfterSession.SUSPEND) {
                    // A resumed MicroVM is the caller's: put it back as the policy says rather than end it.
                    vm.suspend();
                } else {
                    vm.terminate();
                }
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }

        private Builder runOption() {
            runOptionsSet = true;
            return this;
        }
    }
}
