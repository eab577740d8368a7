package dev.microvms.emulator;

import dev.microvms.emulator.builder.LocalImageBuilder;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.dockerfile.DirectoryStepCache;
import dev.microvms.emulator.core.dockerfile.StepCache;
import dev.microvms.emulator.executor.LocalExecutors;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.runtime.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The real image builder and MicroVM runtime: the executor detected on this machine, over the state directory. */
final class Defaults {
    private Defaults() {}

    /** The most the build cache's trees take on disk; the entries used longest ago go first. */
    static final long BUILD_CACHE_BYTES = 2L << 30;

    static ImageBuilder imageBuilder(Emulator.Context context) {
        StepCache cache;
        try {
            cache = new DirectoryStepCache(
                    context.workDirectory().resolve("build-cache"), BUILD_CACHE_BYTES, context.clock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the build cache: " + e.getMessage(), e);
        }
        return new LocalImageBuilder(
                LocalExecutors.detect().executor(),
                context.s3(),
                imageFiles(context),
                context.standbys(),
                context.clock(),
                context.artifactDirectories(),
                cache);
    }

    static MicrovmRuntime runtime(Emulator.Context context) {
        return new LocalRuntime(
                LocalExecutors.detect().executor(),
                imageFiles(context),
                context.workDirectory().resolve("microvms"),
                context.clock(),
                context.standbys());
    }

    /** @return the name of the executor detected here, such as {@code sandbox} */
    static String executorName() {
        return LocalExecutors.detect().executor().name();
    }

    /** @return where image versions live under the emulator's work directory, with their build logs */
    static ImageFiles imageFiles(Emulator.Context context) {
        return new ImageFiles(context.workDirectory().resolve("images"));
    }
}
