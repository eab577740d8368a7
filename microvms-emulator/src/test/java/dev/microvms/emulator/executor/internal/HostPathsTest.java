package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPathsTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @CsvSource({
        "/app/app.jar, true",
        "/app/data/not-yet-there, true",
        "/app, true",
        "/usr/local/bin/tool, true",
        "/usr/bin/java, false",
        "/etc/other, false",
        "-jar, false",
        "--config=/app/c.yml, false",
        "app/app.jar, false",
        "//app/x, false",
    })
    void rewrite_argument_mapsOnlyPathsOfTheImage(String argument, boolean rewritten) throws Exception {
        HostPaths paths = HostPaths.of(image());

        String result = paths.rewrite(argument);

        assertThat(result)
                .isEqualTo(
                        rewritten
                                ? dir.resolve("rootfs")
                                        .resolve(argument.substring(1))
                                        .toString()
                                : argument);
    }

    @Test
    void rewrite_argv_rewritesEachElement() throws Exception {
        HostPaths paths = HostPaths.of(image());

        assertThat(paths.rewrite(List.of("java", "-jar", "/app/app.jar")))
                .containsExactly(
                        "java", "-jar", dir.resolve("rootfs/app/app.jar").toString());
    }

    @Test
    void directory_absoluteWorkingDirectory_isInsideTheImage() throws Exception {
        HostPaths paths = HostPaths.of(image());

        assertThat(paths.directory("/app")).isEqualTo(dir.resolve("rootfs/app"));
        assertThat(paths.directory("/")).isEqualTo(dir.resolve("rootfs"));
    }

    /** An image with /app and /usr/local/bin/tool; the host has /usr but no /app. */
    private static Path image() throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("app"));
        Files.createDirectories(rootfs.resolve("usr/local/bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        if (!Files.exists(rootfs.resolve("usr/local/bin/tool"))) {
            Files.writeString(rootfs.resolve("usr/local/bin/tool"), "#!/bin/sh\n");
        }
        return rootfs;
    }
}
