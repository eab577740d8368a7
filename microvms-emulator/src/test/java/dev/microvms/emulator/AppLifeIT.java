package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.exception.ServiceQuotaExceededException;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's life in the emulator: apps that exit (at build, before ready at run, while running) end at
 * once with the exit code and their own last words in the reason; and the standby pool, which stands in
 * for the service's snapshot with the process that passed {@code ready} and {@code validate}.
 */
class AppLifeIT {
    @TempDir
    static Path state;

    @TempDir
    static Path freshState;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One standby per version (the default), and memory for two MicroVMs of 2048 MiB. */
    private static Emulator emulator;

    private static LambdaMicrovmsClient client;
    /** No standbys: every MicroVM starts its app afresh. */
    private static Emulator fresh;

    private static LambdaMicrovmsClient freshClient;

    @BeforeAll
    static void start() throws IOException {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .standbyPool(1)
                .limits(new dev.microvms.emulator.core.MicrovmService.Limits(4096, 100, Duration.ofDays(1)))
                .start();
        client = EmulatorApiIT.client(emulator);
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        fresh = Emulator.builder()
                .port(0)
                .stateDirectory(freshState)
                .standbyPool(0)
                .start();
        freshClient = EmulatorApiIT.client(fresh);
        fresh.s3().createBucket("artifacts");
        fresh.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
    }

    @AfterAll
    static void stop() {
        emulator.close();
        fresh.close();
    }

    /** Every hook of the counter app, validate too. */
    private static Hooks allHooks() {
        return new Hooks(
                9000,
                MicrovmHooks.builder()
                        .run(HookState.ENABLED)
                        .runTimeoutInSeconds(10)
                        .terminate(HookState.ENABLED)
                        .build(),
                MicrovmImageHooks.builder()
                        .ready(HookState.ENABLED)
                        .readyTimeoutInSeconds(60)
                        .validate(HookState.ENABLED)
                        .validateTimeoutInSeconds(60)
                        .build());
    }

    private static GetMicrovmImageResponse build(LambdaMicrovmsClient client, String name, Map<String, String> env) {
        var request = EmulatorApiIT.image(name)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                .hooks(allHooks());
        if (!env.isEmpty()) {
            request.environmentVariables(env);
        }
        String arn = client.createMicrovmImage(request.build()).imageArn();
        return EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() != MicrovmImageState.CREATING && i.state() != MicrovmImageState.UPDATING);
    }

    private static GetMicrovmResponse run(LambdaMicrovmsClient client, String image) {
        String id = client.runMicrovm(
                        RunMicrovmRequest.builder().imageIdentifier(image).build())
                .microvmId();
        return waitFor(client, id, MicrovmState.RUNNING);
    }

    private static GetMicrovmResponse waitFor(LambdaMicrovmsClient client, String id, MicrovmState wanted) {
        return EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == wanted || m.state() == MicrovmState.TERMINATED);
    }

    private static void terminate(LambdaMicrovmsClient client, String id) {
        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
        waitFor(client, id, MicrovmState.TERMINATED);
    }

    private static HttpResponse<String> call(GetMicrovmResponse vm, String path) throws Exception {
        return call(vm, path, token(vm));
    }

    private static String token(GetMicrovmResponse vm) {
        return client.createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                        .microvmIdentifier(vm.microvmId())
                        .expirationInMinutes(60)
                        .allowedPorts(AllowedPort.allPorts())
                        .build())
                .token();
    }

    private static HttpResponse<String> call(GetMicrovmResponse vm, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + path))
                        .header("X-aws-proxy-auth", token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String stdout(Path state, String microvmId) throws IOException {
        return Files.readString(state.resolve("microvms/" + microvmId + "/stdout.log"), StandardCharsets.UTF_8);
    }

    /** @return the standbys' directories that no MicroVM has taken */
    private static Set<Path> standbys(Path state) throws IOException {
        Set<Path> taken = new HashSet<>();
        Path microvms = state.resolve("microvms");
        if (Files.isDirectory(microvms)) {
            try (Stream<Path> links = Files.list(microvms)) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    taken.add(link.toRealPath());
                }
            }
        }
        Path root = state.resolve("standbys");
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        Set<Path> waiting = new HashSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (!taken.contains(dir.toRealPath())) {
                    waiting.add(dir);
                }
            }
        }
        return waiting;
    }

    // --- apps that exit ----------------------------------------------------------------------------------

    @Test
    void build_ofAnAppThatThrowsInMainWithHooks_failsAtOnceWithTheExceptionAndHowToReadTheLog() throws Exception {
        GetMicrovmImageResponse image = build(client, "crashy", Map.of("CRASH_ON_START", "always"));

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        String reason = client.listMicrovmImageBuilds(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(image.imageArn())
                        .imageVersion("1.0")
                        .build())
                .items()
                .get(0)
                .stateReason();
        assertThat(reason)
                .startsWith("The container image build failed. The app exited with code 1 before it was ready.")
                .contains("java.lang.IllegalStateException: CONFIG_URL is not set")
                .endsWith("Read the whole build log with 'lambda-microvms images log crashy 1.0'.")
                .doesNotContainPattern("PT\\d")
                .doesNotContain("\tat ");
        assertThat(Files.readString(state.resolve("images/us-east-1/crashy/1.0/build.log")))
                .contains("The app's standard error")
                .contains("Exception in thread \"main\" java.lang.IllegalStateException: CONFIG_URL is not set")
                .contains("at dev.microvms.emulator.testapp.CounterApp.main");
        assertThat(standbys(state)).noneMatch(dir -> contains(dir.resolve("stderr.log"), "CONFIG_URL"));
    }

    @Test
    void run_ofAnAppThatThrowsInMainOnlyWhenStartedAgain_terminatesAtOnceWithTheException() {
        // The build's start passes; every later start from the version's tree throws in main.
        GetMicrovmImageResponse image = build(freshClient, "crash-at-run", Map.of("CRASH_ON_START", "restart"));
        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);

        String id = freshClient
                .runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier(image.imageArn())
                        .build())
                .microvmId();
        GetMicrovmResponse vm = waitFor(freshClient, id, MicrovmState.TERMINATED);

        assertThat(vm.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(vm.stateReason())
                .startsWith("The MicroVM's app exited with code 1 before it was ready.")
                .contains("The end of its stderr: Exception in thread \"main\" java.lang.IllegalStateException:"
                        + " CONFIG_URL is not set.")
                .endsWith("See its output with 'lambda-microvms logs --local --stderr " + id + "'.")
                .doesNotContainPattern("PT\\d")
                .doesNotContain("start it again");
    }

    @Test
    void running_appThatExits_isTerminatedWithItsExitCodeAndTheEndpointAnswers502() throws Exception {
        String image = build(client, "exits", Map.of()).imageArn();
        GetMicrovmResponse vm = run(client, image);
        String token = token(vm);

        assertThat(call(vm, "/exit?code=3", token).statusCode()).isEqualTo(200);
        GetMicrovmResponse ended = waitFor(client, vm.microvmId(), MicrovmState.TERMINATED);

        assertThat(ended.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(ended.stateReason())
                .startsWith("The MicroVM's app exited with code 3 while it was running.")
                .contains("The end of its stderr: exiting with code 3 as asked.")
                .contains("lambda-microvms logs --local --stderr " + vm.microvmId());
        HttpResponse<String> after = call(vm, "/ticks", token);
        assertThat(after.statusCode()).isEqualTo(502);
        assertThat(after.body()).isEmpty();
    }

    @Test
    void running_appKilled_isTerminatedNamingTheSignal() throws Exception {
        String image = build(client, "killed", Map.of()).imageArn();
        GetMicrovmResponse vm = run(client, image);

        call(vm, "/kill");
        GetMicrovmResponse ended = waitFor(client, vm.microvmId(), MicrovmState.TERMINATED);

        assertThat(ended.stateReason()).startsWith("The MicroVM's app exited with code 137 (killed by SIGKILL)");
    }

    // --- the standby pool ----------------------------------------------------------------------------------

    @Test
    void run_afterTheBuild_getsTheProcessThatPassedReadyAndValidate_andAnotherIsPrepared() throws Exception {
        String image = build(client, "standby", Map.of()).imageArn();
        assertThat(Files.readString(state.resolve("images/us-east-1/standby/1.0/build.log")))
                .contains("validate hook answered 200")
                .contains("The app stands by, frozen, for this version's first MicroVM");

        GetMicrovmResponse first = run(client, image);
        GetMicrovmResponse second = run(client, image);
        try {
            // The first MicroVM's app is the build's: its output holds the build's ready and validate calls.
            assertThat(stdout(state, first.microvmId())
                            .lines()
                            .filter(line -> line.startsWith("hook "))
                            .map(line -> line.split(" ")[1]))
                    .containsSubsequence("ready", "validate", "run");
            // The second is the one prepared in the background: ready, but never validated.
            assertThat(stdout(state, second.microvmId()))
                    .contains("hook ready")
                    .contains("hook run")
                    .doesNotContain("hook validate");
            assertThat(call(first, "/instance").body())
                    .isNotEqualTo(call(second, "/instance").body());
            assertThat(Files.isSymbolicLink(state.resolve("microvms/" + first.microvmId())))
                    .isTrue();
        } finally {
            terminate(client, first.microvmId());
            terminate(client, second.microvmId());
        }
    }

    @Test
    void run_withThePoolOff_startsTheAppAfresh() throws Exception {
        String image = build(freshClient, "no-standby", Map.of()).imageArn();

        GetMicrovmResponse vm = run(freshClient, image);

        assertThat(stdout(freshState, vm.microvmId()))
                .contains("hook ready")
                .contains("hook run")
                .doesNotContain("hook validate");
        assertThat(standbys(freshState)).isEmpty();
        terminate(freshClient, vm.microvmId());
    }

    @Test
    void standbys_areDroppedWhenTheirVersionIsDeletedOrDeactivatedOrTheImageDeleted() throws Exception {
        Set<Path> before = standbys(state);
        String image = build(client, "retired", Map.of()).imageArn();
        client.updateMicrovmImage(UpdateMicrovmImageRequest.builder()
                .imageIdentifier(image)
                .baseImageArn(EmulatorApiIT.BASE)
                .buildRoleArn(EmulatorApiIT.ROLE)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                .hooks(allHooks())
                .build());
        assertThat(EmulatorApiIT.await(
                                () -> client.getMicrovmImage(GetMicrovmImageRequest.builder()
                                        .imageIdentifier(image)
                                        .build()),
                                i -> i.state() != MicrovmImageState.UPDATING)
                        .state())
                .isEqualTo(MicrovmImageState.UPDATED);
        Set<Path> mine = new HashSet<>(standbys(state));
        mine.removeAll(before);
        assertThat(mine).hasSize(2);

        client.deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest.builder()
                .imageIdentifier(image)
                .imageVersion("1.0")
                .build());
        awaitGone(mine, 1);
        client.updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest.builder()
                .imageIdentifier(image)
                .imageVersion("2.0")
                .status(MicrovmImageVersionStatus.INACTIVE)
                .build());
        awaitGone(mine, 2);

        String other = build(client, "retired-image", Map.of()).imageArn();
        Set<Path> its = new HashSet<>(standbys(state));
        its.removeAll(before);
        its.removeAll(mine);
        assertThat(its).hasSize(1);
        client.deleteMicrovmImage(
                DeleteMicrovmImageRequest.builder().imageIdentifier(other).build());
        awaitGone(its, 1);
    }

    private static void awaitGone(Set<Path> dirs, int gone) {
        EmulatorApiIT.await(() -> dirs.stream().filter(Files::exists).count(), left -> left == dirs.size() - gone);
    }

    @Test
    void standbys_countAgainstNoQuota() throws Exception {
        // Memory for two MicroVMs. Two run; once a standby is prepared again (a third app), ending one
        // MicroVM is enough for another to run: the standby's memory is charged to no one.
        Set<Path> before = standbys(state);
        String image = build(client, "quota", Map.of()).imageArn();
        GetMicrovmResponse first = run(client, image);
        GetMicrovmResponse second = run(client, image);
        String third = null;
        try {
            assertThat(List.of(first.state(), second.state())).containsOnly(MicrovmState.RUNNING);
            assertThatThrownBy(() -> client.runMicrovm(
                            RunMicrovmRequest.builder().imageIdentifier(image).build()))
                    .isInstanceOf(ServiceQuotaExceededException.class);
            EmulatorApiIT.await(
                    () -> {
                        try {
                            return standbys(state).stream()
                                    .filter(dir -> !before.contains(dir))
                                    .filter(dir -> contains(dir.resolve("stdout.log"), "hook ready"))
                                    .count();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    ready -> ready >= 1);

            terminate(client, first.microvmId());
            third = run(client, image).microvmId();

            assertThat(client.getMicrovm(GetMicrovmRequest.builder()
                                    .microvmIdentifier(third)
                                    .build())
                            .state())
                    .isEqualTo(MicrovmState.RUNNING);
        } finally {
            terminate(client, first.microvmId());
            terminate(client, second.microvmId());
            if (third != null) {
                terminate(client, third);
            }
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
