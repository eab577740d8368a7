package dev.microvms.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.core.Build;
import dev.microvms.emulator.core.Image;
import dev.microvms.emulator.core.ImageConfig;
import dev.microvms.emulator.core.ImageVersion;
import dev.microvms.emulator.core.ManagedImages;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.Page;
import dev.microvms.model.json.WireJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSON the emulator answers with, member for member as the live service does (recordings in
 * {@code shared/reference/recordings}): absent values are written as {@code null}, as the service writes
 * them, and the service's own extra members ({@code id}, {@code versionStateTimeBucket},
 * {@code terminationReasonCode}, ...) are there too.
 */
final class Views {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final DateTimeFormatter BUCKET =
            DateTimeFormatter.ofPattern("yyMMddHH").withZone(ZoneOffset.UTC);

    private Views() {}

    static ObjectNode imageCreated(Image image, ImageVersion version, boolean withTags) {
        ObjectNode n = JSON.createObjectNode();
        config(n, version.config());
        n.putNull("buildPhaseOverrides");
        time(n, "createdAt", image.createdAt());
        n.put("id", image.id());
        n.put("imageArn", image.arn());
        n.put("imageVersion", version.version());
        n.put("latestActiveImageVersion", image.latestActiveImageVersion());
        n.put("latestFailedImageVersion", image.latestFailedImageVersion());
        n.put("name", image.name());
        n.putNull("roleConfiguration");
        n.put("state", image.state().name());
        if (withTags) {
            tags(n, image.tags().isEmpty() ? null : image.tags());
        }
        time(n, "updatedAt", image.updatedAt());
        return n;
    }

    static ObjectNode image(Image image) {
        ObjectNode n = imageSummary(image);
        tags(n, image.tags());
        time(n, "updatedAt", image.updatedAt());
        return n;
    }

    static ObjectNode imageSummary(Image image) {
        ObjectNode n = JSON.createObjectNode();
        time(n, "createdAt", image.createdAt());
        n.put("id", image.id());
        n.put("imageArn", image.arn());
        n.put("latestActiveImageVersion", image.latestActiveImageVersion());
        n.put("latestFailedImageVersion", image.latestFailedImageVersion());
        n.put("name", image.name());
        n.put("state", image.state().name());
        return n;
    }

    static ObjectNode version(ImageVersion v) {
        ObjectNode n = JSON.createObjectNode();
        config(n, v.config());
        time(n, "createdAt", v.createdAt());
        n.put("imageArn", v.imageArn());
        n.put("imageVersion", v.version());
        n.put("state", v.state().name());
        n.put("stateReason", v.stateReason());
        n.put("status", v.active() ? "ACTIVE" : "INACTIVE");
        n.putNull("tags");
        time(n, "updatedAt", v.updatedAt());
        n.put("versionStateTimeBucket", v.state().name() + "#" + BUCKET.format(v.updatedAt()));
        return n;
    }

    static ObjectNode build(Build b, boolean withSnapshot) {
        ObjectNode n = JSON.createObjectNode();
        n.put("architecture", "ARM_64");
        n.put("buildId", b.buildId());
        n.put("buildState", b.state().name());
        n.put("chipset", "GRAVITON");
        n.put("chipsetGeneration", b.chipsetGeneration());
        time(n, "createdAt", b.createdAt());
        n.put("imageArn", b.imageArn());
        n.put("imageVersion", b.version());
        if (withSnapshot) {
            if (b.sizes() == null) {
                n.putNull("snapshotBuild");
            } else {
                ObjectNode s = n.putObject("snapshotBuild");
                s.put("codeInstallSizeInBytes", b.sizes().codeInstallSizeInBytes());
                s.put("diskSnapshotSizeInBytes", b.sizes().diskSnapshotSizeInBytes());
                s.put("memorySnapshotSizeInBytes", b.sizes().memorySnapshotSizeInBytes());
            }
        }
        n.put("stateReason", b.stateReason());
        n.put("terminationReasonCode", b.terminationReasonCode());
        return n;
    }

    static ObjectNode microvm(Microvm m) {
        ObjectNode n = JSON.createObjectNode();
        strings(n, "egressNetworkConnectors", m.egressNetworkConnectors());
        n.put(
                "endpoint",
                m.endpoint() == null ? m.endpointId() + ".lambda-microvm." + m.region() + ".on.aws" : m.endpoint());
        n.put("executionRoleArn", m.executionRoleArn());
        n.set("idlePolicy", m.idlePolicy() == null ? null : JSON.valueToTree(m.idlePolicy()));
        n.put("imageArn", m.imageArn());
        n.put("imageVersion", m.imageVersion());
        strings(n, "ingressNetworkConnectors", m.ingressNetworkConnectors());
        n.put("maximumDurationInSeconds", m.maximumDurationInSeconds());
        n.put("microvmId", m.microvmId());
        time(n, "startedAt", m.startedAt());
        n.put("state", m.state().name());
        n.put("stateReason", m.stateReason());
        time(n, "terminatedAt", m.terminatedAt());
        n.putNull("terminationReasonCode");
        return n;
    }

    static ObjectNode microvmSummary(Microvm m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("imageArn", m.imageArn());
        n.put("imageVersion", m.imageVersion());
        n.put("microvmId", m.microvmId());
        time(n, "startedAt", m.startedAt());
        n.put("state", m.state().name());
        return n;
    }

    static ObjectNode managedImage(String arn) {
        ObjectNode n = JSON.createObjectNode();
        time(n, "createdAt", ManagedImages.PUBLISHED);
        n.put("imageArn", arn);
        time(n, "updatedAt", ManagedImages.PUBLISHED);
        return n;
    }

    static ObjectNode managedVersion(ManagedImages.ManagedVersion v) {
        ObjectNode n = JSON.createObjectNode();
        time(n, "createdAt", v.createdAt());
        n.put("imageArn", v.imageArn());
        n.put("imageVersion", v.imageVersion());
        n.put("status", "AVAILABLE");
        time(n, "updatedAt", v.createdAt());
        return n;
    }

    static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> item) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode items = n.putArray("items");
        page.items().forEach(i -> items.add(item.apply(i)));
        n.put("nextToken", page.nextToken());
        return n;
    }

    static ObjectNode token(String token) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("authToken").put("X-aws-proxy-auth", token);
        return n;
    }

    static ObjectNode tags(Map<String, String> tags) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode t = n.putObject("Tags");
        new TreeMap<>(tags).forEach(t::put);
        return n;
    }

    private static void config(ObjectNode n, ImageConfig c) {
        n.set("additionalOsCapabilities", tree(c.additionalOsCapabilities()));
        n.put("baseImageArn", c.baseImageArn());
        n.put("baseImageVersion", c.baseImageVersion());
        n.put("buildRoleArn", c.buildRoleArn());
        n.set("codeArtifact", tree(c.codeArtifact()));
        n.set("cpuConfigurations", tree(c.cpuConfigurations()));
        n.put("description", c.description());
        strings(n, "egressNetworkConnectors", c.egressNetworkConnectors());
        n.set("environmentVariables", tree(c.environmentVariables()));
        n.set("hooks", tree(c.hooks()));
        n.set("logging", tree(c.logging()));
        n.set("resources", tree(c.resources()));
    }

    private static void tags(ObjectNode n, @Nullable Map<String, String> tags) {
        if (tags == null) {
            n.putNull("tags");
        } else {
            ObjectNode t = n.putObject("tags");
            new TreeMap<>(tags).forEach(t::put);
        }
    }

    private static void strings(ObjectNode n, String name, java.util.List<String> values) {
        ArrayNode a = n.putArray(name);
        values.forEach(a::add);
    }

    private static JsonNode tree(@Nullable Object value) {
        return value == null ? JSON.nullNode() : JSON.valueToTree(value);
    }

    /** Timestamps are epoch seconds, with milliseconds as a fraction, as the service sends them. */
    private static void time(ObjectNode n, String name, @Nullable Instant at) {
        if (at == null) {
            n.putNull(name);
        } else {
            long millis = at.toEpochMilli();
            n.put(name, millis % 1000 == 0 ? BigDecimal.valueOf(millis / 1000) : BigDecimal.valueOf(millis, 3));
        }
    }
}
