package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlanTest {
    @TempDir
    Path dir;

    @Test
    void build_imageDirectories_areBoundReadWriteAtTheirOwnPaths() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("app"));
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createSymbolicLink(rootfs.resolve("srv"), Path.of("app"));

        List<String> args = MountPlan.build(rootfs, List.of(), List.of());

        assertThat(triples(args))
                .contains(
                        List.of("--bind", rootfs.resolve("app").toString(), "/app"),
                        List.of("--symlink", "app", "/srv"),
                        List.of("--proc", "/proc", "--dev"))
                .noneMatch(t -> t.contains(rootfs.resolve("proc").toString()));
        assertThat(String.join(" ", args)).endsWith("--dev /dev --tmpfs /tmp");
    }

    @Test
    void build_systemDirectoryWithoutImageCopy_isBoundReadOnly() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path usr = Files.createDirectories(dir.resolve("usr"));

        List<String> args = MountPlan.build(rootfs, List.of(usr, dir.resolve("absent")), List.of());

        assertThat(triples(args)).contains(List.of("--ro-bind", usr.toString(), usr.toString()));
        assertThat(args).doesNotContain(dir.resolve("absent").toString());
    }

    @Test
    void build_imageTmp_replacesTheTmpfs() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("tmp"));

        List<String> args = MountPlan.build(rootfs, List.of(), List.of());

        assertThat(args)
                .doesNotContain("--tmpfs")
                .contains(rootfs.resolve("tmp").toString());
    }

    @Test
    void build_extraMounts_comeLastWithTheirMode() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        List<MountPlan.Bind> extra = List.of(
                new MountPlan.Bind(Path.of("/jdk"), "/jdk", false), new MountPlan.Bind(Path.of("/run1"), "/r", true));

        List<String> args = MountPlan.build(rootfs, List.of(), extra);

        assertThat(args.subList(args.size() - 6, args.size()))
                .containsExactly("--ro-bind", "/jdk", "/jdk", "--bind", "/run1", "/r");
    }

    @Test
    void merge_imageAndHostBothHaveADirectory_mergesEntriesWithTheImageWinning() throws Exception {
        // The host side of a merge is found by its path in the sandbox, so use a real host directory.
        Path host = Path.of("/etc");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("myapp.conf"), "x");
        Files.writeString(etc.resolve("hostname"), "from the image");

        List<String> args = MountPlan.build(rootfs, List.of(host), List.of());

        List<List<String>> triples = triples(args);
        assertThat(args.subList(0, 2)).containsExactly("--dir", "/etc");
        assertThat(triples)
                .contains(List.of("--bind", etc.resolve("myapp.conf").toString(), "/etc/myapp.conf"))
                .contains(List.of("--bind", etc.resolve("hostname").toString(), "/etc/hostname"))
                .contains(List.of("--ro-bind", "/etc/passwd", "/etc/passwd"))
                .doesNotContain(List.of("--ro-bind", "/etc/hostname", "/etc/hostname"))
                .doesNotContain(List.of("--ro-bind", "/etc", "/etc"));
    }

    /** Every run of three consecutive arguments, to find an option with its operands wherever it is. */
    private static List<List<String>> triples(List<String> args) {
        List<List<String>> triples = new ArrayList<>();
        for (int i = 0; i + 3 <= args.size(); i++) {
            triples.add(args.subList(i, i + 3));
        }
        return triples;
    }
}
