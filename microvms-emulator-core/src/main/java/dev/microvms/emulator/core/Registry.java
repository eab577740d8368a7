package dev.microvms.emulator.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's resources in memory, written through to the {@link Store} on every change. One lock
 * guards them all: calls are short, and builds and hooks run outside it. What the store holds is checked
 * when the control plane starts ({@link StateCheck}).
 */
final class Registry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    static final String IMAGES = "images";
    static final String VERSIONS = "versions";
    static final String BUILDS = "builds";
    static final String TOKENS = "client-tokens";

    final ReentrantLock lock = new ReentrantLock();
    private final Store store;
    private final Clock clock;
    private final Map<String, Image> images = new HashMap<>();
    private final Map<String, ImageVersion> versions = new HashMap<>();
    private final Map<String, Build> builds = new HashMap<>();
    private final Map<String, IdempotencyRecord> tokens = new HashMap<>();

    Registry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.all(IMAGES, Image.class).forEach(i -> images.put(i.arn(), i));
        store.all(VERSIONS, ImageVersion.class).forEach(v -> versions.put(v.key(), v));
        store.all(BUILDS, Build.class).forEach(b -> builds.put(b.key(), b));
        store.all(TOKENS, IdempotencyRecord.class).forEach(t -> tokens.put(t.key(), t));
    }

    /** @return every build, for the checks at start */
    List<Build> allBuilds() {
        return new ArrayList<>(builds.values());
    }

    /** Sets aside a version whose image is gone, with its builds: kept on disk, no longer served. */
    void setAside(ImageVersion version, String why) {
        for (Build build : builds(version.imageArn(), version.version())) {
            setAside(build, why);
        }
        store.setAside(VERSIONS, version.key(), why);
        versions.remove(version.key());
    }

    /** Sets aside a build whose version is gone: kept on disk, no longer served. */
    void setAside(Build build, String why) {
        store.setAside(BUILDS, build.key(), why);
        builds.remove(build.key());
    }

    Instant now() {
        return clock.instant();
    }

    Clock clock() {
        return clock;
    }

    @Nullable
    Image image(String arn) {
        return images.get(arn);
    }

    void save(Image image) {
        store.put(IMAGES, image.arn(), image);
        images.put(image.arn(), image);
    }

    List<Image> images(Predicate<Image> filter) {
        List<Image> found = new ArrayList<>();
        for (Image image : images.values()) {
            if (filter.test(image)) {
                found.add(image);
            }
        }
        found.sort(Comparator.comparing(Image::name));
        return found;
    }

    @Nullable
    ImageVersion version(String imageArn, String version) {
        return versions.get(ImageVersion.key(imageArn, version));
    }

    void save(ImageVersion version) {
        store.put(VERSIONS, version.key(), version);
        versions.put(version.key(), version);
    }

    void remove(ImageVersion version) {
        for (Build build : builds(version.imageArn(), version.version())) {
            store.remove(BUILDS, build.key());
            builds.remove(build.key());
        }
        store.remove(VERSIONS, version.key());
        versions.remove(version.key());
    }

    void remove(Image image) {
        for (ImageVersion version : versions(image.arn())) {
            remove(version);
        }
        store.remove(IMAGES, image.arn());
        images.remove(image.arn());
    }

    /** @return the image's versions, newest first */
    List<ImageVersion> versions(String imageArn) {
        List<ImageVersion> found = new ArrayList<>();
        for (ImageVersion v : versions.values()) {
            if (v.imageArn().equals(imageArn)) {
                found.add(v);
            }
        }
        found.sort(Comparator.comparingInt(ImageVersion::number).reversed());
        return found;
    }

    /** @return every version of every image, for recovery after a restart */
    List<ImageVersion> allVersions() {
        return new ArrayList<>(versions.values());
    }

    void save(Build build) {
        store.put(BUILDS, build.key(), build);
        builds.put(build.key(), build);
    }

    /** @return the version's builds, newest chipset generation first */
    List<Build> builds(String imageArn, String version) {
        String prefix = ImageVersion.key(imageArn, version) + "/";
        List<Build> found = new ArrayList<>();
        for (Map.Entry<String, Build> e : builds.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                found.add(e.getValue());
            }
        }
        found.sort(Comparator.comparing(Build::chipsetGeneration).reversed().thenComparing(Build::buildId));
        return found;
    }

    /**
     * Writes an image, version or build through to the store; when the store cannot take it (a full disk),
     * keeps it in memory all the same, and says so in the log.
     *
     * @return true when it was written
     */
    boolean saveOrKeep(Object record) {
        try {
            saveAny(record);
            return true;
        } catch (RuntimeException e) {
            LOG.error(
                    "Cannot write {} to the state directory ({}); the emulator keeps it in memory while it runs",
                    record,
                    e.getMessage());
            if (record instanceof Image i) {
                images.put(i.arn(), i);
            } else if (record instanceof ImageVersion v) {
                versions.put(v.key(), v);
            } else if (record instanceof Build b) {
                builds.put(b.key(), b);
            }
            return false;
        }
    }

    private void saveAny(Object record) {
        if (record instanceof Image i) {
            save(i);
        } else if (record instanceof ImageVersion v) {
            save(v);
        } else if (record instanceof Build b) {
            save(b);
        } else {
            throw new IllegalArgumentException("not a record of the registry: " + record);
        }
    }

    /** Recomputes and saves the image's latest active and failed versions. */
    void refreshLatest(String imageArn) {
        Image image = withLatest(imageArn);
        if (image != null) {
            save(image);
        }
    }

    /** @return the image with its latest active and failed versions as its versions say, or null when none */
    @Nullable
    Image withLatest(String imageArn) {
        Image image = images.get(imageArn);
        if (image == null) {
            return null;
        }
        String active = null;
        String failed = null;
        for (ImageVersion v : versions(imageArn)) {
            if (active == null && v.runnable()) {
                active = v.version();
            }
            if (failed == null && v.state() == VersionState.FAILED) {
                failed = v.version();
            }
        }
        return image.withVersions(active, failed, now());
    }

    @Nullable
    IdempotencyRecord token(String key) {
        return tokens.get(key);
    }

    void save(IdempotencyRecord token) {
        store.put(TOKENS, token.key(), token);
        tokens.put(token.key(), token);
    }
}
