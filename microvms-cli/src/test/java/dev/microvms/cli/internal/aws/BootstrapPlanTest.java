package dev.microvms.cli.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The names and the least-privilege policies bootstrap gives. */
class BootstrapPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BootstrapPlan plan = BootstrapPlan.of("123456789012", "eu-west-1", null);

    @Test
    void names_carryTheAccountAndRegion() {
        assertThat(plan.bucket()).isEqualTo("lambda-microvms-123456789012-eu-west-1");
        assertThat(plan.buildRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/lambda-microvms-build-eu-west-1");
        assertThat(plan.executionRoleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/lambda-microvms-execution-eu-west-1");
        assertThat(BootstrapPlan.of("123456789012", "cn-north-1", null).buildRoleArn())
                .startsWith("arn:aws-cn:");
    }

    @Test
    void trustPolicy_letsOnlyTheServicePrincipalAssumeTheRoles() throws Exception {
        JsonNode statement = JSON.readTree(plan.trustPolicy()).get("Statement").get(0);

        assertThat(statement.get("Principal").get("Service").asText()).isEqualTo(BootstrapPlan.SERVICE_PRINCIPAL);
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(RoleChecks.trustsTheService(plan.trustPolicy())).isTrue();
        assertThat(RoleChecks.trustsTheService(plan.trustPolicy().replace("lambda.", "ec2.")))
                .isFalse();
    }

    @Test
    void buildPolicy_readsOnlyTheBucketsObjects_andWritesOnlyItsLogGroups() throws Exception {
        JsonNode statements = JSON.readTree(plan.buildPolicy()).get("Statement");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).get("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(statements.get(0).get("Resource").asText())
                .isEqualTo("arn:aws:s3:::lambda-microvms-123456789012-eu-west-1/*");
        assertThat(statements.get(1).get("Resource").asText())
                .isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/lambda-microvms/*");
        assertThat(plan.buildPolicy()).doesNotContain("\"*\"", "s3:*", "logs:*", "iam:");
    }

    @Test
    void executionPolicy_onlyWritesLogs() throws Exception {
        JsonNode statements = JSON.readTree(plan.executionPolicy()).get("Statement");

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).get("Action"))
                .extracting(JsonNode::asText)
                .containsExactly("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void samePolicy_ignoresSpacing() throws Exception {
        assertThat(BootstrapPlan.samePolicy(
                        plan.buildPolicy(), JSON.readTree(plan.buildPolicy()).toString()))
                .isTrue();
        assertThat(BootstrapPlan.samePolicy(plan.buildPolicy(), plan.executionPolicy()))
                .isFalse();
    }
}
