package dev.microvms.emulator.core;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.RunMicrovmRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MicroVMs: run, suspend, resume, terminate, tokens, and the timers of their idle policy and maximum
 * duration, all on the injected clock ({@link #tick()} evaluates them). The work itself (processes,
 * hooks, the proxy) is the {@link MicrovmRuntime}'s, done on worker threads outside the lock.
 */
public final class MicrovmService {
    private static final Logger LOG = LoggerFactory.getLogger(MicrovmService.class);
    static final String MICROVMS = "microvms";

    private final Registry registry;
    private final ImageService images;
    private final MicrovmRuntime runtime;
    private final Executor workers;
    private final AuthTokens tokens;
    private final EndpointGate gate;
    private final Limits limits;
    /** The memory this machine gives all MicroVMs of every account together, in MiB. */
    private final long capacityMiB;
    /**
     * Changed only under the registry's lock; concurrent so that the endpoint gate reads it without the
     * lock on every request (the records are immutable).
     */
    private final Map<String, Microvm> microvms = new ConcurrentHashMap<>();

    private final Map<String, IdempotencyRecord> runTokens = new HashMap<>();
    /**
     * The last proxied request to each MicroVM. Kept in memory only, outside the lock: it changes on every
     * request, and MicroVMs do not outlive the emulator, so it need not be durable.
     */
    private final Map<String, AtomicReference<Instant>> activity = new ConcurrentHashMap<>();
    /**
     * The resumes under way, each done when its MicroVM is resumed or ended, so that a second resume does
     * not call the hook again and traffic waits for the first.
     */
    private final Map<String, CompletableFuture<Void>> resuming = new ConcurrentHashMap<>();

    private final RateLimiter runRate;
    private final Store store;

    /** AuthTokenValue in the model: the longest token value the service answers. */
    private static final int MAX_TOKEN_LENGTH = 8000;

    /** The longest resume hook (60 s) and the thaw before it. */
    private static final Duration RESUME_WAIT = Duration.ofSeconds(65);

    /**
     * The account's limits.
     *
     * @param memoryMiB the memory of all MicroVMs not terminated, in MiB
     * @param runsPerSecond RunMicrovm calls per second
     * @param terminatedRetention how long terminated MicroVMs stay listed
     */
    public record Limits(int memoryMiB, double runsPerSecond, Duration terminatedRetention) {
        /** The service's figures: 10 GiB (five 2 GiB MicroVMs), 5 runs a second, a day. */
        public static final Limits SERVICE = new Limits(10_240, 5, Duration.ofDays(1));
    }

    MicrovmService(
            Registry registry,
            Store store,
            ImageService images,
            MicrovmRuntime runtime,
            Executor workers,
            AuthTokens tokens,
            Limits limits,
            long capacityMiB) {
        this.registry = registry;
        this.capacityMiB = capacityMiB;
        this.store = store;
        this.images = images;
        this.runtime = runtime;
        this.workers = workers;
        this.tokens = tokens;
        this.gate = new MicrovmGate(this, tokens, registry.clock());
        this.limits = limits;
        this.runRate = new RateLimiter(limits.runsPerSecond(), registry.clock());
        store.all(MICROVMS, Microvm.class).forEach(m -> microvms.put(m.microvmId(), m));
        store.all("run-tokens", IdempotencyRecord.class).forEach(t -> runTokens.put(t.key(), t));
    }

    /** Marks TERMINATED every MicroVM whose processes ended with the previous run of the emulator. */
    void recoverAfterRestart() {
        registry.lock.lock();
        try {
            for (Microvm m : new ArrayList<>(microvms.values())) {
                if (m.state() != MicrovmState.TERMINATED) {
                    Microvm t =
                            m.state() == MicrovmState.TERMINATING ? m : m.moveTo(MicrovmState.TERMINATING, null, now());
                    save(t.moveTo(
                            MicrovmState.TERMINATED,
                            "The emulator stopped, and the MicroVM's processes ended with it.",
                            now()));
                }
            }
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * RunMicrovm. The MicroVM's endpoint is opened before it is made (outside the lock, as every runtime
     * call), so that the endpoint RunMicrovm answers is the one GetMicrovm answers later, and reachable.
     */
    public Microvm run(RequestContext ctx, RunMicrovmRequest r) {
        RunChecks.check(ctx, r);
        String fingerprint = Fingerprint.of(r, "clientToken");
        String id = "microvm-" + UUID.randomUUID();
        String endpoint = runtime.open(id, gate);
        boolean made = false;
        Microvm created;
        MicrovmLaunch launch;
        registry.lock.lock();
        try {
            Microvm replay = replay(ctx, r.clientToken(), fingerprint);
            if (replay != null) {
                return replay;
            }
            ImageVersion version = images.runnable(ctx, r.imageIdentifier(), r.imageVersion());
            if (r.runHookPayload() != null && !RunChecks.runHookEnabled(version)) {
                throw ApiException.validation(
                        "The run hook must be enabled in the MicroVM image to pass the run hook payload");
            }
            int memory = version.config().memoryMiB();
            if (memoryInUse(ctx) + memory > limits.memoryMiB()) {
                throw new ApiException(
                        ErrorType.SERVICE_QUOTA_EXCEEDED,
                        "The base maximum allocated memory limit has been reached for this account.");
            }
            if (memoryInUse() + memory > capacityMiB) {
                // The account may run it, but this machine cannot host it beside the MicroVMs it runs.
                throw new ApiException(
                        ErrorType.INSUFFICIENT_CAPACITY,
                        "There is not enough capacity to run a MicroVM with " + memory + " MiB of memory ("
                                + memoryInUse() + " of " + capacityMiB + " MiB in use). Terminate a MicroVM, or"
                                + " try again later.");
            }
            // Last of the checks, so that a refused call does not use up the rate.
            Duration wait = runRate.tryAcquire();
            if (wait != null) {
                throw new ApiException(ErrorType.THROTTLING, "Rate exceeded", wait);
            }
            Instant now = now();
            created = new Microvm(
                    id,
                    ctx.region(),
                    ctx.account(),
                    UUID.randomUUID().toString(),
                    endpoint,
                    version.imageArn(),
                    version.version(),
                    memory,
                    MicrovmState.PENDING,
                    r.executionRoleArn(),
                    r.idlePolicy(),
                    r.logging(),
                    r.maximumDurationInSeconds() == null ? 28_800 : r.maximumDurationInSeconds(),
                    now,
                    null,
                    null,
                    RunChecks.ingress(ctx, r),
                    RunChecks.egress(ctx, r),
                    null,
                    now);
            save(created);
            if (r.clientToken() != null) {
                IdempotencyRecord token =
                        new IdempotencyRecord(runTokenKey(ctx, r.clientToken()), fingerprint, created.microvmId());
                store.put("run-tokens", token.key(), token);
                runTokens.put(token.key(), token);
            }
            launch = new MicrovmLaunch(created, version, r.runHookPayload(), gate);
            made = true;
        } finally {
            registry.lock.unlock();
            if (!made && endpoint != null) {
                runtime.forget(id);
            }
        }
        workers.execute(() -> start(launch));
        return created;
    }

    private void start(MicrovmLaunch launch) {
        String id = launch.microvm().microvmId();
        Microvm before = find(id);
        if (before == null || before.state() != MicrovmState.PENDING) {
            return;
        }
        try {
            String endpoint = runtime.start(launch);
            update(
                    id,
                    m -> m.state() == MicrovmState.PENDING
                            ? m.withEndpoint(endpoint).moveTo(MicrovmState.RUNNING, null, now())
                            : m.withEndpoint(endpoint));
            Microvm after = find(id);
            if (after == null
                    || after.state() == MicrovmState.TERMINATING
                    || after.state() == MicrovmState.TERMINATED) {
                // Terminated while it started: its processes began after the terminate ran.
                runtime.terminate(id);
            }
        } catch (MicrovmRuntime.HookFailure e) {
            fail(id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("MicroVM {} could not start", id, e);
            fail(id, "The MicroVM could not start: " + e.getMessage());
        }
    }

    /** GetMicrovm. */
    public Microvm get(RequestContext ctx, @Nullable String id) {
        requireId(id);
        registry.lock.lock();
        try {
            return find(ctx, id);
        } finally {
            registry.lock.unlock();
        }
    }

    /** ListMicrovms, oldest first. */
    public Page<Microvm> list(
            RequestContext ctx,
            @Nullable Integer maxResults,
            @Nullable String nextToken,
            @Nullable String imageIdentifier,
            @Nullable String imageVersion) {
        Violations v = new Violations();
        Page.check(v, maxResults, nextToken);
        if (imageIdentifier != null) {
            v.string("imageIdentifier", imageIdentifier, 1, 256, null);
        }
        v.throwIfAny();
        registry.lock.lock();
        try {
            if (imageIdentifier != null) {
                requireKnownImage(ctx, imageIdentifier);
            }
            List<Microvm> all = new ArrayList<>();
            for (Microvm m : microvms.values()) {
                if (m.region().equals(ctx.region())
                        && m.account().equals(ctx.account())
                        && (imageIdentifier == null || m.imageArn().equals(ImageService.arnOf(ctx, imageIdentifier)))
                        && (imageVersion == null || m.imageVersion().equals(imageVersion))) {
                    all.add(m);
                }
            }
            all.sort(Comparator.comparing(MicrovmService::listKey));
            return Page.of(all, MicrovmService::listKey, maxResults, nextToken, m -> true);
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * A filter by an image that does not exist is a 404, as the model has it, unless MicroVMs of it are
     * still listed (terminated ones stay listed for a while after their image is deleted).
     */
    private void requireKnownImage(RequestContext ctx, String imageIdentifier) {
        String arn = ImageService.arnOf(ctx, imageIdentifier);
        for (Microvm m : microvms.values()) {
            if (m.imageArn().equals(arn)
                    && m.region().equals(ctx.region())
                    && m.account().equals(ctx.account())) {
                return;
            }
        }
        images.find(ctx, imageIdentifier);
    }

    /** TerminateMicrovm, idempotent. */
    public void terminate(RequestContext ctx, @Nullable String id) {
        requireId(id);
        registry.lock.lock();
        try {
            Microvm m = find(ctx, id);
            if (m.state() == MicrovmState.TERMINATED || m.state() == MicrovmState.TERMINATING) {
                return;
            }
            save(m.moveTo(MicrovmState.TERMINATING, null, now()));
        } finally {
            registry.lock.unlock();
        }
        workers.execute(() -> finishTerminate(id, "Success."));
    }

    /** SuspendMicrovm. */
    public void suspend(RequestContext ctx, @Nullable String id) {
        requireId(id);
        registry.lock.lock();
        try {
            Microvm m = changeable(find(ctx, id));
            if (m.state() != MicrovmState.RUNNING) {
                throw ApiException.conflict(
                        "The MicroVM " + id + " is " + m.state() + "; only a RUNNING MicroVM can be suspended.");
            }
            save(m.moveTo(MicrovmState.SUSPENDING, null, now()));
        } finally {
            registry.lock.unlock();
        }
        workers.execute(() -> finishSuspend(id));
    }

    /** ResumeMicrovm. */
    public void resume(RequestContext ctx, @Nullable String id) {
        requireId(id);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        registry.lock.lock();
        try {
            Microvm m = changeable(find(ctx, id));
            if (m.state() != MicrovmState.SUSPENDED) {
                throw ApiException.conflict(
                        "The MicroVM " + id + " is " + m.state() + "; only a SUSPENDED MicroVM can be resumed.");
            }
            if (resuming.putIfAbsent(id, mine) != null) {
                return;
            }
        } finally {
            registry.lock.unlock();
        }
        workers.execute(() -> finishResume(id, mine));
    }

    /** CreateMicrovmAuthToken. */
    public String authToken(
            RequestContext ctx, @Nullable String id, @Nullable Integer minutes, @Nullable List<AllowedPort> ports) {
        Violations v = new Violations();
        Shapes.microvmIdentifier(v, id);
        if (v.notNull("expirationInMinutes", minutes)) {
            v.range("expirationInMinutes", minutes, 1, 60);
        }
        if (v.notNull("allowedPorts", ports)) {
            // At least one, no maximum in the model; the token's own size bounds them (below).
            v.size("allowedPorts", ports, 1, Integer.MAX_VALUE);
            ports.forEach(p -> port(p, v));
        }
        v.throwIfAny();
        registry.lock.lock();
        try {
            Microvm m = changeable(find(ctx, id));
            String token = tokens.mint(
                    new AuthTokens.Grant(m.microvmId(), false, ports, now().plus(Duration.ofMinutes(minutes))));
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw ApiException.validation("The " + ports.size() + " allowed ports make a token longer than "
                        + MAX_TOKEN_LENGTH + " characters, the longest the service answers. Give fewer"
                        + " entries: a range covers many ports, and allPorts all of them.");
            }
            return token;
        } finally {
            registry.lock.unlock();
        }
    }

    private static void port(@Nullable AllowedPort p, Violations v) {
        if (p instanceof AllowedPort.Port single) {
            v.range("allowedPorts.member.port", single.port(), 1, 65535);
        } else if (p instanceof AllowedPort.Range range) {
            if (v.notNull("allowedPorts.member.range", range.range())) {
                Integer start = range.range().startPort();
                Integer end = range.range().endPort();
                if (v.notNull("allowedPorts.member.range.startPort", start)) {
                    v.range("allowedPorts.member.range.startPort", start, 1, 65535);
                }
                if (v.notNull("allowedPorts.member.range.endPort", end)) {
                    v.range("allowedPorts.member.range.endPort", end, 1, 65535);
                }
            }
        } else if (p instanceof AllowedPort.Unknown unknown) {
            v.add(
                    "allowedPorts.member",
                    "'" + unknown.member() + "'",
                    "Member must be one of the union's members: [port, range, allPorts]");
        } else if (p == null) {
            v.add("allowedPorts.member", "null", "Member must not be null");
        }
    }

    /** CreateMicrovmShellAuthToken. */
    public String shellAuthToken(RequestContext ctx, @Nullable String id, @Nullable Integer minutes) {
        Violations v = new Violations();
        Shapes.microvmIdentifier(v, id);
        if (v.notNull("expirationInMinutes", minutes)) {
            v.range("expirationInMinutes", minutes, 1, 60);
        }
        v.throwIfAny();
        registry.lock.lock();
        try {
            Microvm m = changeable(find(ctx, id));
            if (!m.hasConnector("SHELL_INGRESS")) {
                throw ApiException.validation(
                        "Shell access requires SHELL_INGRESS network connector to be configured on the MicroVM.");
            }
            return tokens.mint(
                    new AuthTokens.Grant(m.microvmId(), true, List.of(), now().plus(Duration.ofMinutes(minutes))));
        } finally {
            registry.lock.unlock();
        }
    }

    /** @return the MicroVM, whatever its state and account, or null when there is none with this id */
    public @Nullable Microvm find(String id) {
        return microvms.get(id);
    }

    // --- for the endpoint gate ---------------------------------------------------------------------------

    /** Counts an inbound proxied request for the idle policy; cheap enough for every request. */
    void recordActivity(String id) {
        // One reference per MicroVM, set without a lock: requests on many connections update it at once.
        activity.computeIfAbsent(id, k -> new AtomicReference<>()).set(now());
    }

    private Instant lastActivity(Microvm m) {
        AtomicReference<Instant> last = activity.get(m.microvmId());
        Instant proxied = last == null ? null : last.get();
        return proxied != null && proxied.isAfter(m.lastActivityAt()) ? proxied : m.lastActivityAt();
    }

    /**
     * Resumes a SUSPENDED MicroVM for an inbound request when its idle policy allows, and waits for it.
     *
     * @return true when the MicroVM is RUNNING now
     * @throws InterruptedException when interrupted while it resumes
     */
    boolean resumeForTraffic(String id) throws InterruptedException {
        Microvm m = find(id);
        if (m == null) {
            return false;
        }
        if (m.state() == MicrovmState.RUNNING) {
            return true;
        }
        IdlePolicy policy = m.idlePolicy();
        if (m.state() != MicrovmState.SUSPENDED || policy == null || !Boolean.TRUE.equals(policy.autoResumeEnabled())) {
            return false;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> underWay = resuming.putIfAbsent(id, mine);
        if (underWay == null) {
            finishResume(id, mine);
        } else {
            awaitResumed(underWay);
        }
        Microvm after = find(id);
        return after != null && after.state() == MicrovmState.RUNNING;
    }

    /** @return the tokens the service mints and the gate reads */
    AuthTokens tokens() {
        return tokens;
    }

    /** @return the admission check of the MicroVMs' endpoints, which each launch carries to the runtime */
    public EndpointGate gate() {
        return gate;
    }

    // --- timers -------------------------------------------------------------------------------------------

    /**
     * Applies the timers at the clock's time: maximum duration, idle suspend, suspended duration, and the
     * retention of terminated MicroVMs. The emulator calls it every second; tests call it after moving a
     * fake clock.
     */
    public void tick() {
        Instant now = now();
        List<String> toSuspend = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        Map<String, String> toTerminate = new HashMap<>();
        registry.lock.lock();
        try {
            for (Microvm m : new ArrayList<>(microvms.values())) {
                if (m.state() == MicrovmState.TERMINATED) {
                    if (m.terminatedAt() != null
                            && m.terminatedAt()
                                    .plus(limits.terminatedRetention())
                                    .isBefore(now)) {
                        microvms.remove(m.microvmId());
                        activity.remove(m.microvmId());
                        store.remove(MICROVMS, m.microvmId());
                        forgotten.add(m.microvmId());
                    }
                    continue;
                }
                if (m.state() == MicrovmState.TERMINATING) {
                    continue;
                }
                if (!now.isBefore(m.startedAt().plusSeconds(m.maximumDurationInSeconds()))) {
                    toTerminate.put(
                            m.microvmId(),
                            "The MicroVM reached its maximum duration of " + m.maximumDurationInSeconds()
                                    + " seconds.");
                    continue;
                }
                IdlePolicy policy = m.idlePolicy();
                if (policy == null) {
                    continue;
                }
                if (m.state() == MicrovmState.RUNNING
                        && !now.isBefore(lastActivity(m).plusSeconds(policy.maxIdleDurationSeconds()))) {
                    toSuspend.add(m.microvmId());
                } else if (m.state() == MicrovmState.SUSPENDED
                        && m.suspendedAt() != null
                        && !now.isBefore(m.suspendedAt().plusSeconds(policy.suspendedDurationSeconds()))) {
                    toTerminate.put(
                            m.microvmId(),
                            "The MicroVM stayed suspended for its suspendedDurationSeconds ("
                                    + policy.suspendedDurationSeconds() + ").");
                }
            }
            for (String id : toSuspend) {
                save(microvms.get(id).moveTo(MicrovmState.SUSPENDING, null, now));
            }
            for (String id : toTerminate.keySet()) {
                save(microvms.get(id).moveTo(MicrovmState.TERMINATING, null, now));
            }
        } finally {
            registry.lock.unlock();
        }
        forgotten.forEach(runtime::forget);
        toSuspend.forEach(id -> workers.execute(() -> finishSuspend(id)));
        toTerminate.forEach((id, reason) -> workers.execute(() -> finishTerminate(id, reason)));
    }

    // --- transitions ---------------------------------------------------------------------------------------

    private void finishSuspend(String id) {
        try {
            runtime.suspend(id);
            update(id, m -> m.state() == MicrovmState.SUSPENDING ? m.moveTo(MicrovmState.SUSPENDED, null, now()) : m);
        } catch (MicrovmRuntime.HookFailure e) {
            fail(id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resumes a MicroVM whose resume this thread claimed in {@link #resuming} with {@code claim}. */
    private void finishResume(String id, CompletableFuture<Void> claim) {
        try {
            runtime.resume(id);
            update(id, m -> m.state() == MicrovmState.SUSPENDED ? m.moveTo(MicrovmState.RUNNING, null, now()) : m);
        } catch (MicrovmRuntime.HookFailure e) {
            fail(id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            resuming.remove(id, claim);
            claim.complete(null);
        }
    }

    /**
     * Waits for a resume another thread has under way (traffic racing a ResumeMicrovm): it ends when that
     * resume does, bounded by the longest a resume hook may take.
     */
    private static void awaitResumed(CompletableFuture<Void> underWay) throws InterruptedException {
        try {
            underWay.get(RESUME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("A resume under way did not end in time", e);
        }
    }

    private void finishTerminate(String id, String reason) {
        runtime.terminate(id);
        update(id, m -> m.state() == MicrovmState.TERMINATING ? m.moveTo(MicrovmState.TERMINATED, reason, now()) : m);
    }

    /**
     * The runtime reports that a MicroVM's app ended on its own (it exited, or a limit ended it): the
     * MicroVM is terminated with the reason, as the service ends a MicroVM whose app exits, and its
     * endpoint answers as for any terminated MicroVM.
     *
     * @param id the MicroVM
     * @param reason its stateReason, naming the exit code
     */
    public void ended(String id, String reason) {
        workers.execute(() -> fail(id, reason));
    }

    /** A runtime failure terminates the MicroVM with the reason, as on the service. */
    private void fail(String id, String reason) {
        update(id, m -> {
            if (m.state() == MicrovmState.TERMINATED) {
                return m;
            }
            Microvm t = m.state() == MicrovmState.TERMINATING ? m : m.moveTo(MicrovmState.TERMINATING, null, now());
            return t.moveTo(MicrovmState.TERMINATED, reason, now());
        });
        runtime.terminate(id);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void update(String id, java.util.function.UnaryOperator<Microvm> change) {
        registry.lock.lock();
        try {
            Microvm m = microvms.get(id);
            if (m != null) {
                Microvm changed = change.apply(m);
                if (!changed.equals(m)) {
                    save(changed);
                }
            }
        } finally {
            registry.lock.unlock();
        }
    }

    private void save(Microvm m) {
        store.put(MICROVMS, m.microvmId(), m);
        microvms.put(m.microvmId(), m);
    }

    private @Nullable Microvm replay(RequestContext ctx, @Nullable String token, String fingerprint) {
        if (token == null) {
            return null;
        }
        IdempotencyRecord used = runTokens.get(runTokenKey(ctx, token));
        if (used == null) {
            return null;
        }
        if (!used.fingerprint().equals(fingerprint)) {
            throw ApiException.conflict("The client token " + token
                    + " was already used with different parameters. Use a new client token for a new request.");
        }
        Microvm m = microvms.get(used.resource());
        if (m == null) {
            throw ApiException.conflict("The client token " + token
                    + " was already used for a MicroVM that is no longer listed. Use a new client token.");
        }
        return m;
    }

    private static String runTokenKey(RequestContext ctx, String token) {
        return ctx.account() + "/" + ctx.region() + "/RunMicrovm/" + token;
    }

    /** @return the memory of every MicroVM not terminated, of every account and region */
    private long memoryInUse() {
        long total = 0;
        for (Microvm m : microvms.values()) {
            if (m.state() != MicrovmState.TERMINATED) {
                total += m.memoryMiB();
            }
        }
        return total;
    }

    private int memoryInUse(RequestContext ctx) {
        int total = 0;
        for (Microvm m : microvms.values()) {
            if (m.state() != MicrovmState.TERMINATED
                    && m.account().equals(ctx.account())
                    && m.region().equals(ctx.region())) {
                total += m.memoryMiB();
            }
        }
        return total;
    }

    private Microvm find(RequestContext ctx, String id) {
        Microvm m = microvms.get(id);
        if (m == null || !m.region().equals(ctx.region()) || !m.account().equals(ctx.account())) {
            throw ApiException.notFound("MicroVM not found: " + id);
        }
        return m;
    }

    private static Microvm changeable(Microvm m) {
        if (m.state() == MicrovmState.TERMINATED || m.state() == MicrovmState.TERMINATING) {
            throw ApiException.validation(
                    "The MicroVM " + m.microvmId() + " has been terminated and its state cannot be changed.");
        }
        return m;
    }

    private static void requireId(@Nullable String id) {
        Violations v = new Violations();
        Shapes.microvmIdentifier(v, id);
        v.throwIfAny();
    }

    /** Sorts by start time, then id; fixed-width numbers, since ISO strings do not sort by time. */
    private static String listKey(Microvm m) {
        return String.format(
                        "%020d%09d",
                        m.startedAt().getEpochSecond(), m.startedAt().getNano())
                + m.microvmId();
    }

    private Instant now() {
        return registry.now();
    }
}
