package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestGroupsTest {
    @TempDir
    Path dir;

    @Test
    void detect_noCgroupMounted_fallsBackToSignals() throws Exception {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"), "22 1 0:21 / /proc rw - proc proc rw\n");

        GuestGroups groups = GuestGroups.detect(mountinfo, dir.resolve("absent"));

        assertThat(groups.description()).isEqualTo("SIGSTOP/SIGCONT of the process tree");
        try (GuestGroup group = groups.create("mvm-1")) {
            assertThat(group.cgroup()).isEmpty();
            assertThat(group.wrap(List.of("true"))).containsExactly("true");
        }
    }

    @Test
    void detect_cgroupMountThatIsNotWritable_fallsBackToSignals() throws Exception {
        Path notCgroup = Files.createDirectories(dir.resolve("fake-cgroup"));
        Path mountinfo =
                Files.writeString(dir.resolve("mountinfo"), "41 31 0:38 / " + notCgroup + " rw - cgroup2 cgroup2 rw\n");

        GuestGroups groups = GuestGroups.detect(mountinfo, dir.resolve("absent"));

        assertThat(groups.description()).startsWith("SIGSTOP");
    }

    @Test
    void sanitize_idWithOddCharacters_becomesASafeDirectoryName() {
        assertThat(GuestGroups.sanitize("mvm-1a2b")).isEqualTo("mvm-1a2b");
        assertThat(GuestGroups.sanitize("a/b:c d")).isEqualTo("a_b_c_d");
        assertThat(GuestGroups.sanitize("..")).isEqualTo("_..");
        assertThat(GuestGroups.sanitize("x".repeat(300))).hasSize(120);
    }

    @Test
    void create_cgroupGroup_wrapsTheCommandToJoinBeforeItRuns() throws Exception {
        GuestGroups groups = GuestGroups.detected();
        try (GuestGroup group =
                groups.create("wrap-test-" + ProcessHandle.current().pid())) {
            assumeTrue(group.cgroup().isPresent(), "no writable cgroup on this machine");
            Path procs = group.cgroup().get().resolve("cgroup.procs");
            Process process = new ProcessBuilder(group.wrap(List.of("/bin/sh", "-c", "cat /proc/self/cgroup")))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).isZero();
            assertThat(output).contains(group.cgroup().get().getFileName().toString());
            assertThat(procs).exists();
        }
    }
}
