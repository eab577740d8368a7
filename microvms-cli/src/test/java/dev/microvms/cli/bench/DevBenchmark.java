package dev.microvms.cli.bench;

import dev.microvms.cli.Main;
import dev.microvms.emulator.Emulator;
import dev.microvms.sdk.EndpointRequest;
import dev.microvms.sdk.EndpointResponse;
import dev.microvms.sdk.Microvms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Prints how long {@code lambda-microvms dev} takes from the save of an edit of the http template's code to
 * the first 200 that carries the new answer (a benchmark, not a test), and how much of it the project's own
 * Maven build took. A project made with {@code new --template http} is watched by a {@code dev} process
 * against an emulator of this JVM; each run edits the greeting in {@code App.java} and calls the newest
 * MicroVM's endpoint until it answers with the new text. Run with {@code mvn -B -q -pl microvms-cli
 * test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.microvms.cli.bench.DevBenchmark
 * -Dexec.args=RUNS} after {@code mvn -B -q install -DskipTests} (the generated project takes the guest
 * library from the local repository). RUNS is 5 by default.
 */
public final class DevBenchmark {
    private static final Pattern SERVING = Pattern.compile("Serving \\S+ version \\S+ on \\S+ \\(MicroVM (\\S+),");
    private static final Pattern BUILT = Pattern.compile("Built in (\\d+) ms");

    private DevBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("dev-bench");
        Path project = work.resolve("bench");
        int created = Main.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err,
                "new",
                "bench",
                "--template",
                "http",
                "--directory",
                project.toString());
        if (created != 0) {
            throw new IllegalStateException("new failed with " + created);
        }
        Path app;
        try (Stream<Path> files = Files.walk(project.resolve("src/main"))) {
            app = files.filter(p -> p.getFileName().toString().equals("App.java"))
                    .findFirst()
                    .orElseThrow();
        }
        try (Emulator emulator = Emulator.builder()
                        .port(0)
                        .stateDirectory(work.resolve("state"))
                        .start();
                Microvms microvms = Microvms.builder()
                        .region("us-east-1")
                        .endpointOverride(emulator.endpoint())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .build()) {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "dev",
                    "-p",
                    project.toString());
            builder.environment().put("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(emulator.port()));
            Process dev =
                    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            StringBuffer err = new StringBuffer();
            Thread reader = new Thread(() -> copy(dev.getErrorStream(), err));
            reader.setDaemon(true);
            reader.start();
            try {
                String id = awaitServing(err, 1, dev);
                List<Long> times = new ArrayList<>();
                List<Long> builds = new ArrayList<>();
                String current = "hello from";
                for (int i = 1; i <= runs; i++) {
                    String greeting = "edit " + i + " from";
                    String source = Files.readString(app).replace("\"" + current, "\"" + greeting);
                    if (!source.contains(greeting)) {
                        throw new IllegalStateException("no '" + current + "' in " + app + " to edit");
                    }
                    current = greeting;
                    long t0 = System.nanoTime();
                    Files.writeString(app, source);
                    id = awaitServing(err, i + 1, dev);
                    while (!answer(microvms, id).contains(greeting)) {
                        Thread.sleep(20); // polling the new MicroVM until it serves
                    }
                    times.add(System.nanoTime() - t0);
                    builds.add(lastBuild(err.toString()) * 1_000_000);
                }
                print("save to first 200 with the new code", times);
                print("  of which the project's Maven build (mvn -B -q package -DskipTests)", builds);
                List<Long> rest = new ArrayList<>();
                for (int i = 0; i < times.size(); i++) {
                    rest.add(times.get(i) - builds.get(i));
                }
                print("  the rest: package, upload, image build, RunMicrovm, replace, first call", rest);
            } finally {
                dev.destroy();
                dev.waitFor();
            }
        }
    }

    private static String answer(Microvms microvms, String id) {
        try {
            EndpointResponse r = microvms.microvm(id)
                    .endpoint()
                    .send(EndpointRequest.builder().method("GET").path("/").build());
            return r.statusCode() == 200 ? r.bodyAsString() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String awaitServing(StringBuffer err, int count, Process dev) throws InterruptedException {
        while (true) {
            Matcher m = SERVING.matcher(err.toString());
            List<String> ids = new ArrayList<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            if (ids.size() >= count) {
                return ids.get(count - 1);
            }
            if (!dev.isAlive()) {
                throw new IllegalStateException("dev exited:\n" + err);
            }
            Thread.sleep(10); // polling another process's output
        }
    }

    private static long lastBuild(String err) {
        Matcher m = BUILT.matcher(err);
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static void copy(InputStream in, StringBuffer to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            to.append("(dev's output ended: ").append(e.getMessage()).append(")");
        }
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        StringBuilder order = new StringBuilder();
        for (long n : nanos) {
            order.append(order.length() == 0 ? "" : ", ").append(String.format("%.2f", n / 1e9));
        }
        System.out.printf(
                "dev, http template: %s: p50 %.2f s, min %.2f s, max %.2f s (n=%d; in order: %s)%n",
                what,
                sorted.get(sorted.size() / 2) / 1e9,
                sorted.get(0) / 1e9,
                sorted.get(sorted.size() - 1) / 1e9,
                nanos.size(),
                order);
        System.out.flush();
    }
}
