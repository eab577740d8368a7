package dev.microvms.emulator.core;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The one base image AWS manages, {@code al2023-1}, with its versions "1" and "0". */
public final class ManagedImages {
    /** When the managed image was published, as the emulator shows it. */
    public static final Instant PUBLISHED = Instant.parse("2026-06-22T00:00:00Z");

    private static final Instant VERSION_0 = Instant.parse("2026-05-15T00:00:00Z");

    /**
     * A version of the managed image.
     *
     * @param imageArn the managed image's ARN
     * @param imageVersion the version
     * @param createdAt when it was published
     */
    public record ManagedVersion(String imageArn, String imageVersion, Instant createdAt) {}

    /** ListManagedMicrovmImages: the region's managed image. */
    public Page<String> list(RequestContext ctx, @Nullable Integer maxResults, @Nullable String nextToken) {
        Violations v = new Violations();
        Page.check(v, maxResults, nextToken);
        v.throwIfAny();
        return Page.of(List.of(Arns.managedImage(ctx.region())), a -> a, maxResults, nextToken, a -> true);
    }

    /** ListManagedMicrovmImageVersions, newest first. */
    public Page<ManagedVersion> versions(
            RequestContext ctx, @Nullable String identifier, @Nullable Integer maxResults, @Nullable String nextToken) {
        Violations v = new Violations();
        Shapes.imageIdentifier(v, identifier);
        Page.check(v, maxResults, nextToken);
        v.throwIfAny();
        String arn = Arns.managedImage(ctx.region());
        if (!identifier.equals(arn) && !identifier.equals(Arns.MANAGED_IMAGE_NAME)) {
            throw ApiException.notFound("Managed MicroVM image not found: " + identifier);
        }
        List<ManagedVersion> all =
                List.of(new ManagedVersion(arn, "1", PUBLISHED), new ManagedVersion(arn, "0", VERSION_0));
        return Page.of(all, m -> m.imageVersion().equals("1") ? "a" : "b", maxResults, nextToken, m -> true);
    }
}
