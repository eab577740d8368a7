package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev} against an emulator on 127.0.0.1: the first deploy serves, an edit of the app's source serves
 * the new answer from a new MicroVM that replaces the old one, and stopping dev (an interrupt in this JVM,
 * SIGTERM to a dev process, which runs the same shutdown path as Ctrl-C) terminates what it started. The app is
 * a single Java source file run by the {@code java} launcher, so no Maven build runs here.
 */
class DevCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("Serving devapp version (\\S+) on \\S+ \\(MicroVM (\\S+),");
    /** How long a step of the loop may take on a loaded machine before the test gives up waiting. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Path project(String greeting) throws IOException {
        Path project = dir.resolve("devapp");
        Files.createDirectories(project);
        Files.writeString(project.resolve("microvm.yml"), "name: devapp\nrun:\n  ingress: [HTTP_INGRESS]\n");
        Files.writeString(
                project.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
                        "WORKDIR /app",
                        "COPY App.java /app/App.java",
                        "EXPOSE 8080",
                        "CMD [\"java\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"/app/App.java\"]",
                        ""));
        Files.writeString(project.resolve(".dockerignore"), "*.log\n");
        writeApp(project, greeting);
        return project;
    }

    private static void writeApp(Path project, String greeting) throws IOException {
        Files.writeString(
                project.resolve("App.java"),
                String.join(
                        "\n",
                        "import com.sun.net.httpserver.HttpServer;",
                        "import java.net.InetSocketAddress;",
                        "public class App {",
                        "    public static void main(String[] args) throws Exception {",
                        "        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);",
                        "        server.createContext(\"/\", exchange -> {",
                        "            byte[] body = \"" + greeting + "\\n\".getBytes();",
                        "            exchange.sendResponseHeaders(200, body.length);",
                        "            exchange.getResponseBody().write(body);",
                        "            exchange.close();",
                        "        });",
                        "        server.start();",
                        "        System.out.println(\"app says " + greeting + "\");",
                        "    }",
                        "}",
                        ""));
    }

    @Test
    void dev_editOfTheSource_servesTheNewAnswerAndInterruptTerminatesTheMicrovm() throws Exception {
        Path project = project("hello");
        try (Emulator emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start()) {
            Map<String, String> env = Map.of("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(emulator.port()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger code = new AtomicInteger(-1);
            Thread dev = new Thread(() -> code.set(Main.run(
                    new java.io.ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    env,
                    "dev",
                    "-p",
                    project.toString())));
            dev.start();
            try {
                List<String[]> served = awaitServing(() -> err.toString(StandardCharsets.UTF_8), 1);
                String first = served.get(0)[1];
                assertThat(call(env, first)).isEqualTo("hello\n");
                assertThat(err.toString(StandardCharsets.UTF_8)).contains("Using the emulator at");

                Files.writeString(project.resolve("notes.log"), "ignored by .dockerignore");
                writeApp(project, "bonjour");

                served = awaitServing(() -> err.toString(StandardCharsets.UTF_8), 2);
                String second = served.get(1)[1];
                assertThat(served.get(1)[0]).isEqualTo("2.0");
                assertThat(second).isNotEqualTo(first);
                assertThat(call(env, second)).isEqualTo("bonjour\n");
                assertThat(state(env, first)).isEqualTo("TERMINATED");
                assertThat(err.toString(StandardCharsets.UTF_8)).contains("Changed: App.java");
                awaitText(() -> out.toString(StandardCharsets.UTF_8), "app says bonjour");
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("app says hello");
            } finally {
                dev.interrupt();
                dev.join(PATIENCE.toMillis());
            }
            assertThat(dev.isAlive()).isFalse();
            assertThat(code.get()).as(err.toString(StandardCharsets.UTF_8)).isZero();
            List<String[]> served = awaitServing(() -> err.toString(StandardCharsets.UTF_8), 2);
            assertThat(state(env, served.get(1)[1])).isEqualTo("TERMINATED");
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("it was running before dev")
                    .doesNotContain("Stopping the emulator");
            assertThat(served).hasSize(2); // the .log file did not start a build of its own
        }
    }

    @Test
    void dev_stoppedBySignal_terminatesTheMicrovmAndStopsTheEmulatorItStarted() throws Exception {
        Path project = project("hello");
        Path state = dir.resolve("own-state");
        Path log = dir.resolve("dev.err");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "dev",
                "-p",
                project.toString(),
                "--port",
                String.valueOf(port),
                "--state-dir",
                state.toString(),
                "--user-namespace",
                "never"));
        Process dev = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();
        try {
            awaitServing(() -> read(log), 1);
            long emulatorPid = Long.parseLong(
                    Files.readString(state.resolve("emulator.pid")).trim());

            dev.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C's SIGINT

            assertThat(dev.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(read(log)).contains("Terminating microvm-", "Stopping the emulator dev started");
            assertThat(ProcessHandle.of(emulatorPid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(state.resolve("emulator.pid")).doesNotExist();
        } finally {
            dev.destroyForcibly();
            CliRun.of(Map.of(), "local", "stop", "--port", String.valueOf(port), "--state-dir", state.toString());
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until dev has said "Serving" {@code count} times; returns each version and MicroVM id. */
    private static List<String[]> awaitServing(Supplier<String> text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<String[]> served = new ArrayList<>();
            Matcher m = SERVING.matcher(text.get());
            while (m.find()) {
                served.add(new String[] {m.group(1), m.group(2)});
            }
            if (served.size() >= count) {
                return served;
            }
            assertThat(System.nanoTime() < deadline)
                    .as("dev did not serve %d times within %s; it said:%n%s", count, PATIENCE, text.get())
                    .isTrue();
            Thread.sleep(100); // polling another thread's output
        }
    }

    private static void awaitText(Supplier<String> text, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!text.get().contains(expected)) {
            assertThat(System.nanoTime() < deadline)
                    .as("no '%s' within %s in:%n%s", expected, PATIENCE, text.get())
                    .isTrue();
            Thread.sleep(100); // polling another thread's output
        }
    }

    private static String call(Map<String, String> env, String id) {
        CliRun call = CliRun.of(env, "call", "--local", id, "/");
        assertThat(call.code()).as(call.err()).isZero();
        return call.out();
    }

    private static String state(Map<String, String> env, String id) throws IOException {
        CliRun get = CliRun.of(env, "get", "--local", id, "-o", "json");
        assertThat(get.code()).as(get.err()).isZero();
        return JSON.readTree(get.out()).get("state").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
