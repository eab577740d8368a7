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
        assertThat(groups.limitsComplete()).isFalse();
        assertThat(groups.limits())
                .startsWith("memory, processes, CPU NOT limited, because no cgroup is delegated to this user");
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
    void limits_v1HierarchiesNotWritable_sayWhichLimitsAreNotEnforcedAndWhy() throws Exception {
        Path notCgroup = Files.createDirectories(dir.resolve("fake-memory"));
        MountTable table =
                MountTable.parse(List.of("34 30 0:31 / " + notCgroup + " rw,relatime - cgroup cgroup rw,memory"));

        CgroupLimits limits = CgroupLimits.detect(table, null, "lambda-microvms", "1-2-3");

        assertThat(limits.complete()).isFalse();
        assertThat(limits.description())
                .contains("memory, processes, CPU NOT limited")
                .contains("memory: cannot make a limited cgroup at "
                        + notCgroup.resolve("lambda-microvms/1-2-3/probe-memory"))
                .contains("pids: no cgroup hierarchy offers the pids controller");
    }

    @Test
    void sanitize_idWithOddCharacters_becomesASafeDirectoryName() {
        assertThat(GuestGroups.sanitize("mvm-1a2b")).isEqualTo("mvm-1a2b");
        assertThat(GuestGroups.sanitize("a/b:c d")).isEqualTo("a_b_c_d");
        assertThat(GuestGroups.sanitize("..")).isEqualTo("_..");
        assertThat(GuestGroups.sanitize("x".repeat(300))).hasSize(120);
    }

    @Test
    void create_sameNameTwice_makesTwoCgroupsAndLeavesTheFirstAlone() throws Exception {
        GuestGroups groups = GuestGroups.detected();
        try (GuestGroup first = groups.create("build-same-1-0");
                GuestGroup second = groups.create("build-same-1-0")) {
            assumeTrue(first.cgroup().isPresent(), "no writable cgroup on this machine");

            assertThat(second.cgroup()).isNotEqualTo(first.cgroup());
            assertThat(first.cgroup().get()).isDirectory();
            assertThat(first.cgroup().get().getFileName().toString()).startsWith("build-same-1-0.");
            CgroupOwner self = CgroupOwner.current().orElseThrow();
            assertThat(first.cgroup().get().getParent().getFileName()).hasToString(self.name());
        }
    }

    @Test
    void sweep_leftoversOfOwners_removesOnlyEmptyCgroupsOfOwnersThatAreGone() throws Exception {
        CgroupOwner self = CgroupOwner.current().orElseThrow();
        Path parent = Files.createDirectories(dir.resolve("lambda-microvms"));
        // The same pid with another start time: an earlier process that had this pid.
        CgroupOwner gone = new CgroupOwner(self.namespace(), self.pid(), self.startTime() + 1);
        CgroupOwner otherNamespace = new CgroupOwner(self.namespace() + 1, 1, 1);
        Path goneEmpty = Files.createDirectories(parent.resolve(gone.name()).resolve("microvm-1.1"));
        Path goneBusy = Files.createDirectories(parent.resolve(gone.name()).resolve("step-2.2"));
        Files.writeString(goneBusy.resolve("cgroup.procs"), "4242\n"); // a plain directory with a file stays
        Path live = Files.createDirectories(parent.resolve(self.name()).resolve("microvm-3.3"));
        Path elsewhere =
                Files.createDirectories(parent.resolve(otherNamespace.name()).resolve("microvm-4.4"));
        Path unknown = Files.createDirectories(parent.resolve("microvm-old-layout"));

        GuestGroups.sweep(parent, self);

        assertThat(goneEmpty).doesNotExist();
        assertThat(goneBusy).isDirectory();
        assertThat(live).isDirectory();
        assertThat(elsewhere).isDirectory();
        assertThat(unknown).isDirectory();
    }

    @Test
    void owner_currentJvm_isNotGoneAndRoundTripsThroughItsName() {
        CgroupOwner self = CgroupOwner.current().orElseThrow();

        assertThat(CgroupOwner.parse(self.name())).contains(self);
        assertThat(self.isGoneSeenFrom(self)).isFalse();
        assertThat(CgroupOwner.parse("microvm-1")).isEmpty();
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
