package dev.microvms.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed generated sources are exactly what the model file gives (CI runs this with every build). */
class GeneratedSourcesTest {
    static final Path ROOT =
            Path.of(System.getProperty("microvms.root", "..")).toAbsolutePath().normalize();

    @Test
    void committedSources_areWhatTheModelGives() {
        Map<Path, String> files =
                ModelGenerator.generate(ServiceModel.read(ROOT.resolve(ModelGenerator.MODEL)), Customization.load());

        List<String> differences = ModelGenerator.differences(ROOT, files);

        assertThat(differences)
                .as("generated sources out of date; run `mvn -q -pl codegen compile exec:java` and commit the result")
                .isEmpty();
    }
}
