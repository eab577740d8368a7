package dev.microvms.emulator;

import dev.microvms.emulator.api.AdminHandler;
import dev.microvms.emulator.api.ApiHandler;
import dev.microvms.emulator.api.Regions;
import dev.microvms.emulator.core.ControlPlane;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.MemoryStore;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.core.Store;
import dev.microvms.emulator.http.JettyServer;
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
import dev.microvms.emulator.store.SetAside;
import dev.microvms.emulator.sts.StsHandler;
import dev.microvms.emulator.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
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
    private final BiConsumer<Emulator, Throwable> fatalErrors;
    private final AtomicBoolean fatalSeen = new AtomicBoolean();
    private final LogsService logs;
    private final LogShipper shipper;

    private Emulator(Builder b) throws Exception {
        this.stateDirectory = b.stateDirectory;
        Path work = b.stateDirectory != null ? b.stateDirectory : Files.createTempDirectory("lambda-microvms-");
        Path s3Dir = Files.createDirectories(work.resolve("s3"));
        this.fatalErrors = b.onFatalError;
        this.s3 = new S3Objects(s3Dir);
        Store store = b.stateDirectory != null ? new FileStore(b.stateDirectory.resolve("store")) : new MemoryStore();
        this.buildThreads = Executors.newFixedThreadPool(2, daemon("emulator-build"));
        this.workers = Executors.newCachedThreadPool(daemon("emulator-worker"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("emulator-timers"));
        this.standbys = standbyPool(work, b);
        Context context = new Context(s3, work, b.clock, standbys, List.copyOf(b.artifactDirectories));
        this.runtime = b.runtime.apply(context);
        this.logs = new LogsService(store, b.clock, b.account, b.logLimits);
        this.shipper = new LogShipper(logs);
        logs.beforeRead(shipper::shipCompleteLines);
        Path microvmsDir = work.resolve("microvms");
        ImageFiles imageFiles = Defaults.imageFiles(context);
        ControlPlane.Builder planeBuilder = ControlPlane.builder()
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
                .limits(b.limits);
        if (b.capacityMiB != null) {
            planeBuilder.capacityMiB(b.capacityMiB);
        }
        this.plane = planeBuilder.build();
        PortService service = new PortService(
                new ApiHandler(plane, b.region, b.account),
                new S3Handler(s3, new BucketSettings(s3Dir)),
                b.adminEndpoints ? new AdminHandler(plane.microvms(), microvmsDir, imageFiles, b.executorName) : null,
                new StsHandler(new StsService(b.account)),
                new IamHandler(new IamService(store, b.clock, b.account)),
                new LogsHandler(logs),
                b.region);
        this.server = new JettyServer("127.0.0.1", b.port, service, b.httpLimits, this::fatal);
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
     * @param artifactDirectories the directories {@code file://} code artifacts may be read from; none by
     *     default, as the service reads artifacts from S3 only
     */
    public record Context(
            S3Objects s3, Path workDirectory, Clock clock, StandbyPool standbys, List<Path> artifactDirectories) {}

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

    /** Applies the timers; nothing thrown may end them, as the next run must still come a second later. */
    private void tick() {
        try {
            plane.microvms().tick();
        } catch (VirtualMachineError e) {
            fatal(e);
        } catch (Throwable t) {
            LOG.error("The emulator's timers failed once; they go on", t);
        }
        try {
            shipper.tick();
        } catch (RuntimeException e) {
            LOG.warn("Shipping MicroVMs' output to CloudWatch Logs failed once; it goes on", e);
        }
    }

    /**
     * An error the JVM may not go on safely after, such as {@link OutOfMemoryError}, reached one of the
     * emulator's threads: logged once, then handed to what the builder was given ({@link
     * Builder#onFatalError}).
     */
    private void fatal(Throwable error) {
        if (!fatalSeen.compareAndSet(false, true)) {
            return;
        }
        LOG.error("The emulator hit an error it cannot go on safely after; it stops serving", error);
        fatalErrors.accept(this, error);
    }

    /**
     * What an embedded emulator does after a fatal error: it closes itself, on a thread of its own, so that
     * clients get refused connections at once instead of a port that accepts and never answers. The JVM
     * belongs to the application (a test run, usually), so the emulator does not end it.
     */
    static void closeItself(Emulator emulator, Throwable error) {
        Thread stopping = new Thread(emulator::close, "emulator-fatal-stop");
        stopping.setDaemon(true);
        stopping.start();
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

    /**
     * The key that signs endpoint tokens, kept in {@code token.key}. A key cut short by hand is set aside
     * and a new one made: tokens signed with the old key are worthless anyway once the emulator restarts,
     * since every MicroVM ended with it.
     */
    private static byte[] tokenKey(@Nullable Path stateDirectory) throws IOException {
        if (stateDirectory == null) {
            return new SecureRandom().generateSeed(32);
        }
        Path file = stateDirectory.resolve("token.key");
        if (Files.exists(file) && Files.size(file) < 32) {
            SetAside.file(file, "a token key is 32 bytes or more, and it has " + Files.size(file));
        }
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            FileStore.writeAtomically(file, key);
        }
        return Files.readAllBytes(file);
    }

    private java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> {
                if (e instanceof VirtualMachineError) {
                    fatal(e);
                } else {
                    LOG.error("{} failed", thread.getName(), e);
                }
            });
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
        private @Nullable Long capacityMiB;
        private LogsService.Limits logLimits = LogsService.Limits.DEFAULT;
        private Function<Context, ImageBuilder> imageBuilder = Defaults::imageBuilder;
        private Function<Context, MicrovmRuntime> runtime = Defaults::runtime;
        private String executorName = "custom";
        private boolean defaultExecutor = true;
        private int standbyPool = defaultStandbyPool();
        private boolean adminEndpoints = true;
        private JettyServer.Limits httpLimits = JettyServer.Limits.defaults();
        private BiConsumer<Emulator, Throwable> onFatalError = Emulator::closeItself;
        private final List<Path> artifactDirectories = new ArrayList<>();

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

        /**
         * @return this builder, limiting what one client of the port may take (idle time, data rate, memory
         *     for bodies, head size) as {@code limits} says
         */
        public Builder httpLimits(JettyServer.Limits limits) {
            this.httpLimits = Objects.requireNonNull(limits, "limits == null");
            return this;
        }

        /**
         * Sets what happens after an error the JVM cannot go on safely after (such as {@link
         * OutOfMemoryError}) reaches one of the emulator's threads. By default an embedded emulator closes
         * itself and leaves the JVM to its application; the command line ends the JVM instead.
         *
         * @return this builder
         */
        public Builder onFatalError(BiConsumer<Emulator, Throwable> handler) {
            this.onFatalError = Objects.requireNonNull(handler, "handler == null");
            return this;
        }

        /**
         * Lets code artifacts be read from {@code file://} URIs under a directory. The service reads
         * artifacts from S3 only, and a local file can be any of this machine's, so there are none by
         * default.
         *
         * @return this builder
         */
        public Builder artifactDirectory(Path directory) {
            this.artifactDirectories.add(directory.toAbsolutePath().normalize());
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

        /**
         * @return this builder, with the region of calls whose signature names none: one the service runs in
         *     ({@link Regions#SUPPORTED})
         */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region == null");
            if (!Regions.supported(region)) {
                throw new IllegalArgumentException(
                        Regions.unsupported(region).replace("that the call was signed for", "given to the emulator"));
            }
            this.region = region;
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

        /**
         * Sets the memory the machine gives the MicroVMs of every account together; beyond it RunMicrovm
         * answers InsufficientCapacityException. The default is the machine's physical memory.
         *
         * @param capacityMiB the memory in MiB
         * @return this builder
         */
        public Builder capacityMiB(long capacityMiB) {
            this.capacityMiB = capacityMiB;
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
                if (e.getCause() instanceof BindException) {
                    throw new IllegalStateException(
                            "The emulator could not listen on 127.0.0.1:" + port + ": "
                                    + e.getCause().getMessage()
                                    + ". Is another emulator running? Use another port with --port.",
                            e);
                }
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("The emulator could not start: " + e.getMessage(), e);
            }
        }
    }
}
