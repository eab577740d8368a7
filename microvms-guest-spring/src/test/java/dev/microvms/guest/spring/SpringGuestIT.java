package dev.microvms.guest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.guest.spring.testapp.HelloSpringApp;
import dev.microvms.project.ProjectFiles;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.testkit.MicrovmsTest;
import dev.microvms.testkit.ProjectDeployer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot app with the auto-configuration, built as an image by the emulator the testkit starts: the
 * build's ready hook waits for the application to be ready, and the lifecycle bean sees run, suspend and
 * resume. The image holds this module's classes and the Spring jars from the test's own classpath.
 */
@MicrovmsTest(deploy = false)
class SpringGuestIT {
    @TempDir
    Path project;

    @Test
    void springApp_isBuiltRunAndGetsItsHooksAsBeans(ProjectDeployer projects) throws Exception {
        writeProject();
        MicrovmImage image = projects.deploy(project);

        try (MicrovmsSession session = image.session()
                .run(r -> r.runHookPayload("{\"job\":7}"))
                .after(AfterSession.TERMINATE)
                .start()) {
            session.microvm().suspend().waitUntilSuspended();
            session.microvm().resume().waitUntilRunning();

            assertThat(session.endpoint().get("/").bodyAsString()).isEqualTo("run {\"job\":7}\nsuspend\nresume");
        }
    }

    private void writeProject() throws IOException {
        Files.writeString(
                project.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
                        "WORKDIR /app",
                        "COPY lib/ /app/lib/",
                        "COPY classes/ /app/classes/",
                        "CMD [\"java\", \"-XX:TieredStopAtLevel=1\", \"-cp\", \"/app/classes:/app/lib/*\", \""
                                + HelloSpringApp.class.getName() + "\"]",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                project.resolve(ProjectFiles.FILE_NAME),
                String.join(
                        "\n",
                        "name: spring-guest-it",
                        "hooks:",
                        "  port: 9000",
                        "  ready: {timeoutSeconds: 120}",
                        "  run: {timeoutSeconds: 10}",
                        "  suspend: {timeoutSeconds: 10}",
                        "  resume: {timeoutSeconds: 10}",
                        "run:",
                        "  ingress: [HTTP_INGRESS]",
                        ""),
                StandardCharsets.UTF_8);
        // The app's classpath: this module's classes (main and test), the guest library and Spring's jars.
        Path lib = Files.createDirectories(project.resolve("lib"));
        Path classes = Files.createDirectories(project.resolve("classes"));
        for (String entry :
                Pattern.compile(Pattern.quote(File.pathSeparator)).split(System.getProperty("java.class.path"))) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (Files.isDirectory(p) && p.toString().contains("microvms-guest-spring")) {
                copyTree(p, classes);
            } else if (name.endsWith(".jar")
                    && (name.startsWith("spring-")
                            || name.startsWith("micrometer-")
                            || name.startsWith("microvms-guest"))) {
                Files.copy(p, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.isDirectory(p) && p.endsWith(Path.of("microvms-guest", "target", "classes"))) {
                copyTree(p, classes);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
