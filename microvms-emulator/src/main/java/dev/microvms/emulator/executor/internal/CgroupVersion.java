package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** The two kernel freezers, told apart by their control files. */
enum CgroupVersion {
    /** cgroup v2: {@code cgroup.freeze}, {@code cgroup.events} and {@code cgroup.kill}. */
    V2("cgroup v2 freezer") {
        @Override
        void freeze(Path dir) throws IOException {
            write(dir.resolve("cgroup.freeze"), "1");
            if (!Poll.until(() -> event(dir, "frozen").equals("1"), TIMEOUT)) {
                write(dir.resolve("cgroup.freeze"), "0");
                throw new IOException("The cgroup v2 freezer did not freeze " + dir + " within " + TIMEOUT.toSeconds()
                        + " s (a process may be in an uninterruptible wait); thawed it again");
            }
        }

        @Override
        void thaw(Path dir) throws IOException {
            write(dir.resolve("cgroup.freeze"), "0");
            if (!Poll.until(() -> event(dir, "frozen").equals("0"), TIMEOUT)) {
                throw new IOException("The cgroup v2 freezer did not thaw " + dir + " within " + TIMEOUT.toSeconds()
                        + " s; check " + dir.resolve("cgroup.events"));
            }
        }

        @Override
        void kill(Path dir) throws IOException {
            Path kill = dir.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                write(kill, "1");
            } else {
                // Before Linux 5.14: SIGKILL reaches frozen tasks in v2, and frozen ones cannot fork meanwhile.
                write(dir.resolve("cgroup.freeze"), "1");
                pids(dir).forEach(CgroupVersion::sigkill);
                write(dir.resolve("cgroup.freeze"), "0");
            }
            awaitEmpty(dir);
        }

        @Override
        boolean populated(Path dir) throws IOException {
            return event(dir, "populated").equals("1");
        }

        @Override
        String controlFile() {
            return "cgroup.freeze";
        }
    },

    /** cgroup v1: the freezer controller's {@code freezer.state}. */
    V1("cgroup v1 freezer") {
        @Override
        void freeze(Path dir) throws IOException {
            Path state = dir.resolve("freezer.state");
            write(state, "FROZEN");
            // FREEZING is transient; writing FROZEN again retries the tasks that were busy.
            boolean frozen = Poll.until(
                    () -> {
                        String now = Files.readString(state).trim();
                        if (now.equals("FREEZING")) {
                            write(state, "FROZEN");
                        }
                        return now.equals("FROZEN");
                    },
                    TIMEOUT);
            if (!frozen) {
                write(state, "THAWED");
                throw new IOException("The cgroup v1 freezer did not freeze " + dir + " within " + TIMEOUT.toSeconds()
                        + " s; thawed it again");
            }
        }

        @Override
        void thaw(Path dir) throws IOException {
            Path state = dir.resolve("freezer.state");
            write(state, "THAWED");
            if (!Poll.until(() -> Files.readString(state).trim().equals("THAWED"), TIMEOUT)) {
                throw new IOException("The cgroup v1 freezer did not thaw " + dir + " within " + TIMEOUT.toSeconds()
                        + " s; check " + state);
            }
        }

        @Override
        void kill(Path dir) throws IOException {
            Path state = dir.resolve("freezer.state");
            write(state, "FROZEN");
            pids(dir).forEach(CgroupVersion::sigkill);
            // v1 frozen tasks only act on SIGKILL once thawed.
            write(state, "THAWED");
            awaitEmpty(dir);
        }

        @Override
        boolean populated(Path dir) throws IOException {
            return !pids(dir).isEmpty();
        }

        @Override
        String controlFile() {
            return "freezer.state";
        }
    };

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String description;

    CgroupVersion(String description) {
        this.description = description;
    }

    /** @return a name for messages, such as {@code cgroup v2 freezer} */
    String description() {
        return description;
    }

    abstract void freeze(Path dir) throws IOException;

    abstract void thaw(Path dir) throws IOException;

    /** Kills every task of the cgroup and waits until it is empty. */
    abstract void kill(Path dir) throws IOException;

    abstract boolean populated(Path dir) throws IOException;

    /** @return the file that must exist in a child cgroup for this freezer to work */
    abstract String controlFile();

    static Set<Long> pids(Path dir) throws IOException {
        Set<Long> pids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    static void write(Path file, String value) throws IOException {
        // No CREATE or TRUNCATE: these are kernel control files.
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    }

    final void awaitEmpty(Path dir) throws IOException {
        if (!Poll.until(() -> !populated(dir), TIMEOUT)) {
            throw new IOException("Processes " + pids(dir) + " of " + dir + " were still there " + TIMEOUT.toSeconds()
                    + " s after SIGKILL");
        }
    }

    private static String event(Path dir, String key) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("cgroup.events"))) {
            if (line.startsWith(key + " ")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new IOException("No '" + key + "' in " + dir.resolve("cgroup.events"));
    }

    private static void sigkill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
