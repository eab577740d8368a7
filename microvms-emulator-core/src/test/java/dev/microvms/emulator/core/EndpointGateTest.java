package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static dev.microvms.emulator.core.Fixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.PortRange;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint gate: its rule as a table (the MicroVM, the token's grant, the port and whether the request
 * is a WebSocket, against the answer), then the gate as the control plane builds it.
 */
class EndpointGateTest {
    private static final String ID = "microvm-11111111-1111-1111-1111-111111111111";
    private static final String OTHER = "microvm-22222222-2222-2222-2222-222222222222";
    private static final Instant NOW = Fixture.START.plusSeconds(3600);
    private static final String CONNECTOR = "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:";

    private static final AuthTokens.Grant PORT_8080 = grant(ID, false, List.of(AllowedPort.port(8080)), 60);
    private static final AuthTokens.Grant ALL_PORTS = grant(ID, false, List.of(AllowedPort.allPorts()), 60);
    private static final AuthTokens.Grant RANGE =
            grant(ID, false, List.of(new AllowedPort.Range(new PortRange(8000, 8099))), 60);
    private static final AuthTokens.Grant SHELL = grant(ID, true, List.of(), 60);
    private static final AuthTokens.Grant OTHERS = grant(OTHER, false, List.of(AllowedPort.allPorts()), 60);
    private static final AuthTokens.Grant EXPIRED = grant(ID, false, List.of(AllowedPort.allPorts()), 0);
    private static final AuthTokens.Grant LAST_SECOND = grant(ID, false, List.of(AllowedPort.allPorts()), 1);

    private static final IdlePolicy AUTO_RESUME = new IdlePolicy(60, 1800, true);
    private static final IdlePolicy NO_AUTO_RESUME = new IdlePolicy(60, 1800, false);

    static Stream<Arguments> rule() {
        Microvm running = vm(MicrovmState.RUNNING, null);
        Admission forward8080 = new Admission.Forward(8080);
        return Stream.of(
                // the token first: no token or a bad one, even at a terminated MicroVM, as recorded
                row("no token", running, null, 8080, false, Admission.Refuse.MISSING),
                row(
                        "no token, terminated",
                        vm(MicrovmState.TERMINATED, null),
                        null,
                        8080,
                        false,
                        Admission.Refuse.MISSING),
                row("another MicroVM's token", running, OTHERS, 8080, false, Admission.Refuse.FAILED),
                row("expired at this second", running, EXPIRED, 8080, false, Admission.Refuse.FAILED),
                row("valid one more second", running, LAST_SECOND, 8080, false, forward8080),
                // then the port
                row("granted port", running, PORT_8080, 8080, false, forward8080),
                row("port not granted", running, PORT_8080, 9999, false, Admission.Refuse.PORT_DENIED),
                row("not a port", running, ALL_PORTS, null, false, Admission.Refuse.PORT_DENIED),
                row("all ports", running, ALL_PORTS, 7777, false, new Admission.Forward(7777)),
                row("in the range", running, RANGE, 8099, false, new Admission.Forward(8099)),
                row("past the range", running, RANGE, 8100, false, Admission.Refuse.PORT_DENIED),
                row("shell token over HTTP", running, SHELL, 8080, false, Admission.Refuse.PORT_DENIED),
                row("shell token, WebSocket", running, SHELL, 8080, true, Admission.SHELL),
                row("shell token, WebSocket, no port", running, SHELL, null, true, Admission.SHELL),
                row("HTTP token, WebSocket: the app's", running, PORT_8080, 8080, true, forward8080),
                row(
                        "port denied before terminated",
                        vm(MicrovmState.TERMINATED, null),
                        PORT_8080,
                        9999,
                        false,
                        Admission.Refuse.PORT_DENIED),
                // then whether anything can be reached
                row(
                        "terminated",
                        vm(MicrovmState.TERMINATED, null),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.UNREACHABLE),
                row(
                        "terminating",
                        vm(MicrovmState.TERMINATING, null),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.UNREACHABLE),
                row("no longer listed", null, PORT_8080, 8080, false, Admission.Refuse.UNREACHABLE),
                row(
                        "shell of a terminated one",
                        vm(MicrovmState.TERMINATED, null),
                        SHELL,
                        null,
                        true,
                        Admission.Refuse.UNREACHABLE),
                row(
                        "NO_INGRESS",
                        vm(MicrovmState.RUNNING, null, CONNECTOR + "NO_INGRESS"),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.NO_INGRESS),
                row(
                        "HTTP_INGRESS",
                        vm(MicrovmState.RUNNING, null, CONNECTOR + "HTTP_INGRESS"),
                        PORT_8080,
                        8080,
                        false,
                        forward8080),
                row(
                        "NO_INGRESS, suspended with auto-resume",
                        vm(MicrovmState.SUSPENDED, AUTO_RESUME, CONNECTOR + "NO_INGRESS"),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.NO_INGRESS),
                row(
                        "suspended, auto-resume",
                        vm(MicrovmState.SUSPENDED, AUTO_RESUME),
                        PORT_8080,
                        8080,
                        false,
                        Admission.RESUME),
                row(
                        "suspended, auto-resume, shell",
                        vm(MicrovmState.SUSPENDED, AUTO_RESUME),
                        SHELL,
                        null,
                        true,
                        Admission.RESUME),
                row(
                        "suspended, no auto-resume",
                        vm(MicrovmState.SUSPENDED, NO_AUTO_RESUME),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.UNREACHABLE),
                row(
                        "suspended, no idle policy",
                        vm(MicrovmState.SUSPENDED, null),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.UNREACHABLE),
                row(
                        "suspending, auto-resume",
                        vm(MicrovmState.SUSPENDING, AUTO_RESUME),
                        PORT_8080,
                        8080,
                        false,
                        Admission.Refuse.UNREACHABLE),
                row("pending", vm(MicrovmState.PENDING, null), PORT_8080, 8080, false, Admission.Refuse.UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rule")
    void decide_table(
            String name,
            @Nullable Microvm vm,
            AuthTokens.@Nullable Grant grant,
            @Nullable Integer port,
            boolean websocket,
            Admission expected) {
        assertThat(MicrovmGate.decide(ID, vm, grant, port, websocket, NOW)).isEqualTo(expected);
    }

    @Test
    void recordedAnswers_areTheServicesWords() {
        assertThat(Admission.Refuse.MISSING).isEqualTo(new Admission.Refuse(403, "Request missing authentication"));
        assertThat(Admission.Refuse.FAILED).isEqualTo(new Admission.Refuse(403, "Token authentication failed"));
        assertThat(Admission.Refuse.PORT_DENIED).isEqualTo(new Admission.Refuse(403, "Access to port denied"));
        assertThat(Admission.Refuse.UNREACHABLE).isEqualTo(new Admission.Refuse(502, ""));
    }

    // --- the gate the control plane builds ----------------------------------------------------------------

    private final Fixture f = new Fixture();

    @Test
    void admit_tokensMintedByTheService_followTheRule() {
        String id = run(null);
        String token = f.microvms().authToken(CTX, id, 5, List.of(AllowedPort.port(8080)));
        String shell = shellToken(id);
        EndpointGate gate = f.microvms().gate();

        assertThat(gate.admit(id, token, 8080, false)).isEqualTo(new Admission.Forward(8080));
        assertThat(gate.admit(id, token, 8081, false)).isEqualTo(Admission.Refuse.PORT_DENIED);
        assertThat(gate.admit(id, shell, null, true)).isEqualTo(Admission.SHELL);
        assertThat(gate.admit(id, "v1.bm90.bm90", 8080, false)).isEqualTo(Admission.Refuse.MISSING);
        assertThat(gate.admit(id, token.substring(0, token.length() - 2), 8080, false))
                .isEqualTo(Admission.Refuse.MISSING);
        assertThat(gate.admit(id, null, 8080, false)).isEqualTo(Admission.Refuse.MISSING);

        f.clock.advance(seconds(5 * 60));
        assertThat(gate.admit(id, token, 8080, false)).isEqualTo(Admission.Refuse.FAILED);
    }

    @Test
    void admit_admittedRequests_pushTheIdleSuspendBack() {
        String id = run(new IdlePolicy(60, 1800, false));
        String token = f.microvms().authToken(CTX, id, 60, List.of(AllowedPort.port(8080)));

        f.clock.advance(seconds(50));
        f.microvms().gate().admit(id, token, 8080, false);
        f.tickAfter(seconds(50));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);

        f.microvms().gate().admit(id, token, 9999, false); // refused: not activity
        f.tickAfter(seconds(10));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
    }

    @Test
    void activity_keepsAShellSessionsMicrovmRunning() {
        String id = run(new IdlePolicy(60, 1800, false));

        f.clock.advance(seconds(50));
        f.microvms().gate().activity(id);
        f.tickAfter(seconds(50));

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
    }

    @Test
    void resume_afterResumeAdmission_resumesAndTheNextAdmissionForwards() throws InterruptedException {
        String id = run(AUTO_RESUME);
        String token = f.microvms().authToken(CTX, id, 60, List.of(AllowedPort.port(8080)));
        f.tickAfter(seconds(60));
        EndpointGate gate = f.microvms().gate();
        assertThat(gate.admit(id, token, 8080, false)).isEqualTo(Admission.RESUME);

        assertThat(gate.resume(id)).isTrue();

        assertThat(gate.admit(id, token, 8080, false)).isEqualTo(new Admission.Forward(8080));
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend", "resume");
    }

    @Test
    void resume_withoutAutoResume_leavesItSuspended() throws InterruptedException {
        String id = run(NO_AUTO_RESUME);
        f.tickAfter(seconds(60));

        assertThat(f.microvms().gate().resume(id)).isFalse();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
    }

    private String run(@Nullable IdlePolicy policy) {
        var request = runRequest(f.builtImage("app")).ingressNetworkConnectors(CONNECTOR + "SHELL_INGRESS");
        if (policy != null) {
            request.idlePolicy(policy);
        }
        String id = f.microvms().run(CTX, request.build()).microvmId();
        f.settle();
        return id;
    }

    private String shellToken(String id) {
        return f.microvms().shellAuthToken(CTX, id, 5);
    }

    private static Arguments row(
            String name,
            @Nullable Microvm vm,
            AuthTokens.@Nullable Grant grant,
            @Nullable Integer port,
            boolean websocket,
            Admission expected) {
        return Arguments.of(name, vm, grant, port, websocket, expected);
    }

    private static AuthTokens.Grant grant(String id, boolean shell, List<AllowedPort> ports, long secondsLeft) {
        return new AuthTokens.Grant(id, shell, ports, NOW.plusSeconds(secondsLeft));
    }

    private static Microvm vm(MicrovmState state, @Nullable IdlePolicy policy, String... ingress) {
        Instant started = Fixture.START;
        return new Microvm(
                ID,
                Fixture.REGION,
                Fixture.ACCOUNT,
                "11111111-aaaa-bbbb-cccc-111111111111",
                "127.0.0.1:40001",
                Fixture.imageArn("app"),
                "1",
                2048,
                state,
                null,
                policy,
                null,
                28_800,
                started,
                state == MicrovmState.TERMINATED ? NOW : null,
                null,
                List.of(ingress),
                List.of(),
                state == MicrovmState.SUSPENDED ? NOW : null,
                started);
    }
}
