package dev.microvms.emulator.executor.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The mounts of {@code /proc/self/mountinfo}, to find the cgroup hierarchies wherever they are mounted. */
public final class MountTable {

    /**
     * One line of mountinfo.
     *
     * @param root the path inside the file system that is mounted (for cgroups: the cgroup shown)
     * @param mountPoint where it is mounted
     * @param fsType the file system type, such as {@code cgroup2}
     * @param superOptions the per-superblock options, such as {@code rw,freezer}
     */
    public record Mount(String root, Path mountPoint, String fsType, String superOptions) {}

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * Parses mountinfo lines; lines it does not understand are skipped.
     *
     * @param lines the lines of {@code /proc/self/mountinfo}
     * @return the table
     */
    public static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            List<String> fields = Arrays.asList(line.trim().split(" "));
            int separator = fields.indexOf("-");
            if (separator < 6 || fields.size() < separator + 4) {
                continue;
            }
            mounts.add(new Mount(
                    unescape(fields.get(3)),
                    Path.of(unescape(fields.get(4))),
                    fields.get(separator + 1),
                    fields.get(separator + 3)));
        }
        return new MountTable(mounts);
    }

    /** @return the mounts, in mountinfo order */
    public List<Mount> mounts() {
        return mounts;
    }

    /** @return the first cgroup v2 mount */
    public Optional<Mount> cgroup2() {
        return mounts.stream().filter(m -> m.fsType().equals("cgroup2")).findFirst();
    }

    /** @return the first cgroup v1 mount that has the freezer controller */
    public Optional<Mount> freezerV1() {
        return v1("freezer");
    }

    /**
     * @param controller a controller, such as {@code memory} or {@code cpu}
     * @return the first cgroup v1 mount that has it (alone or co-mounted, as {@code cpu,cpuacct})
     */
    public Optional<Mount> v1(String controller) {
        return mounts.stream()
                .filter(m -> m.fsType().equals("cgroup"))
                .filter(m -> Arrays.asList(m.superOptions().split(",")).contains(controller))
                .findFirst();
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
