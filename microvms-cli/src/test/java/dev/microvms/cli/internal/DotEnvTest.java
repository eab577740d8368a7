package dev.microvms.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** A project's .env stands in for environment variables that are not set: Region, profile, keys. */
class DotEnvTest {
    @TempDir
    Path project;

    private Settings settings(Map<String, String> env, String... options) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(options);
        CliContext context = new CliContext(
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                env);
        return holder.connection.settings(context, null, project);
    }

    /** A command to parse connection options with. */
    @CommandLine.Command
    static final class Holder {
        @CommandLine.Mixin
        ConnectionOptions connection;
    }

    @Test
    void regionAndKeys_comeFromDotEnv() throws Exception {
        Files.writeString(
                project.resolve(".env"),
                "# on AWS\nAWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIAFROMFILE\nAWS_SECRET_ACCESS_KEY=\"s e c\"\n");

        Settings s = settings(Map.of());

        assertThat(s.region()).isEqualTo("eu-west-1");
        AwsCredentials keys = s.credentials().resolveCredentials();
        assertThat(keys.accessKeyId()).isEqualTo("AKIAFROMFILE");
        assertThat(keys.secretAccessKey()).isEqualTo("s e c");
    }

    @Test
    void environment_winsOverDotEnv_andOptionsOverBoth() throws Exception {
        Files.writeString(project.resolve(".env"), "AWS_REGION=eu-west-1\nAWS_PROFILE=file\n");

        assertThat(settings(Map.of("AWS_REGION", "us-west-2")).region()).isEqualTo("us-west-2");
        assertThat(settings(Map.of("AWS_REGION", "us-west-2"), "--region", "ap-south-1")
                        .region())
                .isEqualTo("ap-south-1");
        assertThat(settings(Map.of()).profile()).isEqualTo("file");
    }

    @Test
    void profileOption_winsOverKeysInDotEnv() throws Exception {
        Files.writeString(project.resolve(".env"), "AWS_ACCESS_KEY_ID=a\nAWS_SECRET_ACCESS_KEY=b\n");

        Settings s = settings(Map.of(), "--profile", "mine");

        assertThat(s.credentials()).isInstanceOf(ProfileCredentialsProvider.class);
        assertThat(s.profile()).isEqualTo("mine");
    }

    @Test
    void local_usesKeysFromDotEnv() throws Exception {
        Files.writeString(project.resolve(".env"), "AWS_ACCESS_KEY_ID=a\nAWS_SECRET_ACCESS_KEY=b\n");

        assertThat(settings(Map.of(), "--local")
                        .credentials()
                        .resolveCredentials()
                        .accessKeyId())
                .isEqualTo("a");
    }

    @Test
    void noDotEnv_changesNothing() {
        assertThat(DotEnv.read(project)).isEmpty();
        assertThat(settings(Map.of()).region()).isNull();
    }

    @Test
    void malformedDotEnv_isAUsageErrorNamingTheFile() throws Exception {
        Files.writeString(project.resolve(".env"), "AWS_REGION eu-west-1\n");

        assertThatThrownBy(() -> DotEnv.read(project))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(project.resolve(".env").toString(), "NAME=value");
    }
}
