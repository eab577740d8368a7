package dev.microvms.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes to a copy of the model file show in the generated code: nothing about the wire is typed twice. */
class ModelGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODEL = GeneratedSourcesTest.ROOT.resolve(ModelGenerator.MODEL);
    private static final Path TYPES = Path.of("microvms-model/src/generated/java/dev/microvms/model");
    private static final Path WIRE = Path.of("microvms-model/src/generated/java/dev/microvms/model/wire");
    private static final Path SCHEMA = Path.of("microvms-model/src/generated/java/dev/microvms/model/schema");
    private static final Path CODECS = Path.of("microvms-model/src/generated/java/dev/microvms/model/json/internal");

    private static Map<Path, String> original;

    @TempDir
    Path copy;

    @BeforeAll
    static void generateOriginal() {
        original = ModelGenerator.generate(ServiceModel.read(MODEL), Customization.load());
    }

    @Test
    void removingAMember_takesItOutOfTheType_theCodec_theBindingsAndTheConstraints() throws IOException {
        Map<Path, String> changed = generateWith(
                model -> shape(model, "RunMicrovmRequest").with("members").remove("maximumDurationInSeconds"));

        assertThat(original.get(TYPES.resolve("RunMicrovmRequest.java"))).contains("maximumDurationInSeconds");
        assertThat(changed.get(TYPES.resolve("RunMicrovmRequest.java")))
                .isNotEqualTo(original.get(TYPES.resolve("RunMicrovmRequest.java")))
                .doesNotContain("maximumDurationInSeconds");
        assertThat(changed.get(CODECS.resolve("RunMicrovmRequestCodec.java")))
                .doesNotContain("maximumDurationInSeconds");
        assertThat(section(changed.get(WIRE.resolve("Bindings.java")), "RUN_MICROVM ="))
                .doesNotContain("maximumDurationInSeconds");
        assertThat(section(original.get(WIRE.resolve("Bindings.java")), "RUN_MICROVM ="))
                .contains("maximumDurationInSeconds");
        assertThat(changed.get(SCHEMA.resolve("Shapes.java")))
                .doesNotContain("((RunMicrovmRequest) v).maximumDurationInSeconds()");
    }

    @Test
    void changingAConstraint_changesTheConstraintsAndTheJavadoc() throws IOException {
        Map<Path, String> changed =
                generateWith(model -> shape(model, "ImageName").put("max", 100));

        assertThat(original.get(SCHEMA.resolve("Shapes.java")))
                .contains("add(Shape.builder(\"ImageName\", ShapeType.STRING).min(1L).max(64L)");
        assertThat(changed.get(SCHEMA.resolve("Shapes.java")))
                .contains("add(Shape.builder(\"ImageName\", ShapeType.STRING).min(1L).max(100L)");
        assertThat(changed.get(TYPES.resolve("CreateMicrovmImageRequest.java"))).contains("1-100 characters");
    }

    @Test
    void changingABinding_changesTheBindings() throws IOException {
        Map<Path, String> changed = generateWith(model -> {
            ObjectNode http =
                    (ObjectNode) model.with("operations").with("SuspendMicrovm").with("http");
            http.put("method", "PUT");
            http.put("responseCode", 202);
        });

        assertThat(changed.get(WIRE.resolve("Bindings.java")))
                .contains(".http(\"PUT\", \"/2025-09-09/microvms/{microvmIdentifier}/suspend\", 202)");
    }

    @Test
    void addingAnEnumValue_addsTheConstant() throws IOException {
        Map<Path, String> changed =
                generateWith(model -> ((ArrayNode) shape(model, "MicrovmState").get("enum")).add("HIBERNATING"));

        assertThat(changed.get(TYPES.resolve("MicrovmState.java"))).contains("    HIBERNATING,\n");
        assertThat(changed.get(SCHEMA.resolve("Shapes.java"))).contains("\"HIBERNATING\"");
    }

    @Test
    void aReferenceToAShapeTheModelLacks_failsNamingIt() throws IOException {
        assertThatThrownBy(() -> generateWith(model -> ((ObjectNode)
                                shape(model, "IdlePolicy").with("members").get("autoResumeEnabled"))
                        .put("shape", "NoSuchShape")))
                .hasMessageContaining("NoSuchShape");
    }

    private Map<Path, String> generateWith(Consumer<ObjectNode> change) throws IOException {
        Files.copy(MODEL.resolve("paginators-2025-09-09.json"), copy.resolve("paginators-2025-09-09.json"));
        ObjectNode model = (ObjectNode)
                JSON.readTree(MODEL.resolve("lambda-microvms-2025-09-09.json").toFile());
        change.accept(model);
        JSON.writeValue(copy.resolve("lambda-microvms-2025-09-09.json").toFile(), model);
        return ModelGenerator.generate(ServiceModel.read(copy), Customization.load());
    }

    private static ObjectNode shape(ObjectNode model, String name) {
        return object(object(model, "shapes"), name);
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return (ObjectNode) parent.get(name);
    }

    /** The text from a marker to the next blank line: one constant of the bindings. */
    private static String section(String text, String marker) {
        int start = text.indexOf(marker);
        int end = text.indexOf("\n\n", start);
        return text.substring(start, end);
    }
}
