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

/**
 * The emulator's resources in memory, written through to the {@link Store} on every change. One lock
 * guards them all: calls are short, and builds and hooks run outside it.
 */
final class Registry {
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

    @Nullable
    IdempotencyRecord token(String key) {
        return tokens.get(key);
    }

    void save(IdempotencyRecord token) {
        store.put(TOKENS, token.key(), token);
        tokens.put(token.key(), token);
    }
}
