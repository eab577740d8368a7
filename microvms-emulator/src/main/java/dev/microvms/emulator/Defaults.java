package dev.microvms.emulator;

import dev.microvms.emulator.builder.LocalImageBuilder;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.executor.LocalExecutors;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.runtime.LocalRuntime;

/** The real image builder and MicroVM runtime: the executor detected on this machine, over the state directory. */
final class Defaults {
    private Defaults() {}

    static ImageBuilder imageBuilder(Emulator.Context context) {
        return new LocalImageBuilder(
                LocalExecutors.detect().executor(),
                context.s3(),
                imageFiles(context),
                context.standbys(),
                context.clock(),
                context.artifactDirectories());
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
