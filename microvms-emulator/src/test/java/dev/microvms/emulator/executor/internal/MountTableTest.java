package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final List<String> HYBRID = List.of(
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate",
            "garbage line");

    @Test
    void cgroup2_hybridLayout_findsTheUnifiedMount() {
        MountTable table = MountTable.parse(HYBRID);

        assertThat(table.cgroup2()).map(MountTable.Mount::mountPoint).contains(Path.of("/sys/fs/cgroup/unified"));
        assertThat(table.mounts()).hasSize(4);
    }

    @Test
    void freezerV1_hybridLayout_findsTheFreezerNotAnotherController() {
        MountTable table = MountTable.parse(HYBRID);

        assertThat(table.freezerV1()).map(MountTable.Mount::mountPoint).contains(Path.of("/sys/fs/cgroup/freezer"));
    }

    @Test
    void parse_escapedSpaceInMountPoint_isUnescaped() {
        MountTable table = MountTable.parse(List.of("50 1 0:40 /sub /mnt/my\\040cgroups rw - cgroup2 cgroup2 rw"));

        assertThat(table.cgroup2()).hasValueSatisfying(mount -> {
            assertThat(mount.mountPoint()).isEqualTo(Path.of("/mnt/my cgroups"));
            assertThat(mount.root()).isEqualTo("/sub");
        });
    }

    @Test
    void cgroup2_noneMounted_isEmpty() {
        assertThat(MountTable.parse(List.of(HYBRID.get(1))).cgroup2()).isEmpty();
    }
}
