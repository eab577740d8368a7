package dev.microvms.emulator.core;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The emulator's control plane: every resource and rule of the API, behind the HTTP layer. Build one
 * with {@link #builder()}; it reads what the {@link Store} holds, mends records that point at ones
 * that are gone, and starts again the builds and deletions a stop interrupted.
 *
 * <pre>{@code
 * ControlPlane plane = ControlPlane.builder().store(store).imageBuilder(builder).build();
 * plane.images().create(new RequestContext("us-east-1", "123456789012"), request);
 * }</pre>
 */
public final class ControlPlane {
    private final ImageService images;
    private final MicrovmService microvms;
    private final Tags tags;
    private final ManagedImages managed = new ManagedImages();

    private ControlPlane(Builder b) {
        Registry registry = new Registry(b.store, b.clock);
        StateCheck.mend(registry);
        this.images = new ImageService(registry, b.imageBuilder, b.buildThreads, b.maxImages, b.runtime);
        this.microvms = new MicrovmService(
                registry, b.store, images, b.runtime, b.workers, new AuthTokens(b.tokenKey), b.limits, b.capacityMiB);
        this.tags = new Tags(registry, images);
        b.runtime.attach(microvms);
        microvms.recoverAfterRestart();
        images.resumeInterruptedWork();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return images, versions and builds */
    public ImageService images() {
        return images;
    }

    /** @return MicroVMs */
    public MicrovmService microvms() {
        return microvms;
    }

    /** @return the tag operations */
    public Tags tags() {
        return tags;
    }

    /** @return the managed base images */
    public ManagedImages managedImages() {
        return managed;
    }

    /** Configures a {@link ControlPlane}. */
    public static final class Builder {
        private Store store = new MemoryStore();
        private Clock clock = Clock.systemUTC();
        private ImageBuilder imageBuilder =
                job -> BuildResult.failure("No image builder is configured.", "INTERNAL_ERROR");
        // Builds never run on the caller's thread, which holds the control plane's lock.
        private Executor buildThreads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "control-plane-build");
            t.setDaemon(true);
            return t;
        });
        private int maxImages = 100;
        private MicrovmRuntime runtime = new UnavailableRuntime();
        private Executor workers = Runnable::run;
        private byte[] tokenKey = new SecureRandom().generateSeed(32);
        private MicrovmService.Limits limits = MicrovmService.Limits.SERVICE;
        private long capacityMiB = machineMemoryMiB();

        private Builder() {}

        /** @return this builder, running MicroVMs with {@code runtime} */
        public Builder runtime(MicrovmRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** @return this builder, doing MicroVM work (start, hooks, freeze) on {@code workers} */
        public Builder workers(Executor workers) {
            this.workers = workers;
            return this;
        }

        /** @return this builder, signing endpoint tokens with {@code tokenKey} (32 bytes or more) */
        public Builder tokenKey(byte[] tokenKey) {
            this.tokenKey = tokenKey.clone();
            return this;
        }

        /**
         * Sets how much memory this machine gives the MicroVMs of every account together: a RunMicrovm
         * that would go beyond it answers InsufficientCapacityException. The default is the machine's
         * physical memory.
         *
         * @param capacityMiB the memory in MiB
         * @return this builder
         */
        public Builder capacityMiB(long capacityMiB) {
            if (capacityMiB <= 0) {
                throw new IllegalArgumentException("capacityMiB must be positive, was " + capacityMiB);
            }
            this.capacityMiB = capacityMiB;
            return this;
        }

        private static long machineMemoryMiB() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    && os.getTotalMemorySize() > 0) {
                return os.getTotalMemorySize() / (1024 * 1024);
            }
            return Long.MAX_VALUE;
        }

        /** @return this builder, with the account's MicroVM limits */
        public Builder limits(MicrovmService.Limits limits) {
            this.limits = limits;
            return this;
        }

        /** @return this builder, keeping resources in {@code store} */
        public Builder store(Store store) {
            this.store = store;
            return this;
        }

        /** @return this builder, reading time from {@code clock} */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return this builder, building images with {@code imageBuilder} */
        public Builder imageBuilder(ImageBuilder imageBuilder) {
            this.imageBuilder = imageBuilder;
            return this;
        }

        /** @return this builder, running builds and deletions on {@code buildThreads} */
        public Builder buildThreads(Executor buildThreads) {
            this.buildThreads = buildThreads;
            return this;
        }

        /** @return this builder, with a quota of {@code maxImages} images per account and region */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /** @return the control plane */
        public ControlPlane build() {
            return new ControlPlane(this);
        }
    }
}
