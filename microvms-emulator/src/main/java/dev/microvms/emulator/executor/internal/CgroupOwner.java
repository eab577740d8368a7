package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM that owns a directory of cgroups: {@code <pid namespace>-<pid>-<start time>}, such as {@code
 * 4026531836-4711-98765}. The start time (in clock ticks since boot, from {@code /proc/<pid>/stat}) tells
 * a live owner from a later process that got the same pid; the namespace keeps owners in other PID
 * namespaces (containers sharing the host's hierarchy) out of the comparison.
 *
 * @param namespace the inode of the owner's PID namespace
 * @param pid the owner's pid in that namespace
 * @param startTime the owner's start time
 */
record CgroupOwner(long namespace, long pid, long startTime) {
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");
    private static final Pattern NAMESPACE_LINK = Pattern.compile("pid:\\[(\\d+)]");

    /** @return this JVM, or empty where {@code /proc} does not tell its namespace and start time */
    static Optional<CgroupOwner> current() {
        long pid = ProcessHandle.current().pid();
        OptionalLong namespace = namespaceOf(pid);
        OptionalLong start = startTime(pid);
        if (namespace.isEmpty() || start.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CgroupOwner(namespace.getAsLong(), pid, start.getAsLong()));
    }

    /** @return the owner a directory name stands for, or empty for a name of another form */
    static Optional<CgroupOwner> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CgroupOwner(
                    Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return the directory name */
    String name() {
        return namespace + "-" + pid + "-" + startTime;
    }

    /**
     * @param self the owner asking, for its PID namespace
     * @return true when this owner is known to be gone: it lived in {@code self}'s PID namespace and no
     *     process with its pid and start time is there now. An owner of another namespace is never gone.
     */
    boolean isGoneSeenFrom(CgroupOwner self) {
        if (namespace != self.namespace) {
            return false;
        }
        OptionalLong now = startTime(pid);
        return now.isEmpty() || now.getAsLong() != startTime;
    }

    private static OptionalLong namespaceOf(long pid) {
        Optional<String> link = ProcFs.namespace(pid, "pid");
        if (link.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = NAMESPACE_LINK.matcher(link.get());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Field 22 of {@code /proc/<pid>/stat}, counted after the command name, which may hold spaces. */
    static OptionalLong startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            if (end < 0) {
                return OptionalLong.empty();
            }
            String[] fields = stat.substring(end + 2).trim().split(" ");
            // fields[0] is field 3 (the state), so field 22 is fields[19].
            return fields.length > 19 ? OptionalLong.of(Long.parseLong(fields[19])) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
