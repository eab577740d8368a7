package dev.microvms.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** Endpoints and credentials as the AWS SDKs resolve them, read from the run's environment. */
class SettingsTest {
    @Test
    void endpointFor_serviceVariableWinsOverTheGeneralOne() {
        Settings s = Settings.resolve(
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4599", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"),
                "us-east-1",
                null,
                false,
                null,
                false);

        assertThat(s.endpointFor(AwsService.S3)).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s.endpointFor(AwsService.IAM)).isEqualTo(URI.create("http://127.0.0.1:4599"));
        assertThat(s.describeEndpoint(AwsService.S3)).isEqualTo("http://127.0.0.1:9000 (AWS_ENDPOINT_URL_S3)");
        assertThat(s.loopback()).isTrue();
        assertThat(s.local()).isFalse();
    }

    @Test
    void endpointFor_optionWins_andIgnoringConfiguredEndpointsLeavesTheRegions() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4599");

        assertThat(Settings.resolve(env, "us-east-1", null, false, "http://localhost:5000", false)
                        .endpointFor(AwsService.STS))
                .isEqualTo(URI.create("http://localhost:5000"));
        Settings ignoring = Settings.resolve(
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4599", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                "us-east-1",
                null,
                false,
                null,
                false);
        assertThat(ignoring.endpointFor(AwsService.LAMBDA_MICROVMS)).isNull();
        assertThat(ignoring.describeEndpoint(AwsService.LAMBDA_MICROVMS)).isEqualTo("the Region's endpoint");
    }

    @Test
    void credentials_fromTheRunsEnvironment_withoutLocal() {
        Settings s = Settings.resolve(
                Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                "us-east-1",
                null,
                false,
                null,
                false);

        AwsCredentials c = s.credentials().resolveCredentials();
        assertThat(c.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void credentials_keysWinOverTheProjectsProfile_butNotOverProfileOption() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");

        Settings project = Settings.resolve(env, "us-east-1", "from-microvm-yml", false, null, false);
        Settings option = Settings.resolve(env, "us-east-1", "from-option", true, null, false);
        Settings noKeys = Settings.resolve(Map.of(), "us-east-1", "from-microvm-yml", false, null, false);

        assertThat(project.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(option.credentials()).isInstanceOf(ProfileCredentialsProvider.class);
        assertThat(noKeys.credentials()).isInstanceOf(ProfileCredentialsProvider.class);
    }

    @Test
    void home_isTheVariableElseTheUsersDirectory() {
        assertThat(Settings.resolve(Map.of("LAMBDA_MICROVMS_HOME", "/tmp/x"), "us-east-1", null, false, null, false)
                        .home()
                        .toString())
                .isEqualTo("/tmp/x");
        assertThat(Settings.resolve(Map.of(), "us-east-1", null, false, null, false)
                        .home()
                        .toString())
                .isEqualTo(System.getProperty("user.home") + "/.lambda-microvms");
    }
}
