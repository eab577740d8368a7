package dev.microvms.sdk.e2e;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.Endpoint;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.sdk.PortForward;
import dev.microvms.sdk.Sandbox;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Exec, files and port forwarding, each transport side by side, against an emulator on this machine: (a)
 * the round trip of {@code exec true}; (b) {@code cp} of a random file up and down, in MB/s; (c) sequential
 * GETs through a port forward next to the same GETs sent to the endpoint directly with a token header.
 *
 * <pre>
 * mvn -B -q -f microvms-sdk/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.microvms.sdk.e2e.SandboxBenchmark [-Dbench.execs=50 -Dbench.megabytes=100 \
 *     -Dbench.requests=2000]
 * </pre>
 *
 * <p>Figures from a shared machine are indications: compare the two columns of one run, not runs.
 */
public final class SandboxBenchmark {
    private static final String SHELL_INGRESS =
            "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:SHELL_INGRESS";

    private SandboxBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        run(
                System.out,
                Integer.getInteger("bench.execs", 50),
                Integer.getInteger("bench.megabytes", 100),
                Integer.getInteger("bench.requests", 2000));
    }

    static void run(PrintStream out, int execs, int megabytes, int requests) throws Exception {
        Path state = Files.createTempDirectory("sandbox-bench-");
        try (Emulator emulator = Emulator.builder()
                        .port(0)
                        .stateDirectory(state)
                        .adminEndpoints(false)
                        .start();
                Microvms microvms = Microvms.builder()
                        .endpointOverride(emulator.endpoint())
                        .region("us-east-1")
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .build()) {
            emulator.s3().createBucket("artifacts");
            emulator.s3().put("artifacts", "agent.zip", SandboxApps.agentApp(), "application/zip");
            String image = microvms.createImage(CreateMicrovmImageRequest.builder()
                            .name("sandbox-bench")
                            .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                            .buildRoleArn("arn:aws:iam::000000000000:role/build")
                            .codeArtifact(CodeArtifact.uri("s3://artifacts/agent.zip"))
                            .hooks(TestApps.counterHooks())
                            .environmentVariables(
                                    Map.of(Sandbox.AGENT_PORT_VARIABLE, Integer.toString(SandboxApps.AGENT_PORT)))
                            .build())
                    .waitUntilCreated()
                    .arn();
            // One MicroVM with both ways in, so the columns differ only in the transport.
            try (MicrovmsSession session = microvms.session(image)
                    .run(r -> r.ingressNetworkConnectors(SHELL_INGRESS))
                    .after(AfterSession.TERMINATE)
                    .start()) {
                Microvm vm = session.microvm();
                try (Sandbox shell = vm.sandbox(dev.microvms.sdk.SandboxOptions.builder()
                                .transport(dev.microvms.sdk.SandboxTransport.SHELL)
                                .build());
                        Sandbox agent = vm.sandbox(dev.microvms.sdk.SandboxOptions.builder()
                                .transport(dev.microvms.sdk.SandboxTransport.AGENT)
                                .build())) {
                    out.printf(Locale.ROOT, "%-34s %12s %12s%n", "", "shell", "agent");
                    double[] shellExec = execTrue(shell, execs);
                    double[] agentExec = execTrue(agent, execs);
                    out.printf(
                            Locale.ROOT, "%-34s %9.1f ms %9.1f ms%n", "exec true, median", shellExec[0], agentExec[0]);
                    out.printf(
                            Locale.ROOT,
                            "%-34s %9.1f ms %9.1f ms%n",
                            "exec true, 90th percentile",
                            shellExec[1],
                            agentExec[1]);
                    Path dir = Files.createTempDirectory("sandbox-bench-files-");
                    try {
                        Path file = dir.resolve("random.bin");
                        byte[] bytes = new byte[megabytes * 1024 * 1024];
                        new Random(42).nextBytes(bytes);
                        Files.write(file, bytes);
                        double[] shellCp = copy(shell, file, dir.resolve("shell.bin"), megabytes);
                        double[] agentCp = copy(agent, file, dir.resolve("agent.bin"), megabytes);
                        out.printf(
                                Locale.ROOT,
                                "%-34s %7.1f MB/s %7.1f MB/s%n",
                                "cp " + megabytes + " MB up",
                                shellCp[0],
                                agentCp[0]);
                        out.printf(
                                Locale.ROOT,
                                "%-34s %7.1f MB/s %7.1f MB/s%n",
                                "cp " + megabytes + " MB down",
                                shellCp[1],
                                agentCp[1]);
                    } finally {
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.sorted(Comparator.reverseOrder())
                                    .forEach(p -> p.toFile().delete());
                        }
                    }
                }
                forwarding(out, vm, requests);
            }
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** @return the median and the 90th percentile, in ms */
    private static double[] execTrue(Sandbox sandbox, int count) {
        for (int i = 0; i < 5; i++) {
            sandbox.exec("true");
        }
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            if (sandbox.exec("true").exitCode() != 0) {
                throw new IllegalStateException("true failed");
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[count / 2], ms[(int) (count * 0.9)]};
    }

    /** @return MB/s up and down */
    private static double[] copy(Sandbox sandbox, Path file, Path back, int megabytes) throws Exception {
        String remote = "/tmp/bench-" + sandbox.transport() + ".bin";
        long start = System.nanoTime();
        sandbox.files().upload(file, remote);
        double up = megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        sandbox.files().download(remote, back);
        double down = megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
        if (Files.size(back) != Files.size(file) || Files.mismatch(file, back) != -1) {
            throw new IllegalStateException("the copy differs");
        }
        sandbox.files().delete(remote);
        Files.delete(back);
        return new double[] {up, down};
    }

    private static void forwarding(PrintStream out, Microvm vm, int requests) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Endpoint endpoint = vm.endpoint();
        URI direct = endpoint.uri().resolve("/ticks");
        String token = endpoint.token(8080);
        try (PortForward forward = vm.portForward(0, 8080)) {
            URI forwarded = forward.uri().resolve("/ticks");
            HttpRequest viaForward = HttpRequest.newBuilder(forwarded).build();
            HttpRequest viaEndpoint = HttpRequest.newBuilder(direct)
                    .header("X-aws-proxy-auth", token)
                    .header("X-aws-proxy-port", "8080")
                    .build();
            for (int i = 0; i < 200; i++) {
                get(http, viaForward);
                get(http, viaEndpoint);
            }
            double directRate = rate(http, viaEndpoint, requests);
            double forwardRate = rate(http, viaForward, requests);
            out.printf(Locale.ROOT, "%-34s %9.0f /s%n", "GET through the endpoint, direct", directRate);
            out.printf(
                    Locale.ROOT,
                    "%-34s %9.0f /s  (%.2fx of direct)%n",
                    "GET through port-forward",
                    forwardRate,
                    forwardRate / directRate);
        }
    }

    private static double rate(HttpClient http, HttpRequest request, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            get(http, request);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void get(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
