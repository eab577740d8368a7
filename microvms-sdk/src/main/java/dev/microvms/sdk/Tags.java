package dev.microvms.sdk;

import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.UntagResourceRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The three tag operations, shared by the resources that have an ARN. */
final class Tags {
    private Tags() {}

    static Map<String, String> list(SdkContext ctx, String arn) {
        Map<String, String> tags = ctx.client
                .listTags(ListTagsRequest.builder().resource(arn).build())
                .tags();
        return tags == null ? Map.of() : Map.copyOf(tags);
    }

    static void tag(SdkContext ctx, String arn, Map<String, String> tags) {
        ctx.client.tagResource(
                TagResourceRequest.builder().resource(arn).tags(tags).build());
    }

    static void untag(SdkContext ctx, String arn, Collection<String> keys) {
        ctx.client.untagResource(UntagResourceRequest.builder()
                .resource(arn)
                .tagKeys(List.copyOf(keys))
                .build());
    }
}
