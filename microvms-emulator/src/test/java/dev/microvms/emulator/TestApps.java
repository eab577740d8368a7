package dev.microvms.emulator;

import dev.microvms.emulator.testapp.CounterApp;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Code artifacts for tests: zips with a Dockerfile at the root and the test app as {@code app.jar}. */
public final class TestApps {
    static final String DOCKERFILE = String.join(
            "\n",
            "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
            "RUN dnf install -y java-17-amazon-corretto-headless && dnf clean all",
            "WORKDIR /app",
            "COPY app.jar /app/app.jar",
            "RUN mkdir -p /app/data && echo built > /app/data/marker",
            "EXPOSE 8080 9000",
            "CMD [\"java\", \"-Dsun.net.httpserver.nodelay=true\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xss512k\", \"-jar\", \"/app/app.jar\"]",
            "");

    /** A small app: perl (part of every Debian system) answering {@code ok} on 8080, in a few MiB. */
    static final String SMALL_APP = String.join(
            "\n",
            "use IO::Socket::INET;",
            "my $s = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => 8080, Listen => 128, ReuseAddr => 1)",
            "    or die \"listen: $!\";",
            "while (my $c = $s->accept) {",
            "    while (my $line = <$c>) { last if $line =~ /^\\r?\\n$/; }",
            "    print $c \"HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n\";",
            "    close $c;",
            "}",
            "");

    static final String SMALL_DOCKERFILE = String.join(
            "\n",
            "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
            "WORKDIR /app",
            "COPY app.pl /app/app.pl",
            "EXPOSE 8080",
            "CMD [\"/usr/bin/perl\", \"/app/app.pl\"]",
            "");

    private TestApps() {}

    /** @return the small app's artifact: no hooks, ready when 8080 takes connections */
    public static byte[] smallApp() throws IOException {
        return zip(Map.of(
                "Dockerfile",
                SMALL_DOCKERFILE.getBytes(StandardCharsets.UTF_8),
                "app.pl",
                SMALL_APP.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return every hook of the counter app enabled (on 9000), the run hook within 10 s, ready within 60 s */
    public static Hooks counterHooks() {
        return new Hooks(
                9000,
                MicrovmHooks.builder()
                        .run(HookState.ENABLED)
                        .runTimeoutInSeconds(10)
                        .suspend(HookState.ENABLED)
                        .resume(HookState.ENABLED)
                        .terminate(HookState.ENABLED)
                        .build(),
                MicrovmImageHooks.builder()
                        .ready(HookState.ENABLED)
                        .readyTimeoutInSeconds(60)
                        .build());
    }

    /** @return the counter app's artifact with its usual Dockerfile */
    public static byte[] counterApp() throws IOException {
        return zip(Map.of("Dockerfile", DOCKERFILE.getBytes(StandardCharsets.UTF_8), "app.jar", counterJar()));
    }

    /** @return an artifact with the counter app and another Dockerfile */
    static byte[] counterApp(String dockerfile) throws IOException {
        return zip(Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), "app.jar", counterJar()));
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** @return the test app's classes as a runnable jar */
    public static byte[] counterJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CounterApp.class.getName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            String name = CounterApp.class.getName().replace('.', '/') + ".class";
            add(jar, name);
            add(jar, name.replace("CounterApp", "WebSocketEcho"));
            for (int i = 1; i < 20; i++) {
                String inner = CounterApp.class.getName().replace('.', '/') + "$" + i + ".class";
                if (CounterApp.class.getClassLoader().getResource(inner) != null) {
                    add(jar, inner);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void add(JarOutputStream jar, String name) throws IOException {
        try (InputStream in = CounterApp.class.getClassLoader().getResourceAsStream(name)) {
            jar.putNextEntry(new JarEntry(name));
            in.transferTo(jar);
            jar.closeEntry();
        }
    }
}
