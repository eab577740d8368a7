package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.EXECUTION_ROLE;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.ResourceRequirement;
import dev.microvms.model.RunMicrovmRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation in the service's words. Where the service's message is recorded, or follows the recorded
 * pattern ({@code Value '<v>' at '<member>' failed to satisfy constraint: Member must ...}), the whole
 * message is compared; for the service's own rules (hooks, memory classes) the member and the rule.
 */
class ValidationTest {
    private static final String HEAD = "1 validation error detected: ";

    private final Fixture f = new Fixture();

    @Test
    void create_badName_answersTheRecordedMessage() {
        assertError(
                () -> f.images().create(CTX, imageRequest("bad name!").build()),
                ErrorType.VALIDATION,
                Recorded.BAD_NAME);
    }

    @Test
    void create_onlyAName_answersTheRecordedThreeErrors() {
        CreateMicrovmImageRequest onlyName =
                CreateMicrovmImageRequest.builder().name("m80-missing-required").build();

        assertError(() -> f.images().create(CTX, onlyName), ErrorType.VALIDATION, Recorded.MISSING_REQUIRED);
    }

    static Stream<Arguments> brokenCreateConstraints() {
        return Stream.of(
                arguments(
                        "name of 65 characters",
                        change(b -> b.name("a".repeat(65))),
                        HEAD + "Value '" + "a".repeat(65) + "' at 'name' failed to satisfy constraint: Member must"
                                + " have length less than or equal to 64"),
                arguments(
                        "hooks.port 0",
                        change(b -> b.hooks(Hooks.builder().port(0).build())),
                        HEAD + "Value '0' at 'hooks.port' failed to satisfy constraint: Member must have value"
                                + " greater than or equal to 1"),
                arguments(
                        "hooks.port 65536",
                        change(b -> b.hooks(Hooks.builder().port(65536).build())),
                        HEAD + "Value '65536' at 'hooks.port' failed to satisfy constraint: Member must have value"
                                + " less than or equal to 65535"),
                arguments(
                        "run hook timeout 61 s",
                        change(b -> b.hooks(runtimeHooks(MicrovmHooks.builder()
                                .run(HookState.ENABLED)
                                .runTimeoutInSeconds(61)
                                .build()))),
                        HEAD + "Value '61' at 'hooks.microvmHooks.runTimeoutInSeconds' failed to satisfy"
                                + " constraint: Member must have value less than or equal to 60"),
                arguments(
                        "suspend hook timeout 0 s",
                        change(b -> b.hooks(runtimeHooks(MicrovmHooks.builder()
                                .suspend(HookState.ENABLED)
                                .suspendTimeoutInSeconds(0)
                                .build()))),
                        HEAD + "Value '0' at 'hooks.microvmHooks.suspendTimeoutInSeconds' failed to satisfy"
                                + " constraint: Member must have value greater than or equal to 1"),
                arguments(
                        "ready hook timeout 3601 s",
                        change(b -> b.hooks(Hooks.builder()
                                .port(9000)
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .readyTimeoutInSeconds(3601)
                                        .build())
                                .build())),
                        HEAD + "Value '3601' at 'hooks.microvmImageHooks.readyTimeoutInSeconds' failed to satisfy"
                                + " constraint: Member must have value less than or equal to 3600"),
                arguments(
                        "build role not a role ARN",
                        change(b -> b.buildRoleArn("arn:aws:iam::123456789012:user/bob")),
                        HEAD + "Value 'arn:aws:iam::123456789012:user/bob' at 'buildRoleArn' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern:"
                                + " arn:aws[a-z\\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCreateConstraints")
    void create_brokenConstraint_answersTheServicesMessage(
            String description, UnaryOperator<CreateMicrovmImageRequest.Builder> change, String message) {
        assertError(
                () -> f.images().create(CTX, change.apply(imageRequest("app")).build()), ErrorType.VALIDATION, message);
        assertThat(f.images().list(CTX, null, null, null).items()).isEmpty();
    }

    static Stream<Arguments> brokenCreateRules() {
        Map<String, String> fiftyOne = variables(51);
        return Stream.of(
                arguments(
                        "a build hook enabled without a port",
                        change(b -> b.hooks(Hooks.builder()
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .build())
                                .build())),
                        "hooks.port"),
                arguments(
                        "a runtime hook enabled without a port",
                        change(b -> b.hooks(Hooks.builder()
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .build())
                                .microvmHooks(MicrovmHooks.builder()
                                        .terminate(HookState.ENABLED)
                                        .build())
                                .build())),
                        "hooks.port"),
                arguments(
                        "the run hook without ready",
                        change(b -> b.hooks(Hooks.builder()
                                .port(9000)
                                .microvmHooks(MicrovmHooks.builder()
                                        .run(HookState.ENABLED)
                                        .build())
                                .build())),
                        "hooks.microvmImageHooks.ready"),
                arguments(
                        "the resume hook with ready DISABLED",
                        change(b -> b.hooks(Hooks.builder()
                                .port(9000)
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.DISABLED)
                                        .build())
                                .microvmHooks(MicrovmHooks.builder()
                                        .resume(HookState.ENABLED)
                                        .build())
                                .build())),
                        "hooks.microvmImageHooks.ready"),
                arguments(
                        "51 environment variables",
                        change(b -> b.environmentVariables(fiftyOne)),
                        "environmentVariables"),
                arguments(
                        "memory class of 3000 MiB",
                        change(b -> b.resources(new ResourceRequirement(3000))),
                        "resources.member.minimumMemoryInMiB"),
                arguments(
                        "two egress connectors",
                        change(b -> b.egressNetworkConnectors(
                                List.of(connector("INTERNET_EGRESS"), connector("NO_INGRESS")))),
                        "egressNetworkConnectors"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCreateRules")
    void create_brokenServiceRule_namesTheMember(
            String description, UnaryOperator<CreateMicrovmImageRequest.Builder> change, String member) {
        ApiException e = Fixture.failure(
                () -> f.images().create(CTX, change.apply(imageRequest("app")).build()));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage())
                .startsWith(HEAD + "Value ")
                .contains(" at '" + member + "' failed to satisfy constraint: ");
    }

    static Stream<Arguments> acceptedCreateRequests() {
        return Stream.of(
                arguments("ready and run hooks on a port", change(b -> b.hooks(Fixture.runHooks()))),
                arguments(
                        "hook timeouts at their limits",
                        change(b -> b.hooks(Hooks.builder()
                                .port(65535)
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .readyTimeoutInSeconds(3600)
                                        .validate(HookState.ENABLED)
                                        .validateTimeoutInSeconds(1)
                                        .build())
                                .microvmHooks(MicrovmHooks.builder()
                                        .run(HookState.ENABLED)
                                        .runTimeoutInSeconds(60)
                                        .suspendTimeoutInSeconds(1)
                                        .build())
                                .build()))),
                arguments(
                        "hooks all DISABLED without a port",
                        change(b -> b.hooks(Hooks.builder()
                                .microvmImageHooks(MicrovmImageHooks.builder()
                                        .ready(HookState.DISABLED)
                                        .build())
                                .build()))),
                arguments("50 environment variables", change(b -> b.environmentVariables(variables(50)))),
                arguments("memory class of 512 MiB", change(b -> b.resources(new ResourceRequirement(512)))),
                arguments("memory class of 8192 MiB", change(b -> b.resources(new ResourceRequirement(8192)))),
                arguments("name of 64 characters", change(b -> b.name("a".repeat(64)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCreateRequests")
    void create_requestAtTheLimits_isAccepted(
            String description, UnaryOperator<CreateMicrovmImageRequest.Builder> change) {
        assertThatCode(() ->
                        f.images().create(CTX, change.apply(imageRequest("app")).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void create_tooManyEnvironmentVariables_doesNotShowTheirValues() {
        ApiException e = Fixture.failure(() -> f.images()
                .create(
                        CTX,
                        imageRequest("app").environmentVariables(variables(51)).build()));

        assertThat(e.getMessage())
                .contains("Member must have length less than or equal to 50")
                .doesNotContain("secret-value");
    }

    static Stream<Arguments> brokenRunRequests() {
        return Stream.of(
                arguments(
                        "maxIdleDurationSeconds 59",
                        run(b -> b.idlePolicy(new IdlePolicy(59, 0, false))),
                        HEAD + "Value '59' at 'idlePolicy.maxIdleDurationSeconds' failed to satisfy constraint:"
                                + " Member must have value greater than or equal to 60"),
                arguments(
                        "maximumDurationInSeconds 28801",
                        run(b -> b.maximumDurationInSeconds(28_801)),
                        HEAD + "Value '28801' at 'maximumDurationInSeconds' failed to satisfy constraint: Member"
                                + " must have value less than or equal to 28800"),
                arguments(
                        "maximumDurationInSeconds 0",
                        run(b -> b.maximumDurationInSeconds(0)),
                        HEAD + "Value '0' at 'maximumDurationInSeconds' failed to satisfy constraint: Member must"
                                + " have value greater than or equal to 1"),
                arguments(
                        "an ingress connector by name",
                        run(b -> b.ingressNetworkConnectors("HTTP_INGRESS")),
                        Recorded.MALFORMED_ARN),
                arguments(
                        "CloudWatch logging without a role",
                        run(b -> b.logging(Logging.cloudWatch("/app/logs", null))),
                        Recorded.LOGGING_WITHOUT_ROLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRunRequests")
    void run_brokenConstraint_answersTheServicesMessage(
            String description, UnaryOperator<RunMicrovmRequest.Builder> change, String message) {
        String arn = f.builtImage("app");

        assertError(() -> f.microvms().run(CTX, change.apply(runRequest(arn)).build()), ErrorType.VALIDATION, message);
        assertThat(f.runtime.calls()).isEmpty();
    }

    @Test
    void run_cloudWatchLoggingWithARole_isAccepted() {
        String arn = f.builtImage("app");

        Microvm m = f.running(runRequest(arn)
                .logging(Logging.cloudWatch("/app/logs", null))
                .executionRoleArn(EXECUTION_ROLE)
                .build());

        assertThat(m.state()).isEqualTo(MicrovmState.RUNNING);
    }

    @Test
    void run_payloadOverFourKilobytes_isRefusedWithoutShowingIt() {
        String arn = f.builtImage(imageRequest("app").hooks(Fixture.runHooks()).build());
        String payload = "p".repeat(4097);

        ApiException e = Fixture.failure(() ->
                f.microvms().run(CTX, runRequest(arn).runHookPayload(payload).build()));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("'runHookPayload'").doesNotContain("ppp");
    }

    @Test
    void run_allIngressWithAnother_isRefused() {
        String arn = f.builtImage("app");

        ApiException e = Fixture.failure(() -> f.microvms()
                .run(
                        CTX,
                        runRequest(arn)
                                .ingressNetworkConnectors(connector("ALL_INGRESS"), connector("SHELL_INGRESS"))
                                .build()));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("ALL_INGRESS");
    }

    @Test
    void run_bareImageName_isNotFound() {
        f.builtImage("app");

        // MicrovmImageIdentifier has no pattern; the service answers an identifier it cannot find with a 404.
        assertError(
                () -> f.microvms().run(CTX, runRequest("app").build()),
                ErrorType.RESOURCE_NOT_FOUND,
                "No active version found for MicroVM image app");
    }

    // --- table helpers: a lambda's type is fixed here, so the tables above read as data -----------------

    private static UnaryOperator<CreateMicrovmImageRequest.Builder> change(
            UnaryOperator<CreateMicrovmImageRequest.Builder> change) {
        return change;
    }

    private static UnaryOperator<RunMicrovmRequest.Builder> run(UnaryOperator<RunMicrovmRequest.Builder> change) {
        return change;
    }

    private static Hooks runtimeHooks(MicrovmHooks runtime) {
        return Hooks.builder()
                .port(9000)
                .microvmImageHooks(
                        MicrovmImageHooks.builder().ready(HookState.ENABLED).build())
                .microvmHooks(runtime)
                .build();
    }

    private static Map<String, String> variables(int count) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < count; i++) {
            variables.put("VAR_" + i, "secret-value-" + i);
        }
        return variables;
    }

    static String connector(String name) {
        return "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:" + name;
    }
}
