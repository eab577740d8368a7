package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.testapp.TickingHttpApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds an image tree holding {@code /app/app.jar} (the {@link TickingHttpApp}) and launch specs for it. */
final class TestApps {
    /** The test JVM's own java: the sandbox mounts the host's /usr, where it lives. */
    static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    private static final List<String> SMALL_JVM =
            List.of("-Xmx64m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private TestApps() {}

    /**
     * @param dir where to make the tree
     * @return a tree with {@code app/app.jar}
     */
    static Path image(Path dir) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path app = Files.createDirectories(rootfs.resolve("app"));
        writeJar(app.resolve("app.jar"));
        return rootfs;
    }

    /** @return the argv of the app: the test JVM's java with {@code -jar /app/app.jar} and the arguments */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(SMALL_JVM);
        command.addAll(List.of("-jar", "/app/app.jar"));
        command.addAll(List.of(args));
        return command;
    }

    static LaunchSpec launch(String id, Path rootfs, Path dir, List<String> command) {
        Path runDir = dir.resolve(id);
        return new LaunchSpec(
                id,
                rootfs,
                runDir,
                command,
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/tmp"),
                "/app",
                runDir.resolve("stdout.log"),
                runDir.resolve("stderr.log"));
    }

    /** @return the tick count the app last wrote to its memory-mapped file */
    static long ticks(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) < Long.BYTES) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, Long.BYTES);
            return map.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
    }

    private static void writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TickingHttpApp.class.getName());
        Path classes = classesRoot();
        String packageDir = TickingHttpApp.class.getPackageName().replace('.', '/');
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> entries = Files.list(classes.resolve(packageDir))) {
            for (Path classFile :
                    entries.filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(packageDir + "/" + classFile.getFileName()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(TickingHttpApp.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
