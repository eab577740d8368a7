package dev.microvms.emulator.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** ListTags, TagResource and UntagResource, on image ARNs, with Lambda's constraints. */
public final class Tags {
    /** TaggableResource in the model: the ARN of any taggable Lambda resource; only images exist here. */
    private static final Pattern RESOURCE = Pattern.compile(
            "arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?"
                    + "-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)"
                    + "|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
                    + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(capacity-provider|network-connector|microvm-image):[a-zA-Z0-9-_]+)");
    /** TagKey and TagValue in the model. */
    private static final Pattern TAG = Pattern.compile("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");

    private static final int MAX_TAGS = 50;

    private final Registry registry;
    private final ImageService images;

    Tags(Registry registry, ImageService images) {
        this.registry = registry;
        this.images = images;
    }

    /** Checks tags as the model does: keys 1-128, values 0-256 characters, both of the tag pattern. */
    static void check(@Nullable Map<String, String> tags, Violations v) {
        if (tags == null) {
            return;
        }
        tags.forEach((key, value) -> {
            v.string("tags.key", key, 1, 128, TAG);
            if (v.notNull("tags.value", value)) {
                v.string("tags.value", value, 0, 256, TAG);
            }
        });
    }

    /** ListTags. */
    public Map<String, String> list(RequestContext ctx, @Nullable String resource) {
        checkResource(resource);
        registry.lock.lock();
        try {
            return new TreeMap<>(images.find(ctx, resource).tags());
        } finally {
            registry.lock.unlock();
        }
    }

    /** TagResource. */
    public void tag(RequestContext ctx, @Nullable String resource, @Nullable Map<String, String> tags) {
        checkResource(resource);
        Violations v = new Violations();
        if (v.notNull("tags", tags)) {
            check(tags, v);
        }
        v.throwIfAny();
        registry.lock.lock();
        try {
            Image image = images.find(ctx, resource);
            Map<String, String> merged = new TreeMap<>(image.tags());
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw new ApiException(
                        ErrorType.INVALID_PARAMETER_VALUE,
                        "The resource " + resource + " would have " + merged.size()
                                + " tags; a resource can have at most " + MAX_TAGS + ".");
            }
            registry.save(image.withTags(merged));
        } finally {
            registry.lock.unlock();
        }
    }

    /** UntagResource. */
    public void untag(RequestContext ctx, @Nullable String resource, @Nullable Collection<String> keys) {
        checkResource(resource);
        Violations v = new Violations();
        if (v.notNull("tagKeys", keys)) {
            for (String key : keys) {
                if (v.notNull("tagKeys.member", key)) {
                    v.string("tagKeys.member", key, 1, 128, TAG);
                }
            }
        }
        v.throwIfAny();
        registry.lock.lock();
        try {
            Image image = images.find(ctx, resource);
            Map<String, String> left = new TreeMap<>(image.tags());
            left.keySet().removeAll(List.copyOf(keys));
            registry.save(image.withTags(left));
        } finally {
            registry.lock.unlock();
        }
    }

    private static void checkResource(@Nullable String resource) {
        Violations v = new Violations();
        if (v.notNull("resource", resource)) {
            v.string("resource", resource, 1, 10_000, RESOURCE);
        }
        v.throwIfAny();
    }
}
