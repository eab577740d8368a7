package dev.microvms.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.model.HookState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectFilesTest {
    private static final String GOOD = String.join(
            "\n",
            "name: hello",
            "region: eu-west-1",
            "image:",
            "  memoryInMiB: 2048",
            "  environment: {A: b}",
            "  egress: [INTERNET_EGRESS]",
            "hooks:",
            "  port: 9000",
            "  ready: {timeoutSeconds: 60}",
            "  run: {}",
            "  suspend: {enabled: false}",
            "run:",
            "  ingress: [HTTP_INGRESS, SHELL_INGRESS]",
            "  idle: {maxIdleSeconds: 900, suspendedSeconds: 60, autoResume: true}",
            "");

    @Test
    void parse_goodFile_givesTheModelShapes() {
        ProjectFile p = ProjectFiles.parse(GOOD, "microvm.yml");

        assertThat(p.name()).isEqualTo("hello");
        assertThat(p.image().baseImageArn("eu-west-1"))
                .isEqualTo("arn:aws:lambda:eu-west-1:aws:microvm-image:al2023-1");
        assertThat(p.hooks().toModel().microvmImageHooks().ready()).isEqualTo(HookState.ENABLED);
        assertThat(p.hooks().toModel().microvmHooks().run()).isEqualTo(HookState.ENABLED);
        assertThat(p.hooks().toModel().microvmHooks().suspend()).isEqualTo(HookState.DISABLED);
        assertThat(p.hooks().toModel().microvmHooks().resume()).isNull();
        assertThat(p.run().idle().toModel().autoResumeEnabled()).isTrue();
        assertThat(p.artifact().outputOrDefault()).isEqualTo("target/microvm-artifact.zip");
        assertThat(ProjectFile.connectorArn("eu-west-1", "HTTP_INGRESS"))
                .isEqualTo("arn:aws:lambda:eu-west-1:aws:network-connector:aws-network-connector:HTTP_INGRESS");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'  port: 70000'|microvm.yml:8:3: hooks.port is 70000; it must be from 1 to 65535",
                "'  porty: 9000'|microvm.yml:8:3: unknown key 'porty' in 'hooks'",
                "'  port: nine'|microvm.yml:8:3: 'hooks.port' must be a whole number",
            })
    void parse_badHookPort_namesLineAndColumn(String line, String message) {
        String text = GOOD.replace("  port: 9000", line);

        assertThatThrownBy(() -> ProjectFiles.parse(text, "microvm.yml"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "name: hello|name: my app|microvm.yml:1:1: name 'my app' may hold only letters",
                "'  memoryInMiB: 2048'|'  memoryInMiB: 3000'|microvm.yml:4:3: image.memoryInMiB is 3000",
                "[HTTP_INGRESS, SHELL_INGRESS]|[HTTP_INGRESS, WEB]|microvm.yml:13:27: run.ingress has 'WEB'",
                "maxIdleSeconds: 900|maxIdleSeconds: 30|microvm.yml:14:10: run.idle.maxIdleSeconds is 30",
                "'  ready: {timeoutSeconds: 60}'|'  validate: {}'|microvm.yml:7:1: hooks.ready is missing",
                "region: eu-west-1|region: Europe|microvm.yml:2:1: region 'Europe' is not a Region",
            })
    void parse_badValue_namesLineAndFix(String from, String to, String message) {
        String text = GOOD.replace(from, to);

        assertThatThrownBy(() -> ProjectFiles.parse(text, "microvm.yml"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parse_notYaml_saysSoWithTheLine() {
        assertThatThrownBy(() -> ProjectFiles.parse("name: 'unterminated\n", "microvm.yml"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageStartingWith("microvm.yml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parse_missingName_saysWhatToAdd() {
        assertThatThrownBy(() -> ProjectFiles.parse("region: us-east-1\n", "microvm.yml"))
                .hasMessageContaining("'name' is missing");
    }

    @Test
    void parse_emptyFile_saysItNeedsAName() {
        assertThatThrownBy(() -> ProjectFiles.parse("  \n", "microvm.yml")).hasMessageContaining("empty");
    }

    @Test
    void load_missingFile_pointsAtNew(@TempDir Path dir) {
        assertThatThrownBy(() -> ProjectFiles.load(ProjectFiles.in(dir)))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("There is no microvm.yml in " + dir)
                .hasMessageContaining("lambda-microvms new NAME");
    }

    @Test
    void parse_fourMistakes_reportsAllFourFromTheTop() {
        String text = String.join(
                "\n",
                "name: hello",
                "image:",
                "  memoryInMB: 2048",
                "  environment: [A, B]",
                "hooks:",
                "  port: 70000",
                "  ready: {timeoutSeconds: 60}",
                "run:",
                "  idle: {maxIdleSeconds: 900}",
                "");

        assertThatThrownBy(() -> ProjectFiles.parse(text, "microvm.yml"))
                .isInstanceOfSatisfying(ProjectFileException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "microvm.yml:3:3: unknown key 'memoryInMB' in 'image'; did you mean 'memoryInMiB'?"
                                        + " Known keys there: baseImage, baseImageVersion, buildRoleArn, egress,"
                                        + " environment, logGroup, memoryInMiB.",
                                "microvm.yml:4:3: 'image.environment' must be a section of 'NAME: value' lines, not a"
                                        + " list.",
                                "microvm.yml:6:3: hooks.port is 70000; it must be from 1 to 65535: the port of the"
                                        + " app's hook listener, such as 9000.",
                                "microvm.yml:9:3: run.idle needs both maxIdleSeconds and suspendedSeconds, such as"
                                        + " {maxIdleSeconds: 900, suspendedSeconds: 3600}."));
    }

    @Test
    void parse_oneValueWhereAListIsExpected_readsAsAListOfOne() {
        ProjectFile p = ProjectFiles.parse("name: hello\nrun:\n  ingress: HTTP_INGRESS\n", "microvm.yml");

        assertThat(p.run().ingress()).containsExactly("HTTP_INGRESS");
    }

    @Test
    void parse_badIndentation_namesTheLineThatIsOff() {
        String text = String.join(
                "\n", "name: hello", "image:", "  baseImage: al2023-1", "   memoryInMiB: 2048", "artifact: {}", "");

        assertThatThrownBy(() -> ProjectFiles.parse(text, "microvm.yml"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageStartingWith("microvm.yml:4:")
                .hasMessageContaining("indented");
    }

    @Test
    void parse_unknownTopLevelKey_suggestsTheNearOne() {
        assertThatThrownBy(() -> ProjectFiles.parse("name: hello\nhook:\n  port: 9000\n", "microvm.yml"))
                .hasMessageContaining("microvm.yml:2:1: unknown key 'hook' at the top level; did you mean 'hooks'?");
    }

    @Test
    void closest_findsCaseAndSmallTypos_notFarWords() {
        assertThat(ProjectFileShape.closest("memoryinmib", java.util.List.of("memoryInMiB", "egress")))
                .isEqualTo("memoryInMiB");
        assertThat(ProjectFileShape.closest("porty", java.util.List.of("port", "ready")))
                .isEqualTo("port");
        assertThat(ProjectFileShape.closest("colour", java.util.List.of("port", "ready")))
                .isNull();
    }
}
