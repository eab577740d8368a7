package dev.microvms.emulator.logs;

import dev.microvms.emulator.core.BuildJob;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.model.Logging;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * An image builder whose builds, when the image's logging names a CloudWatch log group, have their build log
 * shipped into it as it is written. The stream, when the logging names none, is {@code
 * build/<image>/<version>}: the service's own naming is not documented, so this is the emulator's choice.
 */
public final class LoggedImageBuilder implements ImageBuilder {
    private final ImageBuilder builder;
    private final LogShipper shipper;
    private final Function<BuildJob, Path> buildLog;

    /**
     * @param builder the builder that builds
     * @param shipper where build logs go
     * @param buildLog a build to the file its log is written to
     */
    public LoggedImageBuilder(ImageBuilder builder, LogShipper shipper, Function<BuildJob, Path> buildLog) {
        this.builder = builder;
        this.shipper = shipper;
        this.buildLog = buildLog;
    }

    /**
     * @param imageName an image's name
     * @param version one of its versions
     * @return the log stream of that version's build when the image's logging names none
     */
    public static String defaultStream(String imageName, String version) {
        return "build/" + imageName + "/" + version;
    }

    @Override
    public BuildResult build(BuildJob job) throws InterruptedException {
        if (!(job.config().logging() instanceof Logging.CloudWatch cw)
                || cw.cloudWatch().logGroup() == null) {
            return builder.build(job);
        }
        String stream = cw.cloudWatch().logStream() != null
                ? cw.cloudWatch().logStream()
                : defaultStream(job.imageName(), job.version());
        try (LogShipper.Follow follow = shipper.follow(
                job.context().region(), cw.cloudWatch().logGroup(), stream, List.of(buildLog.apply(job)))) {
            return builder.build(job);
        }
    }

    @Override
    public void discardWork(BuildJob job) {
        builder.discardWork(job);
    }

    @Override
    public void discard(BuildJob job) {
        builder.discard(job);
    }
}
