package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.imageArn;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emulator against the service's model and the recordings: what the model accepts is accepted (the
 * fidelity review's B rows), what the service refuses is refused (its L rows), and the errors the model
 * lists can be answered (E1). Each test names the review's row.
 */
class ModelFidelityTest {
    private static final String LONG_ID = "x".repeat(257);

    private final Fixture f = new Fixture();

    // --- B: what the model accepts --------------------------------------------------------------------

    @Test
    void b1_runImageVersionLongerThan64_isLookedUpNotRefused() {
        String arn = f.builtImage("app");
        String version = "9".repeat(65);

        assertError(
                () -> f.microvms()
                        .run(CTX, runRequest(arn).imageVersion(version).build()),
                ErrorType.RESOURCE_NOT_FOUND,
                "No active version found for MicroVM image " + arn + " and version " + version);
    }

    @Test
    void b2_idlePolicyBeyondEightHours_isAccepted() {
        String arn = f.builtImage("app");

        Microvm m = f.running(
                runRequest(arn).idlePolicy(new IdlePolicy(86_400, 86_400, true)).build());

        assertThat(m.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(m.idlePolicy().maxIdleDurationSeconds()).isEqualTo(86_400);
    }

    @Test
    void b3_runImageIdentifierThatIsNoArn_isNotFoundRatherThanAPatternError() {
        f.builtImage("app");
        String id = "4f7c2b9e-0d3a-4c6e-9b1f-2a8d5e7c9b10";

        assertError(
                () -> f.microvms().run(CTX, runRequest(id).build()),
                ErrorType.RESOURCE_NOT_FOUND,
                "No active version found for MicroVM image " + id);
    }

    @Test
    void b4_descriptionLongerThan256_isAccepted() {
        String description = "d".repeat(5000);

        ImageService.ImageAndVersion made = f.images()
                .create(CTX, imageRequest("app").description(description).build());

        assertThat(made.version().config().description()).isEqualTo(description);
    }

    @Test
    void b5_moreThan100AllowedPorts_areAccepted() {
        String id = f.running(f.builtImage("app")).microvmId();
        List<AllowedPort> ports = new ArrayList<>();
        for (int port = 8000; port < 8150; port++) {
            ports.add(AllowedPort.port(port));
        }

        assertThatCode(() -> f.microvms().authToken(CTX, id, 5, ports)).doesNotThrowAnyException();
    }

    @Test
    void b6_runHookPayloadIsCountedInCharacters() {
        String arn = f.builtImage(imageRequest("app").hooks(Fixture.runHooks()).build());
        String twoBytesEach = "é".repeat(4096); // 8192 bytes in UTF-8, 4096 characters

        assertThatCode(() -> f.microvms()
                        .run(CTX, runRequest(arn).runHookPayload(twoBytesEach).build()))
                .doesNotThrowAnyException();
        ApiException e = Fixture.failure(() -> f.microvms()
                .run(CTX, runRequest(arn).runHookPayload(twoBytesEach + "é").build()));
        assertThat(e.getMessage()).contains("'runHookPayload'").doesNotContain("é");
    }

    @Test
    void b7_emptyNextToken_isTheFirstPage() {
        f.builtImage("app");

        assertThat(f.images().list(CTX, null, "", null).items()).hasSize(1);
        assertThat(f.microvms().list(CTX, null, "", null, null).items()).isEmpty();
    }

    @Test
    void b7_longNextToken_isRefusedAsNotOneTheEmulatorGave_notForItsLength() {
        String token = "t".repeat(3000);

        ApiException e = Fixture.failure(() -> f.images().list(CTX, null, token, null));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).startsWith("Invalid pagination token: ").hasSizeLessThan(200);
    }

    @Test
    void b8_accountNetworkConnector_isNotFoundRatherThanMalformed() {
        String arn = f.builtImage("app");
        String connector = "arn:aws:lambda:us-east-1:123456789012:network-connector:nc-0123456789abcdef0";

        ApiException e = Fixture.failure(() -> f.microvms()
                .run(CTX, runRequest(arn).egressNetworkConnectors(connector).build()));

        assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(e.getMessage()).contains(connector);
        assertThat(f.runtime.calls()).isEmpty();
    }

    @Test
    void b9_tagResourceOfTheModelsLengthAndPattern_isLookedUp() {
        String longImage = imageArn("a".repeat(300));
        String function = "arn:aws:lambda:us-east-1:123456789012:function:my-function";

        assertThat(Fixture.failure(() -> f.tags().list(CTX, longImage)).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(Fixture.failure(() -> f.tags().list(CTX, function)).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(Fixture.failure(() -> f.tags().list(CTX, "arn:aws:lambda:us-east-1:123456789012:thing:x"))
                        .type())
                .isEqualTo(ErrorType.VALIDATION);
    }

    // --- L: what the service refuses ------------------------------------------------------------------

    @Test
    void l1_unknownHookState_isRefused() {
        Hooks hooks = Hooks.builder()
                .port(9000)
                .microvmImageHooks(MicrovmImageHooks.builder()
                        .ready(HookState.UNKNOWN_TO_SDK_VERSION)
                        .build())
                .microvmHooks(MicrovmHooks.builder()
                        .terminate(HookState.UNKNOWN_TO_SDK_VERSION)
                        .build())
                .build();

        ApiException e = Fixture.failure(
                () -> f.images().create(CTX, imageRequest("app").hooks(hooks).build()));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage())
                .contains("at 'hooks.microvmImageHooks.ready' failed to satisfy constraint: Member must satisfy"
                        + " enum value set: [DISABLED, ENABLED]")
                .contains("at 'hooks.microvmHooks.terminate'");
    }

    @Test
    void l2_tagOutsideThePattern_isRefused() {
        ApiException onCreate = Fixture.failure(() -> f.images()
                .create(CTX, imageRequest("app").tags(Map.of("a*b", "v")).build()));
        assertThat(onCreate.getMessage()).contains("at 'tags.key'");

        f.builtImage("app");
        ApiException onTag = Fixture.failure(() -> f.tags().tag(CTX, imageArn("app"), Map.of("team", "v#1")));
        assertThat(onTag.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(onTag.getMessage()).contains("at 'tags.value'");
    }

    @Test
    void l3_untagKeysAreChecked() {
        f.builtImage("app");

        ApiException e = Fixture.failure(() -> f.tags().untag(CTX, imageArn("app"), List.of("k".repeat(129))));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("at 'tagKeys.member'");
    }

    @Test
    void l4_imageEgressConnectorsAreChecked() {
        assertError(
                () -> f.images()
                        .create(
                                CTX,
                                imageRequest("app")
                                        .egressNetworkConnectors("garbage")
                                        .build()),
                ErrorType.VALIDATION,
                Recorded.MALFORMED_ARN);
        ApiException empty = Fixture.failure(() -> f.images()
                .create(CTX, imageRequest("app").egressNetworkConnectors("").build()));
        assertThat(empty.getMessage()).contains("at 'egressNetworkConnectors.member'");
    }

    @Test
    void l5_runImageVersionWithWhitespace_isRefused() {
        String arn = f.builtImage("app");

        ApiException e = Fixture.failure(
                () -> f.microvms().run(CTX, runRequest(arn).imageVersion("1 0").build()));

        assertThat(e.getMessage())
                .isEqualTo("1 validation error detected: Value '1 0' at 'imageVersion' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [^\\s]+");
    }

    @Test
    void l6_unknownUnionMembers_areRefused() {
        String arn = f.builtImage("app");
        String id = f.running(arn).microvmId();

        ApiException logging = Fixture.failure(() -> f.microvms()
                .run(CTX, runRequest(arn).logging(new Logging.Unknown("s3")).build()));
        assertThat(logging.getMessage()).contains("at 'logging'");
        ApiException port =
                Fixture.failure(() -> f.microvms().authToken(CTX, id, 5, List.of(new AllowedPort.Unknown("udp"))));
        assertThat(port.getMessage()).contains("at 'allowedPorts.member'");
    }

    @Test
    void l7_portRangeWithoutItsMembers_isRefused() {
        String id = f.running(f.builtImage("app")).microvmId();
        AllowedPort open =
                new AllowedPort.Range(PortRange.builder().endPort(9000).build());

        ApiException e = Fixture.failure(() -> f.microvms().authToken(CTX, id, 5, List.of(open)));

        assertThat(e.getMessage())
                .contains("Value null at 'allowedPorts.member.range.startPort' failed to satisfy constraint:"
                        + " Member must not be null");
    }

    static Stream<Arguments> longIdentifiers() {
        return Stream.of(
                call("UpdateMicrovmImage", f -> f.images()
                        .update(CTX, updateRequest(LONG_ID).build())),
                call("ListMicrovmImageVersions", f -> f.images().versions(CTX, LONG_ID, null, null)),
                call("GetMicrovmImageVersion", f -> f.images().version(CTX, LONG_ID, "1.0")),
                call("UpdateMicrovmImageVersion", f -> f.images()
                        .setStatus(CTX, LONG_ID, "1.0", dev.microvms.model.MicrovmImageVersionStatus.ACTIVE)),
                call("DeleteMicrovmImageVersion", f -> f.images().deleteVersion(CTX, LONG_ID, "1.0")),
                call("ListMicrovmImageBuilds", f -> f.images()
                        .builds(
                                CTX,
                                ListMicrovmImageBuildsRequest.builder()
                                        .imageIdentifier(LONG_ID)
                                        .imageVersion("1.0")
                                        .build())),
                call("GetMicrovmImageBuild", f -> f.images().build(CTX, LONG_ID, "1.0", "b")),
                call("ListManagedMicrovmImageVersions", f -> new ManagedImages().versions(CTX, LONG_ID, null, null)),
                call("ListMicrovms", f -> f.microvms().list(CTX, null, null, LONG_ID, null)),
                call("CreateMicrovmAuthToken", f -> f.microvms()
                        .authToken(CTX, LONG_ID, 5, List.of(AllowedPort.port(8080)))),
                call("CreateMicrovmShellAuthToken", f -> f.microvms().shellAuthToken(CTX, LONG_ID, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longIdentifiers")
    void l8_identifierLongerThan256_isAValidationError(String operation, FixtureCall call) {
        ApiException e = Fixture.failure(() -> call.call(f));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("Member must have length less than or equal to 256");
    }

    static Stream<Arguments> blankNonBlankStrings() {
        return Stream.of(
                call("GetMicrovmImageVersion imageVersion", f -> f.images().version(CTX, "app", " ")),
                call("DeleteMicrovmImageVersion imageVersion", f -> f.images().deleteVersion(CTX, "app", " ")),
                call("GetMicrovmImageBuild buildId", f -> f.images().build(CTX, "app", "1.0", " ")),
                call("ListMicrovmImages nameFilter", f -> f.images().list(CTX, null, null, " ")),
                call("ListMicrovmImageBuilds chipsetGeneration", f -> f.images()
                        .builds(
                                CTX,
                                ListMicrovmImageBuildsRequest.builder()
                                        .imageIdentifier("app")
                                        .imageVersion("1.0")
                                        .chipsetGeneration(" ")
                                        .build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blankNonBlankStrings")
    void l9_blankNonBlankString_isAValidationError(String member, FixtureCall call) {
        f.builtImage("app");

        ApiException e = Fixture.failure(() -> call.call(f));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("Member must satisfy regular expression pattern: [^\\s]+");
    }

    @Test
    void l10_listMicrovmsOfAnImageThatDoesNotExist_isNotFound() {
        assertThat(Fixture.failure(() -> f.microvms().list(CTX, null, null, imageArn("nothing"), null))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        String arn = f.builtImage("app");
        assertThat(f.microvms().list(CTX, null, null, arn, null).items()).isEmpty();
    }

    @Test
    void l11_slashFormImageArn_isAccessDeniedEverywhere() {
        f.builtImage("app");
        String slash = "arn:aws:lambda:us-east-1:123456789012:microvm-image/app";

        assertError(() -> f.images().get(CTX, slash), ErrorType.ACCESS_DENIED, "");
        assertError(() -> f.images().version(CTX, slash, "1.0"), ErrorType.ACCESS_DENIED, "");
        assertError(() -> f.images().delete(CTX, slash), ErrorType.ACCESS_DENIED, "");
    }

    // --- E1, and what official SDKs found ------------------------------------------------------------

    @Test
    void e1_machineWithoutRoomForTheMemoryClass_answersInsufficientCapacity() {
        Fixture small = new Fixture(b -> b.capacityMiB(4096));
        String arn = small.builtImage("app");
        small.running(arn);
        RequestContext other = new RequestContext(Fixture.REGION, "210987654321");
        String otherArn = small.images()
                .create(other, imageRequest("app").build())
                .image()
                .arn();
        small.settle();
        small.microvms().run(other, runRequest(otherArn).build());
        small.settle();

        ApiException e =
                Fixture.failure(() -> small.microvms().run(CTX, runRequest(arn).build()));

        assertThat(e.type()).isEqualTo(ErrorType.INSUFFICIENT_CAPACITY);
        assertThat(e.type().status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("2048 MiB");
        assertThat(small.runtime.openEndpoints()).hasSize(2);
    }

    @Test
    void runAnswersTheEndpointGetAnswersLater() {
        String arn = f.builtImage("app");

        Microvm pending = f.microvms().run(CTX, runRequest(arn).build());
        f.settle();
        Microvm running = f.microvm(pending.microvmId());

        assertThat(pending.state()).isEqualTo(MicrovmState.PENDING);
        assertThat(pending.endpoint()).startsWith("127.0.0.1:");
        assertThat(running.endpoint()).isEqualTo(pending.endpoint());
    }

    @Test
    void refusedRun_closesTheEndpointItOpened() {
        Fixture limited =
                new Fixture(b -> b.limits(new MicrovmService.Limits(2048, 100, java.time.Duration.ofDays(1))));
        String arn = limited.builtImage("app");
        limited.running(arn);

        ApiException e = Fixture.failure(
                () -> limited.microvms().run(CTX, runRequest(arn).build()));

        assertThat(e.type()).isEqualTo(ErrorType.SERVICE_QUOTA_EXCEEDED);
        assertThat(limited.runtime.openEndpoints()).hasSize(1);
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** One call on a fixture's control plane. */
    @FunctionalInterface
    interface FixtureCall {
        void call(Fixture f) throws Throwable;
    }

    private static Arguments call(String name, FixtureCall call) {
        return arguments(name, call);
    }
}
