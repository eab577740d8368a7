package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS and the IAM role operations through the official AWS SDK for Java v2 clients, against the emulator's port. */
class IamStsApiIT {
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::artifacts/*\"}]}";

    @TempDir
    Path state;

    private Emulator emulator;
    private IamClient iam;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .account("123456789012")
                .start();
        iam = iam(emulator.endpoint());
    }

    @AfterEach
    void stop() {
        iam.close();
        emulator.close();
    }

    static IamClient iam(URI endpoint) {
        return IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @Test
    void getCallerIdentity_answersTheEmulatorsAccount() {
        try (StsClient sts = StsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();

            assertThat(me.account()).isEqualTo("123456789012");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:root");
            assertThat(me.userId()).isEqualTo("123456789012");
        }
    }

    @Test
    void createGetListDeleteRole_roundTripThroughTheSdk() {
        Role made = iam.createRole(b -> b.roleName("microvms-build")
                        .path("/lambda-microvms/")
                        .assumeRolePolicyDocument(TRUST)
                        .description("builds images")
                        .tags(t -> t.key("made-by").value("bootstrap")))
                .role();

        assertThat(made.arn()).isEqualTo("arn:aws:iam::123456789012:role/lambda-microvms/microvms-build");
        assertThat(made.roleId()).startsWith("AROA").hasSize(21);
        assertThat(made.createDate()).isNotNull();
        GetRoleResponse got = iam.getRole(b -> b.roleName("MICROVMS-BUILD"));
        assertThat(got.role().roleName()).isEqualTo("microvms-build");
        assertThat(URLDecoder.decode(got.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(TRUST);
        assertThat(got.role().tags()).singleElement().satisfies(t -> assertThat(t.value())
                .isEqualTo("bootstrap"));
        assertThat(got.role().maxSessionDuration()).isEqualTo(3600);
        assertThat(iam.listRoles(b -> b.pathPrefix("/lambda-microvms/")).roles())
                .extracting(Role::roleName)
                .containsExactly("microvms-build");

        iam.deleteRole(b -> b.roleName("microvms-build"));

        assertThatThrownBy(() -> iam.getRole(b -> b.roleName("microvms-build")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role with name microvms-build cannot be found.")
                .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void createRole_twiceOrWithBadInput_answersIamsErrors() {
        iam.createRole(b -> b.roleName("build").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.createRole(b -> b.roleName("Build").assumeRolePolicyDocument(TRUST)))
                .isInstanceOf(EntityAlreadyExistsException.class)
                .hasMessageContaining("Role with name Build already exists.");
        assertThatThrownBy(() -> iam.createRole(b -> b.roleName("other").assumeRolePolicyDocument("{not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("This policy contains invalid Json");
        assertThatThrownBy(() -> iam.createRole(b -> b.roleName("bad name!").assumeRolePolicyDocument(TRUST)))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("Value 'bad name!' at 'roleName' failed to satisfy constraint")
                .satisfies(e -> assertThat(((IamException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
    }

    @Test
    void inlineAndAttachedPolicies_putGetListDetachDelete() {
        iam.createRole(b -> b.roleName("exec").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(b -> b.roleName("exec").policyName("logs").policyDocument(POLICY));
        iam.attachRolePolicy(b -> b.roleName("exec").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));

        assertThat(URLDecoder.decode(
                        iam.getRolePolicy(b -> b.roleName("exec").policyName("logs"))
                                .policyDocument(),
                        StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(iam.listRolePolicies(b -> b.roleName("exec")).policyNames()).containsExactly("logs");
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName("exec")).attachedPolicies())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.policyName()).isEqualTo("ReadOnlyAccess");
                    assertThat(p.policyArn()).isEqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess");
                });
        assertThatThrownBy(() -> iam.deleteRole(b -> b.roleName("exec")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("must delete policies first");

        iam.deleteRolePolicy(b -> b.roleName("exec").policyName("logs"));
        iam.detachRolePolicy(b -> b.roleName("exec").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        iam.deleteRole(b -> b.roleName("exec"));

        assertThat(iam.listRoles().roles()).isEmpty();
    }

    @Test
    void listRoles_pagesWithMarkers() {
        IntStream.range(0, 5)
                .forEach(i -> iam.createRole(b -> b.roleName("role-" + i).assumeRolePolicyDocument(TRUST)));

        var first = iam.listRoles(b -> b.maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(iam.listRolesPaginator(b -> b.maxItems(2)).roles().stream().map(Role::roleName))
                .containsExactly("role-0", "role-1", "role-2", "role-3", "role-4");
    }

    @Test
    void roles_surviveARestart() {
        iam.createRole(b -> b.roleName("kept").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(b -> b.roleName("kept").policyName("p").policyDocument(POLICY));
        iam.close();
        emulator.close();

        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .account("123456789012")
                .start();
        iam = iam(emulator.endpoint());

        assertThat(iam.getRole(b -> b.roleName("kept")).role().arn()).endsWith(":role/kept");
        assertThat(iam.listRolePolicies(b -> b.roleName("kept")).policyNames()).containsExactly("p");
    }
}
