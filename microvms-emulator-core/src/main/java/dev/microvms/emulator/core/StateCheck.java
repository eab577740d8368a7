package dev.microvms.emulator.core;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks what the store held at start against itself, so that no record points at one that is gone (a
 * file deleted, or set aside as unreadable): versions and builds without their image or version are set
 * aside (kept on disk, where they can be restored with their parent), an image names as latest only
 * versions it has, and an image still CREATING or UPDATING with no version building has failed. Each fix
 * is a log line.
 */
final class StateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StateCheck.class);

    private StateCheck() {}

    static void mend(Registry registry) {
        registry.lock.lock();
        try {
            dropOrphans(registry);
            for (Image image :
                    registry.images(i -> i.state() != ImageState.DELETED && i.state() != ImageState.DELETING)) {
                mendImage(registry, image);
            }
        } finally {
            registry.lock.unlock();
        }
    }

    private static void dropOrphans(Registry registry) {
        for (ImageVersion version : registry.allVersions()) {
            if (registry.image(version.imageArn()) == null) {
                registry.setAside(version, "version " + version.version() + " of an image that is not there");
            }
        }
        for (Build build : registry.allBuilds()) {
            if (registry.version(build.imageArn(), build.version()) == null) {
                registry.setAside(build, "a build of version " + build.version() + ", which is not there");
            }
        }
    }

    private static void mendImage(Registry registry, Image image) {
        boolean building = registry.versions(image.arn()).stream()
                .anyMatch(v -> v.state() == VersionState.PENDING || v.state() == VersionState.IN_PROGRESS);
        if (image.state().building() && !building) {
            ImageState failed =
                    image.state() == ImageState.CREATING ? ImageState.CREATE_FAILED : ImageState.UPDATE_FAILED;
            LOG.warn(
                    "Image {} was {}, but none of its versions is building; it is {} now, and can be deleted",
                    image.arn(),
                    image.state(),
                    failed);
            registry.saveOrKeep(image.moveTo(failed, registry.now()));
        }
        Image latest = Objects.requireNonNull(registry.withLatest(image.arn()));
        if (!Objects.equals(latest.latestActiveImageVersion(), image.latestActiveImageVersion())
                || !Objects.equals(latest.latestFailedImageVersion(), image.latestFailedImageVersion())) {
            LOG.warn(
                    "Image {} named {} as its latest active version and {} as its latest failed one, which its"
                            + " versions do not bear out; it names {} and {} now",
                    image.arn(),
                    image.latestActiveImageVersion(),
                    image.latestFailedImageVersion(),
                    latest.latestActiveImageVersion(),
                    latest.latestFailedImageVersion());
            registry.saveOrKeep(latest);
        }
    }
}
