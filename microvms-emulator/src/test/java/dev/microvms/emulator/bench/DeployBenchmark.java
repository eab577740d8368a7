package dev.microvms.emulator.bench;

import dev.microvms.emulator.Emulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints how long {@code lambda-microvms deploy --local} takes for a Spring Boot 3.5 app with the guest
 * library (a benchmark, not a test): the Maven build, the upload, the image's build in the emulator (the
 * app started, {@code ready}, {@code validate}) and the wait for it, as a user sees them. The project is
 * {@code src/test/resources/bench/spring-boot}, copied to a temporary directory and built once first (its
 * dependencies come from Maven Central). Run with {@code mvn -B -q -pl microvms-emulator test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.microvms.emulator.bench.DeployBenchmark
 * -Dexec.args="RUNS [ENDPOINT]"} after {@code mvn -B -q install -DskipTests}: RUNS deploys (3), to an
 * emulator of its own or to the one at ENDPOINT (to compare another build side by side).
 */
public final class DeployBenchmark {
    private static final List<String> FILES = List.of(
            "pom.xml", "Dockerfile", ".dockerignore", "microvm.yml", "src/main/java/com/example/spring/App.java");

    private DeployBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path cli = findCli();
        Path project = Files.createTempDirectory("spring-bench");
        Emulator own = null;
        URI endpoint;
        if (args.length > 1) {
            endpoint = URI.create(args[1]);
        } else {
            own = Emulator.builder()
                    .port(0)
                    .stateDirectory(Files.createTempDirectory("deploy-bench"))
                    .start();
            endpoint = own.endpoint();
        }
        try {
            copyProject(project, endpoint.getPort());
            exec(project, List.of("mvn", "-B", "-q", "package", "-DskipTests"));
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                exec(project, List.of(cli.toString(), "deploy", "--local"));
                times.add(System.nanoTime() - t0);
            }
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            System.out.printf(
                    "deploy --local, Spring Boot 3.5 app with the guest library: p50 %.1f s, min %.1f s, max %.1f s"
                            + " (n=%d; in order: %s)%n",
                    sorted.get(sorted.size() / 2) / 1e9,
                    sorted.get(0) / 1e9,
                    sorted.get(sorted.size() - 1) / 1e9,
                    sorted.size(),
                    times.stream().map(t -> String.format("%.1f", t / 1e9)).toList());
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    private static void copyProject(Path project, int port) throws IOException {
        for (String file : FILES) {
            try (InputStream in = DeployBenchmark.class.getResourceAsStream("/bench/spring-boot/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("bench/spring-boot/" + file + " is not on the test class path");
                }
                Path target = project.resolve(file);
                Files.createDirectories(target.getParent());
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(
                        target, file.equals("microvm.yml") ? text.replace("port: 4599", "port: " + port) : text);
            }
        }
    }

    /** @return the {@code lambda-microvms} script at the top of this checkout */
    private static Path findCli() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("lambda-microvms");
            if (Files.isRegularFile(script) && Files.isDirectory(dir.resolve("microvms-cli"))) {
                return script;
            }
        }
        throw new IllegalStateException("run from inside the checkout: the lambda-microvms script was not found");
    }

    private static void exec(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("bench.log").toFile()))
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + process.exitValue() + "; see "
                    + directory.resolve("bench.log"));
        }
    }
}
