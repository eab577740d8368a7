package dev.microvms.sdk;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.RunMicrovmRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The entry point of the SDK: images, MicroVMs and sessions as objects that refresh themselves, wait
 * for their states and fail with the service's reason, and reach the app inside through an {@link
 * Endpoint} with tokens minted and refreshed for you.
 *
 * <pre>{@code
 * try (Microvms microvms = Microvms.create()) {
 *     MicrovmImage image = microvms.image("my-app");   // a name or an ARN
 *     try (MicrovmsSession s = microvms.session(image.arn()).after(AfterSession.SUSPEND).start()) {
 *         System.out.println(s.endpoint().get("/").bodyAsString());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the client it built, not one passed to {@link #of} or {@link
 * MicrovmsBuilder#client}.
 */
public final class Microvms implements AutoCloseable {
    private final SdkContext ctx;
    private final boolean ownsClient;

    Microvms(SdkContext ctx, boolean ownsClient) {
        this.ctx = ctx;
        this.ownsClient = ownsClient;
    }

    /**
     * Creates the SDK with a client of the default settings: region, credentials and endpoint from the
     * AWS SDK's chains.
     *
     * @return the SDK
     */
    public static Microvms create() {
        return builder().build();
    }

    /**
     * Creates the SDK over a client of your own, which stays yours to close.
     *
     * <pre>{@code
     * Microvms microvms = Microvms.of(LambdaMicrovmsClient.builder().region("eu-west-1").build());
     * }</pre>
     *
     * @param client the client
     * @return the SDK
     */
    public static Microvms of(LambdaMicrovmsClient client) {
        return builder()
                .client(Objects.requireNonNull(client, "client == null"))
                .build();
    }

    /** @return a builder with the client settings and the SDK's defaults */
    public static MicrovmsBuilder builder() {
        return new MicrovmsBuilder();
    }

    /** @return the low-level client, for what the SDK does not cover */
    public LambdaMicrovmsClient client() {
        return ctx.client;
    }

    /**
     * Creates an image and starts building version 1.0 (CreateMicrovmImage).
     *
     * @param request the request
     * @return the image, CREATING; wait with {@link MicrovmImage#waitUntilCreated()}
     */
    public MicrovmImage createImage(CreateMicrovmImageRequest request) {
        return MicrovmImage.of(ctx, ctx.client.createMicrovmImage(request));
    }

    /**
     * Creates an image and starts building version 1.0, with the request built in place.
     *
     * <pre>{@code
     * MicrovmImage image = microvms.createImage(r -> r
     *         .name("my-app")
     *         .baseImageArn(baseImageArn)
     *         .buildRoleArn(roleArn)
     *         .codeArtifact(CodeArtifact.uri("s3://my-bucket/app.zip")));
     * }</pre>
     *
     * @param request sets the members of the request
     * @return the image, CREATING; wait with {@link MicrovmImage#waitUntilCreated()}
     */
    public MicrovmImage createImage(Consumer<CreateMicrovmImageRequest.Builder> request) {
        CreateMicrovmImageRequest.Builder builder = CreateMicrovmImageRequest.builder();
        request.accept(builder);
        return createImage(builder.build());
    }

    /**
     * Returns an image (GetMicrovmImage).
     *
     * @param imageIdentifier the image's name or ARN
     * @return the image
     * @throws dev.microvms.client.exception.ResourceNotFoundException when there is no such image
     */
    public MicrovmImage image(String imageIdentifier) {
        return MicrovmImage.fetch(ctx, Objects.requireNonNull(imageIdentifier, "imageIdentifier == null"));
    }

    /** @return the account's images, fetched page by page as the stream is read */
    public Stream<MicrovmImage> images() {
        return ctx
                .client
                .listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder().build())
                .stream()
                .map(s -> MicrovmImage.of(ctx, s));
    }

    /**
     * Returns the images whose name contains a text.
     *
     * @param nameFilter the text
     * @return the images, fetched page by page as the stream is read
     */
    public Stream<MicrovmImage> images(String nameFilter) {
        return ctx
                .client
                .listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder()
                        .nameFilter(nameFilter)
                        .build())
                .stream()
                .map(s -> MicrovmImage.of(ctx, s));
    }

    /** @return the base images AWS manages */
    public List<ManagedMicrovmImage> managedImages() {
        return ManagedMicrovmImage.list(ctx);
    }

    /**
     * Runs a MicroVM from the latest active version of an image.
     *
     * @param image the image's name or ARN
     * @return the MicroVM, PENDING; wait with {@link Microvm#waitUntilRunning()}
     * @throws dev.microvms.client.exception.ResourceNotFoundException when there is no image of that name
     */
    public Microvm run(String image) {
        return run(RunMicrovmRequest.builder()
                .imageIdentifier(Objects.requireNonNull(image, "image == null"))
                .build());
    }

    /**
     * Runs a MicroVM (RunMicrovm). An image name in {@code imageIdentifier} is looked up and replaced by its
     * ARN, which RunMicrovm needs.
     *
     * @param request the request
     * @return the MicroVM, PENDING
     */
    public Microvm run(RunMicrovmRequest request) {
        String image = request.imageIdentifier();
        RunMicrovmRequest r = image == null || image.startsWith("arn:")
                ? request
                : request.toBuilder()
                        .imageIdentifier(ImageIdentifiers.arn(ctx, image))
                        .build();
        return Microvm.of(ctx, ctx.client.runMicrovm(r));
    }

    /**
     * Runs a MicroVM, with the request built in place: {@code microvms.run(r -> r.imageIdentifier(arn)
     * .runHookPayload("{\"job\":42}"))}.
     *
     * @param request sets the members of the request
     * @return the MicroVM, PENDING
     */
    public Microvm run(Consumer<RunMicrovmRequest.Builder> request) {
        RunMicrovmRequest.Builder builder = RunMicrovmRequest.builder();
        request.accept(builder);
        return run(builder.build());
    }

    /**
     * Returns a MicroVM (GetMicrovm).
     *
     * @param microvmId its id, {@code microvm-<uuid>}
     * @return the MicroVM
     * @throws dev.microvms.client.exception.ResourceNotFoundException when there is no such MicroVM
     */
    public Microvm microvm(String microvmId) {
        return Microvm.fetch(ctx, Objects.requireNonNull(microvmId, "microvmId == null"));
    }

    /** @return the account's MicroVMs, terminated ones for about a day, fetched page by page */
    public Stream<Microvm> microvms() {
        return ctx.client.listMicrovmsPaginator(ListMicrovmsRequest.builder().build()).stream()
                .map(s -> Microvm.of(ctx, s));
    }

    /**
     * Starts configuring a session that runs a new MicroVM of an image.
     *
     * @param image the image's name or ARN; a name is looked up when the session starts
     * @return the session builder; finish with {@link MicrovmsSession.Builder#start()}
     */
    public MicrovmsSession.Builder session(String image) {
        return MicrovmsSession.run(ctx, image);
    }

    /**
     * Starts configuring a session over an existing MicroVM: it is resumed if SUSPENDED and waited for
     * until RUNNING.
     *
     * <pre>{@code
     * try (MicrovmsSession s = microvms.resumeSession(id).after(AfterSession.SUSPEND).start()) {
     *     s.endpoint().post("/continue", "");
     * }
     * }</pre>
     *
     * @param microvmId the MicroVM's id
     * @return the session builder
     */
    public MicrovmsSession.Builder resumeSession(String microvmId) {
        return MicrovmsSession.resume(ctx, microvmId);
    }

    /**
     * Returns a resource's tags (ListTags).
     *
     * @param resource the resource's ARN, or an image's name
     * @return the tags
     */
    public Map<String, String> tags(String resource) {
        return Tags.list(ctx, ImageIdentifiers.arn(ctx, resource));
    }

    /**
     * Adds or overwrites a resource's tags (TagResource).
     *
     * @param resource the resource's ARN, or an image's name
     * @param tags the tags
     */
    public void tag(String resource, Map<String, String> tags) {
        Tags.tag(ctx, ImageIdentifiers.arn(ctx, resource), tags);
    }

    /**
     * Removes a resource's tags (UntagResource).
     *
     * @param resource the resource's ARN, or an image's name
     * @param keys the keys
     */
    public void untag(String resource, Collection<String> keys) {
        Tags.untag(ctx, ImageIdentifiers.arn(ctx, resource), keys);
    }

    /** Closes the client if this SDK built it. MicroVMs keep running: end them with sessions or {@link Microvm#terminate()}. */
    @Override
    public void close() {
        if (ownsClient) {
            ctx.client.close();
        }
    }
}
