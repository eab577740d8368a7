package dev.microvms.sdk;

import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.RunMicrovmResponse;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.sdk.internal.MicrovmWaiters;
import dev.microvms.sdk.internal.WaiterDefinition;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A MicroVM: its last-seen data, the calls that change it (suspend, resume, terminate), waiters for its
 * states, its {@link Endpoint} and its shell. Data is what the service said at the last call; {@link
 * #refresh()} asks again.
 *
 * <pre>{@code
 * Microvm vm = microvms.run(imageArn).waitUntilRunning();
 * System.out.println(vm.endpoint().get("/health").bodyAsString());
 * vm.suspend().waitUntilSuspended();
 * vm.resume().waitUntilRunning();
 * vm.terminate();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Microvm {
    private final SdkContext ctx;
    private volatile GetMicrovmResponse data;
    private volatile boolean partial;
    private @Nullable Endpoint endpoint;
    private @Nullable Sandbox sandbox;

    private Microvm(SdkContext ctx, GetMicrovmResponse data, boolean partial) {
        this.ctx = ctx;
        this.data = data;
        this.partial = partial;
    }

    static Microvm of(SdkContext ctx, GetMicrovmResponse data) {
        return new Microvm(ctx, data, false);
    }

    static Microvm of(SdkContext ctx, RunMicrovmResponse r) {
        return new Microvm(ctx, GetMicrovmResponse.from(r), false);
    }

    static Microvm of(SdkContext ctx, MicrovmSummary s) {
        // A listing carries no endpoint or reason; they are fetched the first time they are asked for.
        GetMicrovmResponse known = GetMicrovmResponse.builder()
                .microvmId(s.microvmId())
                .state(s.state())
                .imageArn(s.imageArn())
                .imageVersion(s.imageVersion())
                .startedAt(s.startedAt())
                .build();
        return new Microvm(ctx, known, true);
    }

    static Microvm fetch(SdkContext ctx, String microvmId) {
        return of(
                ctx,
                ctx.client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(microvmId).build()));
    }

    /** @return the MicroVM's id, {@code microvm-<uuid>} */
    public String id() {
        return data.microvmId();
    }

    /** @return the state last seen */
    public MicrovmState state() {
        return data.state();
    }

    /** @return why it is in its state, such as why it terminated, as last seen */
    public @Nullable String stateReason() {
        return complete().stateReason();
    }

    /** @return the ARN of the image it runs */
    public String imageArn() {
        return data.imageArn();
    }

    /** @return the version of the image it runs, such as {@code 1.0} */
    public String imageVersion() {
        return data.imageVersion();
    }

    /** @return everything the service said about it at the last call (fetched first after a listing) */
    public GetMicrovmResponse data() {
        return complete();
    }

    /**
     * Asks the service for the MicroVM's current data (GetMicrovm; eventually consistent).
     *
     * @return this MicroVM
     */
    public Microvm refresh() {
        data = ctx.client.getMicrovm(
                GetMicrovmRequest.builder().microvmIdentifier(id()).build());
        partial = false;
        return this;
    }

    /** @return the image it runs, as the service describes it now */
    public MicrovmImage image() {
        return MicrovmImage.fetch(ctx, data.imageArn());
    }

    /** @return the image version it runs, as the service describes it now */
    public MicrovmImageVersion version() {
        return MicrovmImageVersion.fetch(ctx, data.imageArn(), data.imageVersion());
    }

    /**
     * Suspends it (SuspendMicrovm): the suspend hook runs, then it becomes SUSPENDED with its memory kept.
     *
     * @return this MicroVM; wait with {@link #waitUntilSuspended()}
     */
    public Microvm suspend() {
        ctx.client.suspendMicrovm(
                SuspendMicrovmRequest.builder().microvmIdentifier(id()).build());
        return this;
    }

    /**
     * Resumes a SUSPENDED MicroVM (ResumeMicrovm).
     *
     * @return this MicroVM; wait with {@link #waitUntilRunning()}
     */
    public Microvm resume() {
        ctx.client.resumeMicrovm(
                ResumeMicrovmRequest.builder().microvmIdentifier(id()).build());
        return this;
    }

    /**
     * Terminates it (TerminateMicrovm; terminating twice is fine).
     *
     * @return this MicroVM; wait with {@link #waitUntilTerminated()}
     */
    public Microvm terminate() {
        ctx.client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id()).build());
        return this;
    }

    /**
     * Waits until it is RUNNING, failing at once if it terminates (with its stateReason, such as {@code
     * Run lifecycle hook returned HTTP status 500.}).
     *
     * @return this MicroVM, with its data as last seen
     * @throws WaiterException when it terminates first
     * @throws WaiterTimeoutException when it is not RUNNING in time (default 10 minutes)
     */
    public Microvm waitUntilRunning() {
        return waitUntilRunning(WaiterOptions.defaults());
    }

    /**
     * Waits until it is RUNNING.
     *
     * @param options delay, timeout and progress listener
     * @return this MicroVM
     * @throws WaiterException when it terminates first
     * @throws WaiterTimeoutException when time runs out
     */
    public Microvm waitUntilRunning(WaiterOptions options) {
        return await(MicrovmWaiters.RUNNING, options);
    }

    /**
     * Waits until it is SUSPENDED, failing at once if it terminates.
     *
     * @return this MicroVM
     * @throws WaiterException when it terminates first
     * @throws WaiterTimeoutException when time runs out
     */
    public Microvm waitUntilSuspended() {
        return waitUntilSuspended(WaiterOptions.defaults());
    }

    /**
     * Waits until it is SUSPENDED.
     *
     * @param options delay, timeout and progress listener
     * @return this MicroVM
     * @throws WaiterException when it terminates first
     * @throws WaiterTimeoutException when time runs out
     */
    public Microvm waitUntilSuspended(WaiterOptions options) {
        return await(MicrovmWaiters.SUSPENDED, options);
    }

    /**
     * Waits until it is TERMINATED (or no longer found).
     *
     * @return this MicroVM
     * @throws WaiterTimeoutException when time runs out
     */
    public Microvm waitUntilTerminated() {
        return waitUntilTerminated(WaiterOptions.defaults());
    }

    /**
     * Waits until it is TERMINATED (or no longer found).
     *
     * @param options delay, timeout and progress listener
     * @return this MicroVM
     * @throws WaiterTimeoutException when time runs out
     */
    public Microvm waitUntilTerminated(WaiterOptions options) {
        return await(MicrovmWaiters.TERMINATED, options);
    }

    /**
     * Returns its endpoint with the default options (port 8080, a 60-minute token per port); the same
     * one each time, so tokens are shared.
     *
     * @return the endpoint
     */
    public synchronized Endpoint endpoint() {
        if (endpoint == null) {
            endpoint = endpoint(ctx.endpointDefaults);
        }
        return endpoint;
    }

    /**
     * Returns a new endpoint with its own options and tokens.
     *
     * @param options the options
     * @return the endpoint
     */
    public Endpoint endpoint(EndpointOptions options) {
        Objects.requireNonNull(options, "options == null");
        return Endpoint.create(ctx, id(), complete().endpoint(), options);
    }

    /**
     * Opens an interactive shell; the MicroVM needs the SHELL_INGRESS connector.
     *
     * @return the shell
     */
    public ShellSession shell() {
        return endpoint().shell();
    }

    /**
     * Returns its default sandbox: exec, files and port forwarding through the agent when the image declares
     * one, else the shell; the same one each time, closed with {@link #endpoint()}.
     *
     * @return the sandbox
     */
    public synchronized Sandbox sandbox() {
        if (sandbox == null) {
            sandbox = new Sandbox(ctx, this, endpoint(), SandboxOptions.defaults());
        }
        return sandbox;
    }

    /**
     * Returns a new sandbox with its own options and connections; close it when done.
     *
     * @param options the transport and its settings
     * @return the sandbox
     */
    public Sandbox sandbox(SandboxOptions options) {
        Objects.requireNonNull(options, "options == null");
        return new Sandbox(ctx, this, endpoint(), options);
    }

    /**
     * Runs a program with its arguments (no shell) and waits for it; see {@link Sandbox#exec(ExecRequest)}.
     *
     * <pre>{@code
     * ExecResult r = microvm.exec("ls", "-l", "/app");
     * }</pre>
     *
     * @param command the program and its arguments
     * @return the exit code, stdout and stderr
     * @throws ExecException when it cannot start
     */
    public ExecResult exec(String... command) {
        return sandbox().exec(command);
    }

    /**
     * Runs a command and waits for it, keeping its output.
     *
     * @param request the command, its environment, working directory, stdin and timeout
     * @return the exit code, stdout and stderr
     * @throws ExecException when it cannot start, times out, or exits non-zero when asked to fail then
     */
    public ExecResult exec(ExecRequest request) {
        return sandbox().exec(request);
    }

    /**
     * Runs a command and streams its output to a listener as it comes.
     *
     * @param request the command
     * @param listener gets stdout and stderr, chunk by chunk
     * @return the exit code
     * @throws ExecException when it cannot start, times out, or exits non-zero when asked to fail then
     */
    public ExecResult exec(ExecRequest request, ExecListener listener) {
        return sandbox().exec(request, listener);
    }

    /** @return its files: upload, download, list, stat, delete */
    public MicrovmFiles files() {
        return sandbox().files();
    }

    /**
     * Forwards a local port to one of its ports over HTTP and WebSocket: a browser or curl on this machine
     * reaches the app at {@code http://127.0.0.1:<localPort>} with no headers; see {@link
     * Sandbox#portForward(int, int)}.
     *
     * @param localPort the port on 127.0.0.1, or 0 for any free one
     * @param remotePort the app's port
     * @return the forward; close it to stop
     */
    public PortForward portForward(int localPort, int remotePort) {
        return sandbox().portForward(localPort, remotePort);
    }

    @Override
    public String toString() {
        GetMicrovmResponse d = data;
        return "Microvm[" + d.microvmId() + ", " + d.state()
                + (d.stateReason() == null ? "" : " (" + d.stateReason() + ")") + "]";
    }

    private Microvm await(WaiterDefinition<GetMicrovmResponse> definition, WaiterOptions options) {
        ctx.waiter
                .await(
                        "MicroVM " + id(),
                        definition,
                        () -> refresh().data,
                        GetMicrovmResponse::stateReason,
                        ctx.waiterOptions(options))
                .ifPresent(r -> data = r);
        return this;
    }

    private GetMicrovmResponse complete() {
        if (partial) {
            refresh();
        }
        return data;
    }
}
