package dev.microvms.emulator.core;

import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmImageConfiguration;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images, their versions and their builds, with the service's rules: names unique per account and
 * region, versions {@code 1.0}, {@code 2.0}, ..., builds run asynchronously per chipset generation, an
 * image still CREATING cannot be deleted, the last version cannot be deleted alone, INACTIVE versions
 * are not run.
 */
public final class ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_]+");
    private static final List<String> CHIPSET_GENERATIONS = List.of("4", "3");

    private final Registry registry;
    private final ImageBuilder builder;
    private final Executor buildThreads;
    private final int maxImages;
    private final MicrovmRuntime runtime;

    ImageService(
            Registry registry, ImageBuilder builder, Executor buildThreads, int maxImages, MicrovmRuntime runtime) {
        this.registry = registry;
        this.builder = builder;
        this.buildThreads = buildThreads;
        this.maxImages = maxImages;
        this.runtime = runtime;
    }

    /**
     * An image and one of its versions, as CreateMicrovmImage and UpdateMicrovmImage answer.
     *
     * @param image the image
     * @param version the version the call made
     */
    public record ImageAndVersion(Image image, ImageVersion version) {}

    /** CreateMicrovmImage. */
    public ImageAndVersion create(RequestContext ctx, CreateMicrovmImageRequest r) {
        Violations v = new Violations();
        if (v.notNull("name", r.name())) {
            v.string("name", r.name(), 1, 64, NAME);
        }
        ImageConfigs.Given given = given(r);
        ImageConfigs.check(given, v);
        Tags.check(r.tags(), v);
        v.string("clientToken", r.clientToken(), 1, 128, null);
        v.throwIfAny();
        checkBaseImage(ctx, given);
        RunChecks.connectors(ctx, given.egressNetworkConnectors(), false);
        ImageAndVersion made;
        registry.lock.lock();
        try {
            String fingerprint = Fingerprint.of(r, "clientToken");
            ImageAndVersion replay = replay(ctx, "CreateMicrovmImage", r.clientToken(), fingerprint);
            if (replay != null) {
                return replay;
            }
            String arn = Arns.image(ctx, r.name());
            Image existing = registry.image(arn);
            if (existing != null && existing.state() != ImageState.DELETED) {
                // The live service answers a name in use with a 400, not the modelled ConflictException.
                throw ApiException.validation(
                        "A MicroVM image with the name '" + r.name() + "' already exists in this account");
            }
            if (registry.images(i -> i.state() != ImageState.DELETED && inScope(ctx, i.arn()))
                            .size()
                    >= maxImages) {
                throw new ApiException(
                        ErrorType.SERVICE_QUOTA_EXCEEDED,
                        "The maximum number of MicroVM images (" + maxImages + ") has been reached for this account.");
            }
            Instant now = registry.now();
            if (existing != null) {
                registry.remove(existing);
            }
            Image image = new Image(
                    arn,
                    UUID.randomUUID().toString(),
                    r.name(),
                    ImageState.CREATING,
                    null,
                    null,
                    1,
                    now,
                    now,
                    r.tags() == null ? Map.of() : r.tags());
            registry.save(image);
            ImageVersion version = newVersion(ctx, image, "1.0", ImageConfigs.withDefaults(given, ctx.region()), now);
            remember(ctx, "CreateMicrovmImage", r.clientToken(), fingerprint, arn + "|" + version.version());
            made = new ImageAndVersion(image, version);
        } finally {
            registry.lock.unlock();
        }
        submit(ctx, made);
        return made;
    }

    /** UpdateMicrovmImage: a new version with the whole configuration replaced. */
    public ImageAndVersion update(RequestContext ctx, UpdateMicrovmImageRequest r) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, r.imageIdentifier());
        ImageConfigs.Given given = given(r);
        ImageConfigs.check(given, v);
        v.string("clientToken", r.clientToken(), 1, 128, null);
        v.throwIfAny();
        checkBaseImage(ctx, given);
        RunChecks.connectors(ctx, given.egressNetworkConnectors(), false);
        ImageAndVersion made;
        registry.lock.lock();
        try {
            String fingerprint = Fingerprint.of(r, "clientToken");
            ImageAndVersion replay = replay(ctx, "UpdateMicrovmImage", r.clientToken(), fingerprint);
            if (replay != null) {
                return replay;
            }
            Image image = find(ctx, r.imageIdentifier());
            if (!image.state().canMoveTo(ImageState.UPDATING)) {
                throw ApiException.conflict("MicroVM image " + image.arn() + " is in state " + image.state()
                        + " and cannot be updated now. Wait until it is CREATED or UPDATED.");
            }
            Instant now = registry.now();
            int number = image.lastVersionNumber() + 1;
            image = image.moveTo(ImageState.UPDATING, now).withLastVersionNumber(number);
            registry.save(image);
            ImageVersion version =
                    newVersion(ctx, image, number + ".0", ImageConfigs.withDefaults(given, ctx.region()), now);
            remember(ctx, "UpdateMicrovmImage", r.clientToken(), fingerprint, image.arn() + "|" + version.version());
            made = new ImageAndVersion(image, version);
        } finally {
            registry.lock.unlock();
        }
        submit(ctx, made);
        return made;
    }

    /** GetMicrovmImage. */
    public Image get(RequestContext ctx, @Nullable String identifier) {
        requireIdentifier(identifier);
        registry.lock.lock();
        try {
            return find(ctx, identifier);
        } finally {
            registry.lock.unlock();
        }
    }

    /** ListMicrovmImages. */
    public Page<Image> list(
            RequestContext ctx, @Nullable Integer maxResults, @Nullable String nextToken, @Nullable String nameFilter) {
        Violations v = new Violations();
        Page.check(v, maxResults, nextToken);
        Shapes.nonBlank(v, "nameFilter", nameFilter);
        v.throwIfAny();
        registry.lock.lock();
        try {
            List<Image> all = registry.images(i -> i.state() != ImageState.DELETED && inScope(ctx, i.arn()));
            return Page.of(
                    all,
                    Image::name,
                    maxResults,
                    nextToken,
                    i -> nameFilter == null || i.name().contains(nameFilter));
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * DeleteMicrovmImage, idempotent: an image already deleted answers DELETED.
     *
     * @return the image's ARN and its state after the call
     */
    public Image delete(RequestContext ctx, @Nullable String identifier) {
        requireIdentifier(identifier);
        registry.lock.lock();
        try {
            String arn = arnOf(ctx, identifier);
            Image image = inScope(ctx, arn) ? registry.image(arn) : null;
            if (image == null) {
                throw notFound(arn);
            }
            if (image.state() == ImageState.DELETED || image.state() == ImageState.DELETING) {
                return image;
            }
            if (image.state().building()) {
                throw ApiException.conflict("MicroVM image " + image.arn() + " is in state " + image.state()
                        + " and cannot be deleted until its build finishes.");
            }
            Image deleting = image.moveTo(ImageState.DELETING, registry.now());
            registry.save(deleting);
            buildThreads.execute(() -> finishDelete(deleting.arn()));
            return deleting;
        } finally {
            registry.lock.unlock();
        }
    }

    /** Removes the image's files, then its versions' records, and leaves a DELETED tombstone. */
    private void finishDelete(String arn) {
        List<String> retired = new ArrayList<>();
        Image image;
        List<ImageVersion> versions;
        registry.lock.lock();
        try {
            image = registry.image(arn);
            if (image == null || image.state() != ImageState.DELETING) {
                return;
            }
            versions = registry.versions(arn);
        } finally {
            registry.lock.unlock();
        }
        // Files first: a stop in between leaves the image DELETING, and the deletion is resumed at start.
        versions.forEach(v -> discard(image, v));
        registry.lock.lock();
        try {
            Image now = registry.image(arn);
            if (now == null || now.state() != ImageState.DELETING) {
                return;
            }
            for (ImageVersion version : registry.versions(arn)) {
                registry.remove(version);
                retired.add(version.version());
            }
            // A tombstone, so that deleting again answers DELETED and the name can be used again.
            registry.save(now.moveTo(ImageState.DELETED, registry.now()).withTags(Map.of()));
        } finally {
            registry.lock.unlock();
        }
        retired.forEach(version -> runtime.retire(arn, version));
    }

    private void discard(Image image, ImageVersion version) {
        try {
            builder.discard(jobOf(image, version));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Removing the files of {} version {} failed; they stay on disk",
                    image.name(),
                    version.version(),
                    e);
        }
    }

    private static BuildJob jobOf(Image image, ImageVersion version) {
        Arns.ImageArn arn = Objects.requireNonNull(Arns.parseImage(image.arn()));
        return new BuildJob(
                new RequestContext(arn.region(), arn.account()),
                image.arn(),
                image.name(),
                version.version(),
                version.config());
    }

    /** ListMicrovmImageVersions, newest first. */
    public Page<ImageVersion> versions(
            RequestContext ctx, @Nullable String identifier, @Nullable Integer maxResults, @Nullable String nextToken) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        Page.check(v, maxResults, nextToken);
        v.throwIfAny();
        registry.lock.lock();
        try {
            Image image = find(ctx, identifier);
            List<ImageVersion> all = visible(registry.versions(image.arn()));
            return Page.of(all, ImageService::descendingKey, maxResults, nextToken, x -> true);
        } finally {
            registry.lock.unlock();
        }
    }

    /** GetMicrovmImageVersion. */
    public ImageVersion version(RequestContext ctx, @Nullable String identifier, @Nullable String version) {
        requireVersion(identifier, version);
        registry.lock.lock();
        try {
            return findVersion(ctx, identifier, version);
        } finally {
            registry.lock.unlock();
        }
    }

    /** UpdateMicrovmImageVersion: ACTIVE or INACTIVE. */
    public ImageVersion setStatus(
            RequestContext ctx,
            @Nullable String identifier,
            @Nullable String version,
            @Nullable MicrovmImageVersionStatus status) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        Shapes.requiredNonBlank(v, "imageVersion", version);
        if (v.notNull("status", status)) {
            v.known("status", status, "ACTIVE", "INACTIVE");
        }
        v.throwIfAny();
        ImageVersion changed;
        registry.lock.lock();
        try {
            ImageVersion found = findVersion(ctx, identifier, version);
            changed = found.withActive(status == MicrovmImageVersionStatus.ACTIVE, registry.now());
            registry.save(changed);
            registry.refreshLatest(changed.imageArn());
        } finally {
            registry.lock.unlock();
        }
        if (!changed.active()) {
            runtime.retire(changed.imageArn(), changed.version());
        }
        return changed;
    }

    /** DeleteMicrovmImageVersion, idempotent. */
    public ImageVersion deleteVersion(RequestContext ctx, @Nullable String identifier, @Nullable String version) {
        requireVersion(identifier, version);
        ImageVersion deleting;
        registry.lock.lock();
        try {
            Image image = find(ctx, identifier);
            ImageVersion found = registry.version(image.arn(), version);
            if (found == null) {
                throw versionNotFound(image.arn(), version);
            }
            if (found.state() == VersionState.DELETED || found.state() == VersionState.DELETING) {
                return found;
            }
            if (visible(registry.versions(image.arn())).size() == 1) {
                throw ApiException.conflict("Version " + version + " is the only version of MicroVM image "
                        + image.arn() + " and cannot be deleted alone. Delete the image instead.");
            }
            if (found.state() == VersionState.PENDING || found.state() == VersionState.IN_PROGRESS) {
                throw ApiException.conflict("Version " + version + " of MicroVM image " + image.arn()
                        + " is still building and cannot be deleted until its build finishes.");
            }
            deleting = found.moveTo(VersionState.DELETING, found.stateReason(), registry.now());
            registry.save(deleting);
        } finally {
            registry.lock.unlock();
        }
        runtime.retire(deleting.imageArn(), deleting.version());
        String arn = deleting.imageArn();
        String number = deleting.version();
        buildThreads.execute(() -> finishDeleteVersion(arn, number));
        return deleting;
    }

    private void finishDeleteVersion(String imageArn, String version) {
        Image image;
        ImageVersion found;
        registry.lock.lock();
        try {
            image = registry.image(imageArn);
            found = registry.version(imageArn, version);
            if (image == null || found == null || found.state() != VersionState.DELETING) {
                return;
            }
        } finally {
            registry.lock.unlock();
        }
        discard(image, found);
        registry.lock.lock();
        try {
            ImageVersion now = registry.version(imageArn, version);
            if (now == null || now.state() != VersionState.DELETING) {
                return;
            }
            registry.remove(now);
            registry.save(now.moveTo(VersionState.DELETED, null, registry.now()));
            registry.refreshLatest(imageArn);
        } finally {
            registry.lock.unlock();
        }
    }

    /** ListMicrovmImageBuilds. */
    public Page<Build> builds(RequestContext ctx, ListMicrovmImageBuildsRequest r) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, r.imageIdentifier());
        Shapes.requiredNonBlank(v, "imageVersion", r.imageVersion());
        Page.check(v, r.maxResults(), r.nextToken());
        Shapes.nonBlank(v, "chipsetGeneration", r.chipsetGeneration());
        v.known("architecture", r.architecture(), "ARM_64");
        v.known("chipset", r.chipset(), "GRAVITON");
        v.throwIfAny();
        registry.lock.lock();
        try {
            ImageVersion version = findVersion(ctx, r.imageIdentifier(), r.imageVersion());
            List<Build> all = registry.builds(version.imageArn(), version.version());
            return Page.of(
                    all,
                    b -> (char) ('9' - b.chipsetGeneration().charAt(0)) + b.buildId(),
                    r.maxResults(),
                    r.nextToken(),
                    b -> r.chipsetGeneration() == null || r.chipsetGeneration().equals(b.chipsetGeneration()));
        } finally {
            registry.lock.unlock();
        }
    }

    /** GetMicrovmImageBuild. */
    public Build build(
            RequestContext ctx, @Nullable String identifier, @Nullable String version, @Nullable String buildId) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        Shapes.requiredNonBlank(v, "imageVersion", version);
        Shapes.requiredNonBlank(v, "buildId", buildId);
        v.throwIfAny();
        registry.lock.lock();
        try {
            ImageVersion found = findVersion(ctx, identifier, version);
            for (Build b : registry.builds(found.imageArn(), found.version())) {
                if (b.buildId().equals(buildId)) {
                    return b;
                }
            }
            throw ApiException.notFound("MicroVMImageBuild not found for MicroVMImage: " + found.imageArn()
                    + ", Version: " + version + ", BuildId: " + buildId);
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * Finds the version a MicroVM runs: the one asked for, else the latest ACTIVE one.
     *
     * @throws ApiException a 404 when there is none, or when it is INACTIVE or not built
     */
    public ImageVersion runnable(RequestContext ctx, String imageArn, @Nullable String version) {
        registry.lock.lock();
        try {
            Image image = registry.image(imageArn);
            if (image == null || image.state() == ImageState.DELETED || !inScope(ctx, imageArn)) {
                throw ApiException.notFound("No active version found for MicroVM image " + imageArn
                        + (version == null ? "" : " and version " + version));
            }
            for (ImageVersion candidate : registry.versions(imageArn)) {
                if (candidate.runnable()
                        && (version == null || candidate.version().equals(version))) {
                    return candidate;
                }
            }
            throw ApiException.notFound("No active version found for MicroVM image " + imageArn
                    + (version == null ? "" : " and version " + version));
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * Starts again the builds and deletions a stop of the emulator interrupted, so that no version stays
     * PENDING and no image DELETING forever. A build that failed is never started again: its FAILED state
     * was recorded before anything else.
     */
    void resumeInterruptedWork() {
        List<BuildJob> builds = new ArrayList<>();
        List<String> deletedImages = new ArrayList<>();
        List<ImageVersion> deletedVersions = new ArrayList<>();
        registry.lock.lock();
        try {
            for (ImageVersion version : registry.allVersions()) {
                Image image = registry.image(version.imageArn());
                if (image == null) {
                    continue;
                }
                if (version.state() == VersionState.PENDING || version.state() == VersionState.IN_PROGRESS) {
                    LOG.info(
                            "Building {} version {} again: the emulator stopped during its build",
                            image.name(),
                            version.version());
                    builds.add(jobOf(image, version));
                } else if (version.state() == VersionState.DELETING && image.state() != ImageState.DELETING) {
                    deletedVersions.add(version);
                }
            }
            for (Image image : registry.images(i -> i.state() == ImageState.DELETING)) {
                LOG.info("Deleting {} again: the emulator stopped during its deletion", image.name());
                deletedImages.add(image.arn());
            }
        } finally {
            registry.lock.unlock();
        }
        builds.forEach(this::submit);
        deletedImages.forEach(arn -> buildThreads.execute(() -> finishDelete(arn)));
        deletedVersions.forEach(v -> buildThreads.execute(() -> finishDeleteVersion(v.imageArn(), v.version())));
    }

    // --- builds ---------------------------------------------------------------------------------------

    private ImageVersion newVersion(RequestContext ctx, Image image, String number, ImageConfig config, Instant now) {
        ImageVersion version =
                new ImageVersion(image.arn(), number, config, VersionState.PENDING, true, now, now, null);
        registry.save(version);
        for (String generation : CHIPSET_GENERATIONS) {
            registry.save(new Build(
                    image.arn(),
                    number,
                    UUID.randomUUID().toString(),
                    generation,
                    BuildState.PENDING,
                    now,
                    null,
                    null,
                    null));
        }
        return version;
    }

    private void submit(BuildJob job) {
        buildThreads.execute(() -> runBuild(job));
    }

    /** Starts the build of a version just made; called after the lock is released. */
    private void submit(RequestContext ctx, ImageAndVersion made) {
        submit(new BuildJob(
                ctx,
                made.image().arn(),
                made.image().name(),
                made.version().version(),
                made.version().config()));
    }

    private void runBuild(BuildJob job) {
        if (!startBuild(job)) {
            return;
        }
        BuildResult result;
        try {
            result = builder.build(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (VirtualMachineError e) {
            finishBuild(job, BuildResult.failure("Internal error while building: " + e, "INTERNAL_ERROR"));
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.warn("Build of {} version {} failed inside the emulator", job.imageName(), job.version(), e);
            result = BuildResult.failure("Internal error while building: " + e, "INTERNAL_ERROR");
        }
        boolean written = finishBuild(job, result);
        if (!result.succeeded()) {
            try {
                builder.discardWork(job);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Removing what the failed build of {} version {} left failed",
                        job.imageName(),
                        job.version(),
                        e);
            }
        }
        if (!written) {
            writeEndAgain(job);
        }
    }

    /**
     * Writes again how a build ended, once its files are gone: the disk it filled may have room now, and
     * until the end is written a restart would take the build for interrupted and run it again.
     */
    private void writeEndAgain(BuildJob job) {
        registry.lock.lock();
        try {
            List<Object> records = new ArrayList<>();
            ImageVersion version = registry.version(job.imageArn(), job.version());
            if (version == null || version.state() == VersionState.IN_PROGRESS) {
                return;
            }
            records.add(version);
            records.addAll(registry.builds(job.imageArn(), job.version()));
            Image image = registry.image(job.imageArn());
            if (image != null) {
                records.add(image);
            }
            boolean written = true;
            for (Object record : records) {
                written &= registry.saveOrKeep(record);
            }
            if (written) {
                LOG.info(
                        "The end of the build of {} version {} is written now that its files are removed",
                        job.imageName(),
                        job.version());
            }
        } finally {
            registry.lock.unlock();
        }
    }

    private boolean startBuild(BuildJob job) {
        registry.lock.lock();
        try {
            ImageVersion version = registry.version(job.imageArn(), job.version());
            if (version == null
                    || (version.state() != VersionState.PENDING && version.state() != VersionState.IN_PROGRESS)) {
                return false;
            }
            if (version.state() == VersionState.PENDING) {
                registry.save(version.moveTo(VersionState.IN_PROGRESS, null, registry.now()));
            }
            for (Build b : registry.builds(job.imageArn(), job.version())) {
                if (b.state() == BuildState.PENDING) {
                    registry.save(b.moveTo(BuildState.IN_PROGRESS, null, null, null));
                }
            }
            return true;
        } finally {
            registry.lock.unlock();
        }
    }

    /**
     * Records how a build ended: the builds, the version, the image. When the store cannot be written
     * (a full disk), the end is kept in memory all the same, so that the version is FAILED and its image
     * can be deleted while the emulator runs.
     */
    /** @return false when some of it could only be kept in memory */
    private boolean finishBuild(BuildJob job, BuildResult result) {
        registry.lock.lock();
        try {
            ImageVersion version = registry.version(job.imageArn(), job.version());
            if (version == null || version.state() != VersionState.IN_PROGRESS) {
                return true;
            }
            Instant now = registry.now();
            List<Object> ended = new ArrayList<>();
            // One local build stands for every chipset generation the service builds for.
            for (Build b : registry.builds(job.imageArn(), job.version())) {
                if (b.state() == BuildState.IN_PROGRESS) {
                    ended.add(
                            result.succeeded()
                                    ? b.moveTo(BuildState.SUCCESSFUL, null, null, result.sizes())
                                    : b.moveTo(BuildState.FAILED, result.failureReason(), result.failureCode(), null));
                }
            }
            // The version first: it is what a restart reads to decide whether to build again.
            ended.add(
                    0,
                    result.succeeded()
                            ? version.moveTo(VersionState.SUCCESSFUL, null, now)
                            : version.moveTo(VersionState.FAILED, result.failureReason(), now));
            Image image = registry.image(job.imageArn());
            if (image != null && image.state().building()) {
                ImageState next = image.state() == ImageState.CREATING
                        ? (result.succeeded() ? ImageState.CREATED : ImageState.CREATE_FAILED)
                        : (result.succeeded() ? ImageState.UPDATED : ImageState.UPDATE_FAILED);
                ended.add(image.moveTo(next, now));
            }
            boolean written = true;
            for (Object record : ended) {
                written &= registry.saveOrKeep(record);
            }
            Image latest = registry.withLatest(job.imageArn());
            if (latest != null) {
                written &= registry.saveOrKeep(latest);
            }
            return written;
        } finally {
            registry.lock.unlock();
        }
    }

    // --- lookups ---------------------------------------------------------------------------------------

    private @Nullable ImageAndVersion replay(
            RequestContext ctx, String operation, @Nullable String token, String fingerprint) {
        if (token == null) {
            return null;
        }
        IdempotencyRecord used = registry.token(tokenKey(ctx, operation, token));
        if (used == null) {
            return null;
        }
        if (!used.fingerprint().equals(fingerprint)) {
            throw ApiException.conflict("The client token " + token
                    + " was already used with different parameters. Use a new client token for a new request.");
        }
        String[] parts = used.resource().split("\\|", 2);
        Image image = registry.image(parts[0]);
        ImageVersion version = registry.version(parts[0], parts[1]);
        if (image == null || version == null) {
            throw ApiException.conflict("The client token " + token
                    + " was already used for a resource that no longer exists. Use a new client token.");
        }
        return new ImageAndVersion(image, version);
    }

    private void remember(
            RequestContext ctx, String operation, @Nullable String token, String fingerprint, String resource) {
        if (token != null) {
            registry.save(new IdempotencyRecord(tokenKey(ctx, operation, token), fingerprint, resource));
        }
    }

    private static String tokenKey(RequestContext ctx, String operation, String token) {
        return ctx.account() + "/" + ctx.region() + "/" + operation + "/" + token;
    }

    private void checkBaseImage(RequestContext ctx, ImageConfigs.Given given) {
        if (!Arns.managedImage(ctx.region()).equals(given.baseImageArn())) {
            throw ApiException.notFound("Base MicroVM image not found: " + given.baseImageArn() + ". Use "
                    + Arns.managedImage(ctx.region()) + " (see ListManagedMicrovmImages).");
        }
        String version = given.baseImageVersion();
        if (version != null && !List.of("0", "1", "0.0", "1.0").contains(version)) {
            throw ApiException.notFound(
                    "Base MicroVM image version not found: " + given.baseImageArn() + " version " + version);
        }
    }

    Image find(RequestContext ctx, String identifier) {
        String arn = arnOf(ctx, identifier);
        Image image = inScope(ctx, arn) ? registry.image(arn) : null;
        if (image == null || image.state() == ImageState.DELETED) {
            throw notFound(arn);
        }
        return image;
    }

    /** A missing image is reported as a missing version too, as the service does. */
    private ImageVersion findVersion(RequestContext ctx, String identifier, String version) {
        String arn = arnOf(ctx, identifier);
        Image image = inScope(ctx, arn) ? registry.image(arn) : null;
        ImageVersion found =
                image == null || image.state() == ImageState.DELETED ? null : registry.version(arn, version);
        if (found == null || found.state() == VersionState.DELETED) {
            throw versionNotFound(arn, version);
        }
        return found;
    }

    /**
     * An identifier is an ARN or a name; a name means this account and region. The slash form of the ARN
     * ({@code :microvm-image/name}) is refused as the service refuses it: 403 with no message.
     */
    static String arnOf(RequestContext ctx, String identifier) {
        if (identifier.contains(":microvm-image/")) {
            throw new ApiException(ErrorType.ACCESS_DENIED, "");
        }
        return identifier.startsWith("arn:") ? identifier : Arns.image(ctx, identifier);
    }

    static boolean inScope(RequestContext ctx, String arn) {
        Arns.ImageArn parsed = Arns.parseImage(arn);
        return parsed != null
                && parsed.region().equals(ctx.region())
                && parsed.account().equals(ctx.account());
    }

    private static List<ImageVersion> visible(List<ImageVersion> versions) {
        List<ImageVersion> shown = new ArrayList<>();
        for (ImageVersion v : versions) {
            if (v.state() != VersionState.DELETED) {
                shown.add(v);
            }
        }
        return shown;
    }

    /** Sorts newest first under the string order the pager uses. */
    private static String descendingKey(ImageVersion v) {
        return String.format("%010d", Integer.MAX_VALUE - v.number());
    }

    static ApiException notFound(String arn) {
        return ApiException.notFound("MicroVMImage not found for MicroVMImageID: " + arn);
    }

    private static ApiException versionNotFound(String arn, String version) {
        return ApiException.notFound("MicroVMImage not found for MicroVMImage: " + arn + ", Version: " + version);
    }

    private static void requireIdentifier(@Nullable String identifier) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        v.throwIfAny();
    }

    private static void requireVersion(@Nullable String identifier, @Nullable String version) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        Shapes.requiredNonBlank(v, "imageVersion", version);
        v.throwIfAny();
    }

    private static ImageConfigs.Given given(MicrovmImageConfiguration r) {
        return new ImageConfigs.Given(
                r.baseImageArn(),
                r.baseImageVersion(),
                r.buildRoleArn(),
                r.description(),
                r.codeArtifact(),
                r.logging(),
                r.egressNetworkConnectors(),
                r.cpuConfigurations(),
                r.resources(),
                r.additionalOsCapabilities(),
                r.hooks(),
                r.environmentVariables());
    }
}
