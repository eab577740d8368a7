package dev.microvms.project;

import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.ResourceRequirement;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Deploys a packaged project: uploads the zip to S3 under a name made of its content hash, then creates the
 * image, or updates it to a new version when an image of that name exists, and waits for the build.
 */
public final class Deployer {
    /** The bucket used on the emulator when microvm.yml names none. */
    public static final String LOCAL_BUCKET = "lambda-microvms-local";

    /** The build role used on the emulator when microvm.yml names none; the emulator does not assume roles. */
    public static final String LOCAL_BUILD_ROLE = "arn:aws:iam::000000000000:role/lambda-microvms-local-build";

    private final Microvms microvms;
    private final S3Client s3;
    private final boolean local;
    private final Consumer<String> progress;

    /**
     * @param microvms the SDK, connected to the service or the emulator
     * @param s3 an S3 client for the same place
     * @param local whether that place is the emulator (a missing bucket is then created)
     * @param progress where progress lines go
     */
    public Deployer(Microvms microvms, S3Client s3, boolean local, Consumer<String> progress) {
        this.microvms = microvms;
        this.s3 = s3;
        this.local = local;
        this.progress = progress;
    }

    /**
     * What the account offers when microvm.yml names no bucket or build role, such as what {@code
     * lambda-microvms bootstrap} made.
     *
     * @param bucket the artifact bucket, or null
     * @param buildRoleArn the build role, or null
     * @param buildLogGroup where builds with that role log, or null for no logging
     * @param source where these come from, for messages, such as the file bootstrap wrote
     */
    public record AccountDefaults(
            @Nullable String bucket, @Nullable String buildRoleArn, @Nullable String buildLogGroup, String source) {
        /** No defaults: microvm.yml must name what a deploy needs. */
        public static final AccountDefaults NONE = new AccountDefaults(null, null, null, "nothing");
    }

    /**
     * What a deploy made.
     *
     * @param image the image, refreshed after its build
     * @param imageVersion the version the build made
     * @param artifactUri where the zip was uploaded
     * @param created whether the image was new (else it was updated)
     */
    public record Deployment(MicrovmImage image, String imageVersion, String artifactUri, boolean created) {}

    /**
     * A build under way: the image being created or updated, and whether it is new.
     *
     * @param image the image, CREATING or UPDATING
     * @param created whether the image is new (else a new version of it is being built)
     * @param artifactUri where the zip was uploaded
     */
    public record Started(MicrovmImage image, boolean created, String artifactUri) {}

    /**
     * Checks what a deploy needs before anything is built, so that a missing setting or an endpoint that
     * cannot be reached shows at once rather than after the project's build: on AWS the build role and the
     * bucket (which must exist); everywhere that the endpoint answers, and that the image is not in the middle
     * of another build.
     *
     * @param project the project's settings
     * @param defaults what the account offers when microvm.yml names no bucket or build role
     * @return the image of the project's name, if there is one
     * @throws PackageException when a setting is missing or the bucket does not exist
     * @throws ImageBusyException when the image is still being created or updated
     */
    public Optional<MicrovmImage> check(ProjectFile project, AccountDefaults defaults) {
        if (!local && project.image().buildRoleArn() == null && defaults.buildRoleArn() == null) {
            throw new PackageException("image.buildRoleArn is missing in microvm.yml; on AWS the build assumes"
                    + " it. Run 'lambda-microvms bootstrap' to make one, or add the ARN of a role that Lambda may"
                    + " assume and that can read the artifact bucket.");
        }
        String bucket = project.artifact().bucket() != null ? project.artifact().bucket() : defaults.bucket();
        String from = project.artifact().bucket() != null ? "artifact.bucket in microvm.yml" : defaults.source();
        if (!local && bucket == null) {
            throw missingBucket();
        }
        Optional<MicrovmImage> existing = find(project);
        if (existing.isPresent()) {
            MicrovmImageState state = existing.get().state();
            if (state == MicrovmImageState.CREATING || state == MicrovmImageState.UPDATING) {
                throw new ImageBusyException("The image " + project.name() + " is " + state + ": a build started"
                        + " earlier goes on. Watch it with 'lambda-microvms images versions " + project.name()
                        + "', wait for it with 'lambda-microvms images wait " + project.name()
                        + "', then deploy again.");
            }
        }
        if (!local) {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                throw noSuchBucket(bucket, from);
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                throw noSuchBucket(bucket, from);
            }
        }
        return existing;
    }

    /**
     * Checks, uploads the package and creates or updates the image, then waits for its build.
     *
     * @param project the project's settings
     * @param pkg the package of the project
     * @param region the Region the image lives in
     * @param waiting how to wait for the build (progress, timeout)
     * @return the image and its new version
     */
    public Deployment deploy(ProjectFile project, Packager.Result pkg, String region, WaiterOptions waiting) {
        return deploy(project, pkg, region, waiting, AccountDefaults.NONE);
    }

    /**
     * Checks, uploads the package and creates or updates the image, then waits for its build; what
     * microvm.yml leaves out comes from the account's defaults.
     *
     * @param project the project's settings
     * @param pkg the package of the project
     * @param region the Region the image lives in
     * @param waiting how to wait for the build (progress, timeout)
     * @param defaults what the account offers when microvm.yml names no bucket or build role
     * @return the image and its new version
     */
    public Deployment deploy(
            ProjectFile project, Packager.Result pkg, String region, WaiterOptions waiting, AccountDefaults defaults) {
        check(project, defaults);
        return finish(start(project, pkg, region, defaults), waiting);
    }

    /**
     * Uploads the package and creates or updates the image; the build then runs in the service. A build role
     * from the account's defaults logs the build to their log group.
     *
     * @param project the project's settings
     * @param pkg the package of the project
     * @param region the Region the image lives in
     * @param defaults what the account offers when microvm.yml names no bucket or build role
     * @return the build under way
     */
    public Started start(ProjectFile project, Packager.Result pkg, String region, AccountDefaults defaults) {
        String uri = upload(project, pkg, defaults);
        String buildRole = project.image().buildRoleArn();
        String logGroup = project.image().logGroup();
        if (buildRole == null && defaults.buildRoleArn() != null) {
            buildRole = defaults.buildRoleArn();
            logGroup = logGroup != null ? logGroup : defaults.buildLogGroup();
        }
        if (buildRole == null) {
            if (!local) {
                throw new PackageException("image.buildRoleArn is missing in microvm.yml; on AWS the build assumes"
                        + " it. Run 'lambda-microvms bootstrap' to make one, or add the ARN of a role that Lambda may"
                        + " assume and that can read " + uri + ".");
            }
            buildRole = LOCAL_BUILD_ROLE;
        }
        Optional<MicrovmImage> existing = find(project);
        if (existing.isEmpty()) {
            progress.accept("Creating image " + project.name() + " from " + uri);
            return new Started(microvms.createImage(create(project, region, buildRole, uri, logGroup)), true, uri);
        }
        progress.accept("Updating image " + project.name() + " to a new version from " + uri);
        return new Started(
                existing.get().update(update(project, existing.get().arn(), region, buildRole, uri, logGroup)),
                false,
                uri);
    }

    /**
     * Waits for a build started by {@link #start}.
     *
     * @param started the build under way
     * @param waiting how to wait (progress, timeout)
     * @return the image and its new version
     */
    public Deployment finish(Started started, WaiterOptions waiting) {
        MicrovmImage image = started.created()
                ? started.image().waitUntilCreated(waiting)
                : started.image().waitUntilUpdated(waiting);
        String version = image.latestActiveVersion()
                .map(v -> v.imageVersion())
                .orElseThrow(() -> new IllegalStateException("The image has no active version after its build"));
        return new Deployment(image, version, started.artifactUri(), started.created());
    }

    private Optional<MicrovmImage> find(ProjectFile project) {
        try (var images = microvms.images(project.name())) {
            return images.filter(i -> i.name().equals(project.name())).findFirst();
        }
    }

    private static PackageException missingBucket() {
        return new PackageException("artifact.bucket is missing in microvm.yml; run 'lambda-microvms bootstrap'"
                + " to make a bucket, or add an S3 bucket in the image's Region that the build role can read.");
    }

    private static PackageException noSuchBucket(String bucket, String from) {
        return new PackageException("The bucket '" + bucket + "' (" + from + ") does not exist; run"
                + " 'lambda-microvms bootstrap' to make it, or name another.");
    }

    private String upload(ProjectFile project, Packager.Result pkg, AccountDefaults defaults) {
        String bucket = project.artifact().bucket();
        String from = "artifact.bucket in microvm.yml";
        if (bucket == null && defaults.bucket() != null) {
            bucket = defaults.bucket();
            from = defaults.source();
        }
        if (bucket == null) {
            if (!local) {
                throw missingBucket();
            }
            bucket = LOCAL_BUCKET;
        }
        String key = project.artifact().prefixOrDefault() + project.name() + "-"
                + pkg.sha256().substring(0, 16) + ".zip";
        String target = bucket;
        try {
            put(target, key, pkg);
        } catch (NoSuchBucketException e) {
            if (!local) {
                throw noSuchBucket(bucket, from);
            }
            progress.accept("Creating the bucket " + target + " in the emulator, then uploading again");
            s3.createBucket(b -> b.bucket(target));
            put(target, key, pkg);
        }
        return "s3://" + bucket + "/" + key;
    }

    private void put(String bucket, String key, Packager.Result pkg) {
        progress.accept("Uploading " + pkg.bytes() + " bytes to s3://" + bucket + "/" + key);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zip"), RequestBody.fromFile(pkg.zip()));
    }

    private static CreateMicrovmImageRequest create(
            ProjectFile p, String region, String buildRole, String uri, @Nullable String logGroup) {
        ProjectFile.Image image = p.image();
        return CreateMicrovmImageRequest.builder()
                .name(p.name())
                .description(p.description())
                .baseImageArn(image.baseImageArn(region))
                .baseImageVersion(image.baseImageVersion())
                .buildRoleArn(buildRole)
                .codeArtifact(CodeArtifact.uri(uri))
                .hooks(p.hooks() == null ? null : p.hooks().toModel())
                .resources(resources(image))
                .environmentVariables(image.environment())
                .egressNetworkConnectors(egress(image, region))
                .logging(logGroup == null ? null : Logging.cloudWatch(logGroup, null))
                .build();
    }

    /** The same build configuration as a first deployment's, as a new version of the image. */
    private static UpdateMicrovmImageRequest update(
            ProjectFile p, String arn, String region, String buildRole, String uri, @Nullable String logGroup) {
        return UpdateMicrovmImageRequest.builder()
                .imageIdentifier(arn)
                .configuration(create(p, region, buildRole, uri, logGroup))
                .build();
    }

    private static @Nullable List<ResourceRequirement> resources(ProjectFile.Image image) {
        return image.memoryInMiB() == null ? null : List.of(new ResourceRequirement(image.memoryInMiB()));
    }

    private static @Nullable List<String> egress(ProjectFile.Image image, String region) {
        return image.egress() == null
                ? null
                : image.egress().stream()
                        .map(c -> ProjectFile.connectorArn(region, c))
                        .toList();
    }
}
