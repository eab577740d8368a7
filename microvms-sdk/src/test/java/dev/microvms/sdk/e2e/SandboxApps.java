package dev.microvms.sdk.e2e;

import dev.microvms.emulator.TestApps;
import dev.microvms.guest.MicrovmGuest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Code artifacts for the sandbox tests: the counter app alone, and with the guest library's agent. */
final class SandboxApps {
    static final int AGENT_PORT = 7000;

    private SandboxApps() {}

    /** @return the counter app with the agent: a jar of the app, the counter app and the guest library */
    static byte[] agentApp() throws IOException, URISyntaxException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarInputStream counter = new JarInputStream(new ByteArrayInputStream(TestApps.counterJar()))) {
            for (JarEntry e = counter.getNextJarEntry(); e != null; e = counter.getNextJarEntry()) {
                classes.put(e.getName(), counter.readAllBytes());
            }
        }
        addTree(
                classes,
                Path.of(MicrovmGuest.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                "dev/microvms/guest/");
        String app = AgentApp.class.getName().replace('.', '/') + ".class";
        try (InputStream in = AgentApp.class.getClassLoader().getResourceAsStream(app)) {
            classes.put(app, in.readAllBytes());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AgentApp.class.getName());
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        String dockerfile = String.join(
                "\n",
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
                "RUN dnf install -y java-17-amazon-corretto-headless && dnf clean all",
                "WORKDIR /app",
                "COPY app.jar /app/app.jar",
                "EXPOSE 8080 9000 " + AGENT_PORT,
                "CMD [\"java\", \"-Dsun.net.httpserver.nodelay=true\", \"-XX:TieredStopAtLevel=1\","
                        + " \"-XX:+UseSerialGC\", \"-jar\", \"/app/app.jar\"]",
                "");
        return zip(Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), "app.jar", jar.toByteArray()));
    }

    private static void addTree(Map<String, byte[]> classes, Path location, String prefix) throws IOException {
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = location.relativize(p).toString().replace('\\', '/');
                    if (name.startsWith(prefix) && name.endsWith(".class")) {
                        classes.put(name, Files.readAllBytes(p));
                    }
                }
            }
            return;
        }
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(location))) {
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                    classes.put(e.getName(), jar.readAllBytes());
                }
            }
        }
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
}
