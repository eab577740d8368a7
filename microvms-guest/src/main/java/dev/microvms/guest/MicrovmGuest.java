package dev.microvms.guest;

import com.sun.net.httpserver.HttpServer;
import dev.microvms.guest.internal.GuestHandlers;
import dev.microvms.guest.internal.GuestLifecycle;
import dev.microvms.guest.internal.HookRouter;
import dev.microvms.guest.internal.agent.AgentServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The hook listener for a Java app inside an AWS Lambda MicroVM: it serves {@code POST
 * /aws/lambda-microvms/runtime/v1/<hook>} for the six hooks on the image's hooks port, answers 503 to
 * {@code ready} and {@code validate} until the app is ready, hands the {@code run} handler the MicroVM's id
 * and its unwrapped payload, and makes {@code suspend} and {@code terminate} safe to retry.
 *
 * <pre>{@code
 * try (MicrovmGuest guest = MicrovmGuest.builder()
 *         .port(9000)
 *         .onRun(run -> tenant = run.payload())
 *         .onSuspend(() -> flushBuffers())
 *         .onResume(() -> reconnect())
 *         .onTerminate(() -> shutdown())
 *         .start()) {
 *     warmUpCaches();
 *     guest.markReady();
 *     guest.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Handlers run synchronously and the platform waits for their answer: its runtime hook timeout (run,
 * resume, suspend, terminate) is 1 second by default and can be raised to 60 seconds in the image's hook
 * settings. The ready hook must be enabled in the image for any runtime hook to be called. The listener
 * binds 0.0.0.0 by default, as the platform's contract asks (the calls arrive from 127.0.0.1, but the contract
 * names 0.0.0.0: do not narrow it inside a MicroVM). While started, its dispatcher
 * thread keeps the JVM alive, as any server does; {@link #close()} ends it. Instances are thread-safe.
 */
public final class MicrovmGuest implements AutoCloseable {
    /** The hooks port by convention; the service has no default, the image's {@code hooks.port} decides. */
    public static final int DEFAULT_PORT = 9000;

    /**
     * The image's environment variable that names the agent's port: {@link Builder#agent()} listens there,
     * and the SDK reads it from the image's configuration to know the agent is there.
     */
    public static final String AGENT_PORT_VARIABLE = "LAMBDA_MICROVMS_AGENT_PORT";

    /** How long {@link #close()} lets a hook call in progress finish its answer. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final GuestLifecycle lifecycle;
    private final HookRouter router;
    private final CountDownLatch ended;
    private final @Nullable AgentServer agent;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MicrovmGuest(
            HttpServer server,
            ExecutorService executor,
            GuestLifecycle lifecycle,
            HookRouter router,
            CountDownLatch ended,
            @Nullable AgentServer agent) {
        this.agent = agent;
        this.server = server;
        this.executor = executor;
        this.lifecycle = lifecycle;
        this.router = router;
        this.ended = ended;
    }

    /** A builder with the defaults: port 9000 on 0.0.0.0, not ready until {@link #markReady()}, no-op hooks. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells the platform the app is ready: from now on {@code ready} answers 200 (and {@code validate} asks
     * the validation check, if any). Call it once warm-up is done; calling it again does nothing.
     */
    public void markReady() {
        lifecycle.markReady();
    }

    /**
     * Whether the app is ready: {@link #markReady()} was called, or the builder's readiness check returned
     * true (once it has, the guest stays ready).
     */
    public boolean isReady() {
        return lifecycle.isReady();
    }

    /** The MicroVM's id as the last {@code run} call gave it; empty before the first run call. */
    public Optional<String> microvmId() {
        return Optional.ofNullable(lifecycle.microvmId());
    }

    /** The address the listener is bound to, with the actual port (useful after {@code port(0)}). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port the listener is bound to. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The port the agent listens on; empty when the agent is not enabled. */
    public OptionalInt agentPort() {
        return agent == null ? OptionalInt.empty() : OptionalInt.of(agent.port());
    }

    /**
     * Blocks until the platform's {@code terminate} call has been handled and answered, or the guest is
     * closed. Handy for apps whose only job is the work the hooks drive. Do not call it from a handler.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        ended.await();
    }

    /**
     * Like {@link #awaitTermination()}, for at most {@code timeout}.
     *
     * @return whether terminate was answered (or the guest closed) in time
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the listener, letting a hook call in progress finish its answer for up to a second, and releases
     * {@link #awaitTermination()}. Calling it again does nothing.
     *
     * @throws IllegalStateException when called from inside a hook handler, where it would cut off the
     *     handler's own answer
     */
    @Override
    public void close() {
        if (router.isHandlingOnCurrentThread()) {
            throw new IllegalStateException("MicrovmGuest.close() was called from inside a hook handler, which"
                    + " would cut off the handler's own answer to the platform; return from the handler and call"
                    + " close() from the thread that waits in awaitTermination()");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            router.awaitIdle(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
        if (agent != null) {
            agent.close();
        }
        ended.countDown();
    }

    private static MicrovmGuest start(Builder builder) {
        InetSocketAddress address = new InetSocketAddress(builder.bindAddress, builder.port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("bindAddress '" + builder.bindAddress
                    + "' does not resolve to an address of this machine; use 0.0.0.0 (the default) inside a MicroVM");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new UncheckedIOException(bindFailure(builder, e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the hooks listener on " + builder.bindAddress + ":" + builder.port + ": " + e, e);
        }
        CountDownLatch ended = new CountDownLatch(1);
        GuestLifecycle lifecycle = new GuestLifecycle(new GuestHandlers(
                builder.readiness,
                builder.validation,
                builder.run,
                builder.resume,
                builder.suspend,
                builder.terminate));
        HookRouter router = new HookRouter(lifecycle, ended::countDown);
        // A few threads, so ready and validate still answer while a runtime hook's handler is busy.
        ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "microvm-guest-hooks-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AgentServer agent = null;
        if (builder.agent) {
            int port = builder.agentPort < 0 ? agentPortFromEnvironment(builder.environment) : builder.agentPort;
            try {
                agent = AgentServer.start(new InetSocketAddress(builder.bindAddress, port));
            } catch (IOException e) {
                server.stop(0);
                executor.shutdownNow();
                throw new UncheckedIOException(
                        "cannot start the agent on " + builder.bindAddress + ":" + port + ": "
                                + e.getMessage() + ". Choose a free port for it (" + AGENT_PORT_VARIABLE
                                + " in the image's environment, or agent(port))",
                        e);
            }
        }
        server.createContext("/", router);
        server.setExecutor(executor);
        server.start();
        return new MicrovmGuest(server, executor, lifecycle, router, ended, agent);
    }

    private static int agentPortFromEnvironment(Map<String, String> environment) {
        String value = environment.get(AGENT_PORT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("agent() takes its port from " + AGENT_PORT_VARIABLE + ", which is not"
                    + " set. Set it in the image's environment (microvm.yml image.environment, such as "
                    + AGENT_PORT_VARIABLE + ": \"7000\"), which is also how clients find the agent; or give the"
                    + " port with agent(port)");
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException(
                AGENT_PORT_VARIABLE + " is '" + value + "', which is not a port; set it to" + " one such as 7000");
    }

    private static String bindFailure(Builder builder, BindException e) {
        String where = builder.bindAddress + ":" + builder.port;
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("in use")) {
            return "cannot listen for hooks on " + where + ": port " + builder.port + " is already in use. Stop"
                    + " the other process (or the other MicrovmGuest in this JVM) that holds it, or choose a free"
                    + " port with MicrovmGuest.builder().port(n) and set the image's hooks port to the same number";
        }
        return "cannot listen for hooks on " + where + ": " + reason
                + ". Use bindAddress(\"0.0.0.0\") (the default) inside a MicroVM";
    }

    /**
     * Settings and handlers for a {@link MicrovmGuest}; {@link #start()} binds the port. Every handler
     * defaults to doing nothing and answering 200.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bindAddress = "0.0.0.0";
        private BooleanSupplier readiness = () -> false;
        private @Nullable BooleanSupplier validation;
        private RunHandler run = context -> {};
        private HookHandler resume = () -> {};
        private HookHandler suspend = () -> {};
        private HookHandler terminate = () -> {};
        private boolean agent;
        /** The agent's port; -1 to read it from the environment. */
        private int agentPort = -1;

        private Map<String, String> environment = System.getenv();

        private Builder() {}

        /**
         * Serves the exec and files agent on the port named by the image's environment variable {@value
         * MicrovmGuest#AGENT_PORT_VARIABLE}, for the SDK's and the CLI's {@code exec}, {@code cp} and {@code
         * port-forward}. Off by default.
         *
         * <p>The agent runs commands and reads and writes files as this app's user, for anyone whose requests
         * reach its port. Inside a MicroVM that is only the endpoint's proxy, which lets a request through
         * only with an auth token for that port (CreateMicrovmAuthToken, an IAM permission on the MicroVM):
         * the token is the authentication. Enable it only where holders of such tokens may run commands in the
         * MicroVM, and never where the port is reachable another way.
         *
         * @return this builder
         * @throws IllegalStateException from {@link #start()} when the variable is not set to a port
         */
        public Builder agent() {
            this.agent = true;
            this.agentPort = -1;
            return this;
        }

        /**
         * Serves the exec and files agent on a port of the app's choosing; see {@link #agent()} for what it
         * allows. Clients find it through {@value MicrovmGuest#AGENT_PORT_VARIABLE} in the image's
         * environment: set it to the same port, or tell the SDK the port.
         *
         * @param port the agent's port, not the hooks port; 0 picks a free one (for tests)
         * @return this builder
         */
        public Builder agent(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("agent port must be between 0 and 65535, got " + port);
            }
            this.agent = true;
            this.agentPort = port;
            return this;
        }

        /** The environment the agent's port is read from; for tests. */
        Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment == null");
            return this;
        }

        /**
         * The port to listen on: the image's hooks port. Default {@value MicrovmGuest#DEFAULT_PORT}; 0 picks a
         * free port (for tests).
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind. Default {@code 0.0.0.0}, which the platform needs; change it only for tests
         * (for example {@code 127.0.0.1}).
         */
        public Builder bindAddress(String bindAddress) {
            Objects.requireNonNull(bindAddress, "bindAddress == null");
            if (bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress is blank; use 0.0.0.0 (the default)");
            }
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * A readiness check, asked on each {@code ready} call until it returns true (503 until then, and the
         * platform asks again until its build hook timeout, 30 seconds by default, up to an hour), as an
         * alternative to calling {@link MicrovmGuest#markReady()}. Either one makes the guest ready. It runs
         * on the listener's thread, so keep it fast; if it throws, ready answers 500.
         */
        public Builder readiness(BooleanSupplier readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness == null");
            return this;
        }

        /**
         * The validation check the platform's {@code validate} call asks, after the build, on a test MicroVM
         * restored from the snapshot: true answers 200, false 503 (the platform asks again until its timeout),
         * throwing 500. Before the guest is ready validate answers 503 without asking. Default: 200 once ready.
         */
        public Builder onValidate(BooleanSupplier validation) {
            this.validation = Objects.requireNonNull(validation, "validation == null");
            return this;
        }

        /**
         * The {@code run} handler: gets the MicroVM's id and the RunMicrovm payload, unwrapped from the JSON
         * string it arrives in. Traffic reaches the app only after it returns.
         */
        public Builder onRun(RunHandler run) {
            this.run = Objects.requireNonNull(run, "run == null");
            return this;
        }

        /** The {@code resume} handler, called after the MicroVM is resumed (outbound connections were cut). */
        public Builder onResume(HookHandler resume) {
            this.resume = Objects.requireNonNull(resume, "resume == null");
            return this;
        }

        /**
         * The {@code suspend} handler, called before the MicroVM is suspended. The platform may retry suspend:
         * after the handler succeeded once, further suspend calls answer 200 without running it again until
         * a resume; after it failed, the next call runs it again.
         */
        public Builder onSuspend(HookHandler suspend) {
            this.suspend = Objects.requireNonNull(suspend, "suspend == null");
            return this;
        }

        /**
         * The {@code terminate} handler, called before the MicroVM is terminated. It runs at most once: the
         * platform may retry terminate, and later calls answer 200 without running it, even when it failed.
         */
        public Builder onTerminate(HookHandler terminate) {
            this.terminate = Objects.requireNonNull(terminate, "terminate == null");
            return this;
        }

        /**
         * Binds the port and starts answering hooks.
         *
         * @throws UncheckedIOException when the port cannot be bound, for example because it is in use; the
         *     message names the port and how to fix it
         */
        public MicrovmGuest start() {
            return MicrovmGuest.start(this);
        }
    }
}
