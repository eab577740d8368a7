package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ManagedMicrovmImageSummary;
import dev.microvms.model.ManagedMicrovmImageVersionSummary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A base image AWS manages, such as {@code arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1}: the
 * {@code baseImageArn} of your images.
 *
 * <pre>{@code
 * for (ManagedMicrovmImage base : microvms.managedImages()) {
 *     System.out.println(base.arn() + " " + base.versions());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ManagedMicrovmImage {
    private final SdkContext ctx;
    private volatile ManagedMicrovmImageSummary data;

    private ManagedMicrovmImage(SdkContext ctx, ManagedMicrovmImageSummary data) {
        this.ctx = ctx;
        this.data = data;
    }

    static List<ManagedMicrovmImage> list(SdkContext ctx) {
        return ctx
                .client
                .listManagedMicrovmImagesPaginator(
                        ListManagedMicrovmImagesRequest.builder().build())
                .stream()
                .map(s -> new ManagedMicrovmImage(ctx, s))
                .collect(Collectors.toList());
    }

    /** @return the image's ARN, the {@code baseImageArn} of images built on it */
    public String arn() {
        return data.imageArn();
    }

    /** @return what the service said about it at the last call */
    public ManagedMicrovmImageSummary data() {
        return data;
    }

    /**
     * Asks the service again; there is no get operation for managed images, so this lists them.
     *
     * @return this image
     * @throws MicrovmsClientException when the image is no longer listed
     */
    public ManagedMicrovmImage refresh() {
        String arn = arn();
        data = ctx
                .client
                .listManagedMicrovmImagesPaginator(
                        ListManagedMicrovmImagesRequest.builder().build())
                .stream()
                .filter(s -> s.imageArn().equals(arn))
                .findFirst()
                .orElseThrow(() -> new MicrovmsClientException(
                        "The managed image " + arn + " is no longer listed by ListManagedMicrovmImages."));
        return this;
    }

    /** @return its versions, such as {@code 0} and {@code 1} */
    public List<ManagedMicrovmImageVersionSummary> versions() {
        return ctx
                .client
                .listManagedMicrovmImageVersionsPaginator(ListManagedMicrovmImageVersionsRequest.builder()
                        .imageIdentifier(arn())
                        .build())
                .stream()
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "ManagedMicrovmImage[" + data.imageArn() + "]";
    }
}
