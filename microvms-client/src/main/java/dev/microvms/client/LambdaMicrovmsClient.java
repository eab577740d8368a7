package dev.microvms.client;

import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmAuthTokenResponse;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmImageResponse;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenResponse;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.DeleteMicrovmImageResponse;
import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.DeleteMicrovmImageVersionResponse;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageBuildResponse;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageVersionResponse;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImageVersionsResponse;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListManagedMicrovmImagesResponse;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageBuildsResponse;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImageVersionsResponse;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImagesResponse;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.ListMicrovmsResponse;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.ListTagsResponse;
import dev.microvms.model.ManagedMicrovmImageSummary;
import dev.microvms.model.ManagedMicrovmImageVersionSummary;
import dev.microvms.model.MicrovmImageBuildSummary;
import dev.microvms.model.MicrovmImageSummary;
import dev.microvms.model.MicrovmImageVersionSummary;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.ResumeMicrovmResponse;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.RunMicrovmResponse;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.SuspendMicrovmResponse;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.TagResourceResponse;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.model.TerminateMicrovmResponse;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UntagResourceResponse;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageResponse;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.model.UpdateMicrovmImageVersionResponse;

/**
 * The low-level client of AWS Lambda MicroVMs: one method for each of the 24 operations of the API, with
 * SigV4 signing, retries in the AWS standard way, idempotency tokens, lazy paginators and checks of the
 * limits users trip over before any request is sent.
 *
 * <pre>{@code
 * try (LambdaMicrovmsClient client = LambdaMicrovmsClient.create()) {
 *     RunMicrovmResponse vm = client.runMicrovm(RunMicrovmRequest.builder()
 *             .imageIdentifier("arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app")
 *             .build());
 *     System.out.println(vm.microvmId() + " at " + vm.endpoint());
 * }
 * }</pre>
 *
 * <p>Against the local emulator, point the endpoint at it: {@code
 * LambdaMicrovmsClient.builder().endpointOverride(URI.create("http://127.0.0.1:4599")).build()}. Instances
 * are thread-safe.
 */
public interface LambdaMicrovmsClient extends AutoCloseable {

    /**
     * Creates a client with the default settings: region, credentials and endpoint from the AWS SDK's
     * chains (environment, system properties, profile, container and instance metadata).
     *
     * @return the client
     */
    static LambdaMicrovmsClient create() {
        return builder().build();
    }

    /**
     * Returns a builder to configure a client.
     *
     * @return the builder
     */
    static LambdaMicrovmsClientBuilder builder() {
        return new LambdaMicrovmsClientBuilder();
    }

    /**
     * Creates an image from a code artifact (a zip in S3 with a Dockerfile at its root) and starts building version 1.0. The build is asynchronous: the image goes from CREATING to CREATED or CREATE_FAILED. A client token is filled in when absent, so a retried call never creates two images.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    CreateMicrovmImageResponse createMicrovmImage(CreateMicrovmImageRequest request);

    /**
     * Returns an image: its state and its latest active and failed versions.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    GetMicrovmImageResponse getMicrovmImage(GetMicrovmImageRequest request);

    /**
     * Returns one page of the account's images.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListMicrovmImagesResponse listMicrovmImages(ListMicrovmImagesRequest request);

    /**
     * Returns every one of the images, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<MicrovmImageSummary> listMicrovmImagesPaginator(ListMicrovmImagesRequest request);

    /**
     * Replaces an image's build configuration and builds a new version (2.0, 3.0, ...). Every required member must be given again.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    UpdateMicrovmImageResponse updateMicrovmImage(UpdateMicrovmImageRequest request);

    /**
     * Deletes an image (idempotent). An image still CREATING cannot be deleted.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    DeleteMicrovmImageResponse deleteMicrovmImage(DeleteMicrovmImageRequest request);

    /**
     * Returns one page of an image's versions.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListMicrovmImageVersionsResponse listMicrovmImageVersions(ListMicrovmImageVersionsRequest request);

    /**
     * Returns every one of the versions of an image, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<MicrovmImageVersionSummary> listMicrovmImageVersionsPaginator(
            ListMicrovmImageVersionsRequest request);

    /**
     * Returns one version of an image, with its build configuration and build state.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    GetMicrovmImageVersionResponse getMicrovmImageVersion(GetMicrovmImageVersionRequest request);

    /**
     * Sets a version ACTIVE or INACTIVE; INACTIVE versions cannot be run.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    UpdateMicrovmImageVersionResponse updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest request);

    /**
     * Deletes one version (idempotent). The last version of an image cannot be deleted alone.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    DeleteMicrovmImageVersionResponse deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest request);

    /**
     * Returns one page of a version's builds, one per chipset generation.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListMicrovmImageBuildsResponse listMicrovmImageBuilds(ListMicrovmImageBuildsRequest request);

    /**
     * Returns every one of the builds of a version, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<MicrovmImageBuildSummary> listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest request);

    /**
     * Returns one build, with the sizes of its snapshots.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    GetMicrovmImageBuildResponse getMicrovmImageBuild(GetMicrovmImageBuildRequest request);

    /**
     * Returns one page of the base images AWS manages.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListManagedMicrovmImagesResponse listManagedMicrovmImages(ListManagedMicrovmImagesRequest request);

    /**
     * Returns every one of the managed base images, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listManagedMicrovmImagesPaginator(ListManagedMicrovmImagesRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<ManagedMicrovmImageSummary> listManagedMicrovmImagesPaginator(
            ListManagedMicrovmImagesRequest request);

    /**
     * Returns one page of a managed base image's versions.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListManagedMicrovmImageVersionsResponse listManagedMicrovmImageVersions(
            ListManagedMicrovmImageVersionsRequest request);

    /**
     * Returns every one of the versions of a managed base image, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listManagedMicrovmImageVersionsPaginator(ListManagedMicrovmImageVersionsRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<ManagedMicrovmImageVersionSummary> listManagedMicrovmImageVersionsPaginator(
            ListManagedMicrovmImageVersionsRequest request);

    /**
     * Runs a MicroVM from an image version (the latest ACTIVE one by default). It starts PENDING and becomes RUNNING once the run hook answers. A client token is filled in when absent, so a retried call never starts two MicroVMs.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    RunMicrovmResponse runMicrovm(RunMicrovmRequest request);

    /**
     * Returns a MicroVM. Its state is eventually consistent.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    GetMicrovmResponse getMicrovm(GetMicrovmRequest request);

    /**
     * Returns one page of the account's MicroVMs; terminated ones stay listed for about a day.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListMicrovmsResponse listMicrovms(ListMicrovmsRequest request);

    /**
     * Returns every one of the MicroVMs, fetching pages lazily as the iteration goes; {@code maxResults}
     * sets the page size. Each iteration starts again from the first page.
     *
     * <pre>{@code
     * client.listMicrovmsPaginator(ListMicrovmsRequest.builder().build()).stream().forEach(System.out::println);
     * }</pre>
     *
     * @param request the request for the first page; its {@code nextToken} is where the iteration starts
     * @return the items
     */
    PaginatedItems<MicrovmSummary> listMicrovmsPaginator(ListMicrovmsRequest request);

    /**
     * Terminates a MicroVM from any state (idempotent).
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    TerminateMicrovmResponse terminateMicrovm(TerminateMicrovmRequest request);

    /**
     * Suspends a RUNNING MicroVM with its memory kept (SUSPENDING, then SUSPENDED).
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    SuspendMicrovmResponse suspendMicrovm(SuspendMicrovmRequest request);

    /**
     * Resumes a SUSPENDED MicroVM where it left off.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ResumeMicrovmResponse resumeMicrovm(ResumeMicrovmRequest request);

    /**
     * Mints a token (1-60 minutes) for some ports of a MicroVM's endpoint; send it as the X-aws-proxy-auth header.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    CreateMicrovmAuthTokenResponse createMicrovmAuthToken(CreateMicrovmAuthTokenRequest request);

    /**
     * Mints a token for an interactive shell on a MicroVM run with the SHELL_INGRESS connector.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    CreateMicrovmShellAuthTokenResponse createMicrovmShellAuthToken(CreateMicrovmShellAuthTokenRequest request);

    /**
     * Returns the tags of a resource, given by ARN.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    ListTagsResponse listTags(ListTagsRequest request);

    /**
     * Adds or overwrites tags on a resource, given by ARN.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    TagResourceResponse tagResource(TagResourceRequest request);

    /**
     * Removes tags from a resource, given by ARN.
     *
     * @param request the request
     * @return the response
     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call
     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before it is
     *     sent, or cannot be sent
     */
    UntagResourceResponse untagResource(UntagResourceRequest request);

    /** Releases the client's resources; calls after this fail. */
    @Override
    void close();
}
