package dev.microvms.client.internal;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.PaginatedItems;
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

/** The client: each operation handed to the {@link Invoker} with its wire definition. */
public final class DefaultLambdaMicrovmsClient implements LambdaMicrovmsClient {
    private final Invoker invoker;

    /** @param invoker sends requests, with checks, signing and retries */
    public DefaultLambdaMicrovmsClient(Invoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public CreateMicrovmImageResponse createMicrovmImage(CreateMicrovmImageRequest request) {
        return invoker.invoke(Operations.CREATE_MICROVM_IMAGE, request);
    }

    @Override
    public GetMicrovmImageResponse getMicrovmImage(GetMicrovmImageRequest request) {
        return invoker.invoke(Operations.GET_MICROVM_IMAGE, request);
    }

    @Override
    public ListMicrovmImagesResponse listMicrovmImages(ListMicrovmImagesRequest request) {
        return invoker.invoke(Operations.LIST_MICROVM_IMAGES, request);
    }

    @Override
    public PaginatedItems<MicrovmImageSummary> listMicrovmImagesPaginator(ListMicrovmImagesRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listMicrovmImages(request.toBuilder().nextToken(token).build()),
                ListMicrovmImagesResponse::items,
                ListMicrovmImagesResponse::nextToken);
    }

    @Override
    public UpdateMicrovmImageResponse updateMicrovmImage(UpdateMicrovmImageRequest request) {
        return invoker.invoke(Operations.UPDATE_MICROVM_IMAGE, request);
    }

    @Override
    public DeleteMicrovmImageResponse deleteMicrovmImage(DeleteMicrovmImageRequest request) {
        return invoker.invoke(Operations.DELETE_MICROVM_IMAGE, request);
    }

    @Override
    public ListMicrovmImageVersionsResponse listMicrovmImageVersions(ListMicrovmImageVersionsRequest request) {
        return invoker.invoke(Operations.LIST_MICROVM_IMAGE_VERSIONS, request);
    }

    @Override
    public PaginatedItems<MicrovmImageVersionSummary> listMicrovmImageVersionsPaginator(
            ListMicrovmImageVersionsRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listMicrovmImageVersions(
                        request.toBuilder().nextToken(token).build()),
                ListMicrovmImageVersionsResponse::items,
                ListMicrovmImageVersionsResponse::nextToken);
    }

    @Override
    public GetMicrovmImageVersionResponse getMicrovmImageVersion(GetMicrovmImageVersionRequest request) {
        return invoker.invoke(Operations.GET_MICROVM_IMAGE_VERSION, request);
    }

    @Override
    public UpdateMicrovmImageVersionResponse updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest request) {
        return invoker.invoke(Operations.UPDATE_MICROVM_IMAGE_VERSION, request);
    }

    @Override
    public DeleteMicrovmImageVersionResponse deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest request) {
        return invoker.invoke(Operations.DELETE_MICROVM_IMAGE_VERSION, request);
    }

    @Override
    public ListMicrovmImageBuildsResponse listMicrovmImageBuilds(ListMicrovmImageBuildsRequest request) {
        return invoker.invoke(Operations.LIST_MICROVM_IMAGE_BUILDS, request);
    }

    @Override
    public PaginatedItems<MicrovmImageBuildSummary> listMicrovmImageBuildsPaginator(
            ListMicrovmImageBuildsRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listMicrovmImageBuilds(
                        request.toBuilder().nextToken(token).build()),
                ListMicrovmImageBuildsResponse::items,
                ListMicrovmImageBuildsResponse::nextToken);
    }

    @Override
    public GetMicrovmImageBuildResponse getMicrovmImageBuild(GetMicrovmImageBuildRequest request) {
        return invoker.invoke(Operations.GET_MICROVM_IMAGE_BUILD, request);
    }

    @Override
    public ListManagedMicrovmImagesResponse listManagedMicrovmImages(ListManagedMicrovmImagesRequest request) {
        return invoker.invoke(Operations.LIST_MANAGED_MICROVM_IMAGES, request);
    }

    @Override
    public PaginatedItems<ManagedMicrovmImageSummary> listManagedMicrovmImagesPaginator(
            ListManagedMicrovmImagesRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listManagedMicrovmImages(
                        request.toBuilder().nextToken(token).build()),
                ListManagedMicrovmImagesResponse::items,
                ListManagedMicrovmImagesResponse::nextToken);
    }

    @Override
    public ListManagedMicrovmImageVersionsResponse listManagedMicrovmImageVersions(
            ListManagedMicrovmImageVersionsRequest request) {
        return invoker.invoke(Operations.LIST_MANAGED_MICROVM_IMAGE_VERSIONS, request);
    }

    @Override
    public PaginatedItems<ManagedMicrovmImageVersionSummary> listManagedMicrovmImageVersionsPaginator(
            ListManagedMicrovmImageVersionsRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listManagedMicrovmImageVersions(
                        request.toBuilder().nextToken(token).build()),
                ListManagedMicrovmImageVersionsResponse::items,
                ListManagedMicrovmImageVersionsResponse::nextToken);
    }

    @Override
    public RunMicrovmResponse runMicrovm(RunMicrovmRequest request) {
        return invoker.invoke(Operations.RUN_MICROVM, request);
    }

    @Override
    public GetMicrovmResponse getMicrovm(GetMicrovmRequest request) {
        return invoker.invoke(Operations.GET_MICROVM, request);
    }

    @Override
    public ListMicrovmsResponse listMicrovms(ListMicrovmsRequest request) {
        return invoker.invoke(Operations.LIST_MICROVMS, request);
    }

    @Override
    public PaginatedItems<MicrovmSummary> listMicrovmsPaginator(ListMicrovmsRequest request) {
        return new DefaultPaginatedItems<>(
                request.nextToken(),
                token -> listMicrovms(request.toBuilder().nextToken(token).build()),
                ListMicrovmsResponse::items,
                ListMicrovmsResponse::nextToken);
    }

    @Override
    public TerminateMicrovmResponse terminateMicrovm(TerminateMicrovmRequest request) {
        return invoker.invoke(Operations.TERMINATE_MICROVM, request);
    }

    @Override
    public SuspendMicrovmResponse suspendMicrovm(SuspendMicrovmRequest request) {
        return invoker.invoke(Operations.SUSPEND_MICROVM, request);
    }

    @Override
    public ResumeMicrovmResponse resumeMicrovm(ResumeMicrovmRequest request) {
        return invoker.invoke(Operations.RESUME_MICROVM, request);
    }

    @Override
    public CreateMicrovmAuthTokenResponse createMicrovmAuthToken(CreateMicrovmAuthTokenRequest request) {
        return invoker.invoke(Operations.CREATE_MICROVM_AUTH_TOKEN, request);
    }

    @Override
    public CreateMicrovmShellAuthTokenResponse createMicrovmShellAuthToken(CreateMicrovmShellAuthTokenRequest request) {
        return invoker.invoke(Operations.CREATE_MICROVM_SHELL_AUTH_TOKEN, request);
    }

    @Override
    public ListTagsResponse listTags(ListTagsRequest request) {
        return invoker.invoke(Operations.LIST_TAGS, request);
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        return invoker.invoke(Operations.TAG_RESOURCE, request);
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        return invoker.invoke(Operations.UNTAG_RESOURCE, request);
    }

    @Override
    public void close() {
        invoker.close();
    }
}
