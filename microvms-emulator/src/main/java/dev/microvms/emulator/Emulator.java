package dev.microvms.emulator;

import dev.microvms.emulator.api.AdminHandler;
import dev.microvms.emulator.api.ApiHandler;
import dev.microvms.emulator.api.SigV4Scope;
import dev.microvms.emulator.core.ControlPlane;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.MemoryStore;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.core.Store;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.http.JettyServer;
import dev.microvms.emulator.http.QueryRequest;
import dev.microvms.emulator.iam.IamHandler;
import dev.microvms.emulator.iam.IamService;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.logs.LogShipper;
import dev.microvms.emulator.logs.LoggedImageBuilder;
import dev.microvms.emulator.logs.LoggedRuntime;
import dev.microvms.emulator.logs.LogsHandler;
import dev.microvms.emulator.logs.LogsService;
import dev.microvms.emulator.s3.BucketSettings;
import dev.microvms.emulator.s3.S3Handler;
import dev.microvms.emulator.s3.S3Objects;
import dev.microvms.emulator.standby.StandbyPool;
import dev.microvms.emulator.store.FileStore;
import dev.microvms.emulator.sts.StsHandler;
import dev.microvms.emulator.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local emulator of AWS Lambda MicroVMs: the API, and the S3 subset, STS, IAM roles and CloudWatch Logs
 * that a project uses beside it, on one port of 127.0.0.1, each in its own protocol (told apart by the
 * service a call is signed for); state kept in a directory, MicroVMs run on this machine.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().stateDirectory(Path.of("state")).start()) {
 *     LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
 *             .endpointOverride(emulator.endpoint()).region("us-east-1").build();
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    /** The port the emulator listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 4599;

    /** The environment variable that sets the standby pool's size when the builder does not. */
    public static final String STANDBY_POOL_VARIABLE = "MICROVMS_STANDBY_POOL";

    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

    private final JettyServer server;
    private final ControlPlane plane;
    private final ExecutorService buildThreads;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final @Nullable Path stateDirectory;
    private final S3Objects s3;
    private final MicrovmRuntime runtime;
    private final StandbyPool standbys;
    private final LogsService logs;
    private final LogShipper shipper;

    private Emulator(Builder b) throws Exception {
        this.stateDirectory = b.stateDirectory;
        Path work = b.stateDirectory != null ? b.stateDirectory : Files.createTempDirectory("lambda-microvms-");
        Path s3Dir = Files.createDirectories(work.resolve("s3"));
        this.s3 = new S3Objects(s3Dir);
        Store store = b.stateDirectory != null ? new FileStore(b.stateDirectory.resolve("store")) : new MemoryStore();
        this.buildThreads = Executors.newFixedThreadPool(2, daemon("emulator-build"));
        this.workers = Executors.newCachedThreadPool(daemon("emulator-worker"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("emulator-timers"));
        this.standbys = standbyPool(work, b);
        Context context = new Context(s3, work, b.clock, standbys);
        this.runtime = b.runtime.apply(context);
        this.logs = new LogsService(store, b.clock, b.account, b.logLimits);
        this.shipper = new LogShipper(logs);
        logs.beforeRead(shipper::shipCompleteLines);
        Path microvmsDir = work.resolve("microvms");
        ImageFiles imageFiles = Defaults.imageFiles(context);
        this.plane = ControlPlane.builder()
                .store(store)
                .clock(b.clock)
                .imageBuilder(new LoggedImageBuilder(
                        b.imageBuilder.apply(context),
                        shipper,
                        job -> imageFiles.buildLog(
                                imageFiles.version(job.context().region(), job.imageName(), job.version()))))
                .runtime(new LoggedRuntime(
                        runtime,
                        shipper,
                        id -> List.of(
                                microvmsDir.resolve(id).resolve("stdout.log"),
                                microvmsDir.resolve(id).resolve("stderr.log"))))
                .buildThreads(buildThreads)
                .workers(workers)
                .tokenKey(tokenKey(b.stateDirectory))
                .limits(b.limits)
                .build();
        Handlers handlers = new Handlers(
                new ApiHandler(plane, b.region, b.account),
                new S3Handler(s3, new BucketSettings(s3Dir)),
                b.adminEndpoints ? new AdminHandler(plane.microvms(), microvmsDir, imageFiles, b.executorName) : null,
                new StsHandler(new StsService(b.account)),
                new IamHandler(new IamService(store, b.clock, b.account)),
                new LogsHandler(logs),
                b.region);
        this.server = new JettyServer("127.0.0.1", b.port, handlers::route);
        timers.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * What the parts of the emulator that run things need from it.
     *
     * @param s3 the S3 subset's objects, where code artifacts are read from
     * @param workDirectory where built images and running MicroVMs keep their files: the state directory,
     *     or a temporary one when the emulator keeps nothing
     * @param clock the emulator's clock
     * @param standbys the apps the builder and the runtime start ahead of MicroVMs, standing in for the
     *     service's snapshots
     */
    public record Context(S3Objects s3, Path workDirectory, Clock clock, StandbyPool standbys) {}

    /** The pool of standbys; none where apps share the host's ports (a standby would hold them). */
    private static StandbyPool standbyPool(Path work, Builder b) {
        int size = b.standbyPool;
        if (size > 0 && "host".equals(b.executorName)) {
            LOG.info("No standby apps with the host executor: a standby would hold the ports its MicroVM needs,"
                    + " so each RunMicrovm starts its app and waits for ready");
            size = 0;
        }
        StandbyPool pool = new StandbyPool(work.resolve("standbys"), size);
        pool.removeLeftovers(work.resolve("microvms"));
        return pool;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the emulator listens on */
    public int port() {
        return server.port();
    }

    /** @return the emulator's endpoint, {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return where the state lives, or null when nothing is kept */
    public @Nullable Path stateDirectory() {
        return stateDirectory;
    }

    /** @return the control plane, for tests and the testkit */
    public ControlPlane controlPlane() {
        return plane;
    }

    /** @return the S3 subset's objects */
    public S3Objects s3() {
        return s3;
    }

    /** @return the emulator's CloudWatch Logs, for tests */
    public LogsService logs() {
        return logs;
    }

    /** Every API on the one port, told apart as the services' own endpoints would not need to. */
    private record Handlers(
            ApiHandler api,
            S3Handler s3,
            @Nullable AdminHandler admin,
            StsHandler sts,
            IamHandler iam,
            LogsHandler logs,
            String defaultRegion) {

        /**
         * The emulator's own paths first; then the service a call is signed for (the SigV4 scope); for an
         * unsigned call, CloudWatch Logs' target header and the query protocol's API version; then the
         * MicroVMs API by its paths, and S3 for the rest.
         */
        HttpAnswer route(HttpCall call) {
            if (call.rawPath().startsWith(AdminHandler.PREFIX)) {
                return admin != null ? admin.handle(call) : AdminHandler.disabled(call);
            }
            String region = SigV4Scope.region(call, defaultRegion);
            String service = SigV4Scope.service(call);
            if ("sts".equals(service) || (service == null && QueryRequest.isVersion(call, StsHandler.VERSION))) {
                return sts.handle(call);
            }
            if ("iam".equals(service) || (service == null && QueryRequest.isVersion(call, IamHandler.VERSION))) {
                return iam.handle(call);
            }
            if ("logs".equals(service) || (service == null && LogsHandler.owns(call))) {
                return logs.handle(call, region);
            }
            boolean signedForS3 = "s3".equals(service);
            return !signedForS3 && ApiHandler.owns(call) ? api.handle(call) : s3.handle(call, region);
        }
    }

    private void tick() {
        try {
            plane.microvms().tick();
        } catch (RuntimeException e) {
            LOG.warn("The emulator's timers failed once; they go on", e);
        }
        try {
            shipper.tick();
        } catch (RuntimeException e) {
            LOG.warn("Shipping MicroVMs' output to CloudWatch Logs failed once; it goes on", e);
        }
    }

    /**
     * Blocks until this JVM shuts down (Ctrl-C, SIGTERM), then closes the emulator: the life of a command
     * line that runs one in the foreground.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void closeAtShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            close();
                            stopped.countDown();
                        },
                        "emulator-shutdown"));
        stopped.await();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed", e);
        }
        buildThreads.shutdownNow();
        workers.shutdownNow();
        runtime.close();
        standbys.close();
        // Work under way (a terminate, a build) ends quickly once its processes are gone; waiting for it
        // means nothing writes to the state directory after close() returns.
        awaitQuietly(workers, "MicroVM work");
        awaitQuietly(buildThreads, "image builds");
        shipper.close();
    }

    private static void awaitQuietly(ExecutorService pool, String what) {
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The emulator stopped while {} were still running", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] tokenKey(@Nullable Path stateDirectory) throws IOException {
        if (stateDirectory == null) {
            return new SecureRandom().generateSeed(32);
        }
        Path file = stateDirectory.resolve("token.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            FileStore.writeAtomically(file, key);
        }
        return Files.readAllBytes(file);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures an {@link Emulator}. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private @Nullable Path stateDirectory;
        private String account = "000000000000";
        private String region = "us-east-1";
        private Clock clock = Clock.systemUTC();
        private MicrovmService.Limits limits = MicrovmService.Limits.SERVICE;
        private LogsService.Limits logLimits = LogsService.Limits.DEFAULT;
        private Function<Context, ImageBuilder> imageBuilder = Defaults::imageBuilder;
        private Function<Context, MicrovmRuntime> runtime = Defaults::runtime;
        private String executorName = "custom";
        private boolean defaultExecutor = true;
        private int standbyPool = defaultStandbyPool();
        private boolean adminEndpoints = true;

        private Builder() {}

        /**
         * @param enabled false to answer 404 on the emulator's own paths under {@code /_emulator/} (health, a
         *     MicroVM's output), so that only what the service offers is there, as a check that a client
         *     needs nothing else
         * @return this builder
         */
        public Builder adminEndpoints(boolean enabled) {
            this.adminEndpoints = enabled;
            return this;
        }

        /** @return this builder, listening on {@code port} (0 for any free port) */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @return this builder, keeping state in {@code directory} (null keeps nothing) */
        public Builder stateDirectory(@Nullable Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        /** @return this builder, with the account id of every ARN */
        public Builder account(String account) {
            if (!account.matches("\\d{12}")) {
                throw new IllegalArgumentException("account '" + account + "' must be 12 digits, such as 000000000000");
            }
            this.account = account;
            return this;
        }

        /** @return this builder, with the region of calls whose signature names none */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region == null");
            return this;
        }

        /** @return this builder, reading time from {@code clock} */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return this builder, with the account's MicroVM limits */
        public Builder limits(MicrovmService.Limits limits) {
            this.limits = limits;
            return this;
        }

        /** @return this builder, keeping at most this much of CloudWatch Logs */
        public Builder logLimits(LogsService.Limits limits) {
            this.logLimits = Objects.requireNonNull(limits, "limits == null");
            return this;
        }

        /** @return this builder, building images with what {@code factory} makes */
        public Builder imageBuilder(Function<Context, ImageBuilder> factory) {
            this.imageBuilder = factory;
            return this;
        }

        /** @return this builder, running MicroVMs with what {@code factory} makes */
        public Builder runtime(Function<Context, MicrovmRuntime> factory) {
            this.runtime = factory;
            this.defaultExecutor = false;
            return this;
        }

        /**
         * Sets how many apps each image version keeps started ahead of its MicroVMs: the service restores
         * a snapshot taken after {@code ready}, so RunMicrovm does not wait for the app to start; here a
         * standby (an app that answered {@code ready}, frozen) stands in for it. 0 starts every MicroVM's
         * app afresh and waits for {@code ready}. The default is 1, or the environment variable {@value
         * #STANDBY_POOL_VARIABLE}.
         *
         * @param perVersion standbys per image version, 0 or more
         * @return this builder
         */
        public Builder standbyPool(int perVersion) {
            if (perVersion < 0) {
                throw new IllegalArgumentException(
                        "the standby pool size is " + perVersion + "; use 0 (none) or more (1 is the default)");
            }
            this.standbyPool = perVersion;
            return this;
        }

        private static int defaultStandbyPool() {
            String value = System.getenv(STANDBY_POOL_VARIABLE);
            if (value == null || value.isBlank()) {
                return 1;
            }
            try {
                return Math.max(0, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a number; using 1 standby per image version", STANDBY_POOL_VARIABLE, value);
                return 1;
            }
        }

        /**
         * Starts the emulator.
         *
         * @return the running emulator
         * @throws UncheckedIOException when the port cannot be bound or the state directory is unusable
         */
        public Emulator start() {
            if (defaultExecutor) {
                executorName = Defaults.executorName();
            }
            try {
                return new Emulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "The emulator could not start on 127.0.0.1:" + port + ": " + e.getMessage()
                                + (port != 0 ? ". Is another emulator running? Use another port with --port." : ""),
                        e);
            }
        }
    }
}
