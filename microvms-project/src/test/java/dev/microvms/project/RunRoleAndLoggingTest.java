package dev.microvms.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** microvm.yml's run.executionRoleArn and run.logging, and image.logGroup. */
class RunRoleAndLoggingTest {
    private static final String HEAD = "name: hello\n";

    @Test
    void parse_roleAndLogging_givesThem() {
        ProjectFile p = ProjectFiles.parse(
                HEAD + "run:\n  executionRoleArn: arn:aws:iam::123456789012:role/hello\n"
                        + "  logging: {logGroup: /lambda-microvms/hello, logStream: app}\n",
                "microvm.yml");

        assertThat(p.run().executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/hello");
        assertThat(p.run().logging().logGroup()).isEqualTo("/lambda-microvms/hello");
        assertThat(p.run().logging().logStream()).isEqualTo("app");
        assertThat(p.run().logging().on()).isTrue();
    }

    @Test
    void parse_loggingDisabled_isOff() {
        ProjectFile p = ProjectFiles.parse(HEAD + "run:\n  logging: {enabled: false}\n", "microvm.yml");

        assertThat(p.run().logging().on()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "run:\\n  executionRoleArn: my-role\\n|run.executionRoleArn 'my-role' is not an IAM role ARN",
                "run:\\n  logging: {logGroup: 'bad group'}\\n|run.logging.logGroup 'bad group' is not a log group name",
                "run:\\n  logging: {logStream: 'a:b'}\\n|run.logging.logStream 'a:b' is not a log stream name",
                "run:\\n  logging: {enabled: false, logGroup: /g}\\n|says enabled: false but names a log group",
                "image:\\n  logGroup: 'no spaces'\\n|image.logGroup 'no spaces' is not a log group name"
            })
    void parse_badRoleOrLogging_saysWhatAndWhere(String yaml, String message) {
        assertThatThrownBy(() -> ProjectFiles.parse(HEAD + yaml.replace("\\n", "\n"), "microvm.yml"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("microvm.yml:");
    }
}
