package dev.microvms.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A command to run inside a MicroVM: a program with its arguments (no shell in between), or a line for
 * {@code /bin/sh -c}; with environment variables added to the MicroVM's own, a working directory, what to
 * give it on stdin, and a timeout.
 *
 * <pre>{@code
 * ExecRequest.of("ls", "-l", "/app");
 * ExecRequest.shell("ls /app | wc -l");
 * ExecRequest.builder()
 *         .command("python3", "job.py")
 *         .environment("MODE", "fast")
 *         .workingDirectory("/app")
 *         .stdin(Path.of("input.json"))
 *         .timeout(Duration.ofMinutes(2))
 *         .failOnNonZeroExit(true)
 *         .build();
 * }</pre>
 */
public final class ExecRequest {
    /** How much of stdout and of stderr a buffered {@link Sandbox#exec(ExecRequest)} keeps, unless told. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;

    private final List<String> command;
    private final @Nullable String shellLine;
    private final Map<String, String> environment;
    private final @Nullable String workingDirectory;
    private final @Nullable Supplier<InputStream> stdin;
    private final @Nullable Duration timeout;
    private final boolean failOnNonZeroExit;
    private final long maxOutputBytes;

    private ExecRequest(Builder b) {
        this.command = List.copyOf(b.command);
        this.shellLine = b.shellLine;
        this.environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.workingDirectory = b.workingDirectory;
        this.stdin = b.stdin;
        this.timeout = b.timeout;
        this.failOnNonZeroExit = b.failOnNonZeroExit;
        this.maxOutputBytes = b.maxOutputBytes;
    }

    /**
     * A program and its arguments, run without a shell.
     *
     * @param command the program (looked up in PATH unless it has a slash) and its arguments
     * @return the request
     */
    public static ExecRequest of(String... command) {
        return builder().command(command).build();
    }

    /**
     * A line for {@code /bin/sh -c}: pipes, redirections, variables.
     *
     * @param line the line
     * @return the request
     */
    public static ExecRequest shell(String line) {
        return builder().shell(line).build();
    }

    /** @return an empty builder: give it a command or a shell line */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this request */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.command = new ArrayList<>(command);
        b.shellLine = shellLine;
        b.environment = new LinkedHashMap<>(environment);
        b.workingDirectory = workingDirectory;
        b.stdin = stdin;
        b.timeout = timeout;
        b.failOnNonZeroExit = failOnNonZeroExit;
        b.maxOutputBytes = maxOutputBytes;
        return b;
    }

    /** @return the program and its arguments; empty for a shell line */
    public List<String> command() {
        return command;
    }

    /** @return the line for {@code /bin/sh -c}, when the request is one */
    public Optional<String> shellLine() {
        return Optional.ofNullable(shellLine);
    }

    /** @return what the process runs: the command, or {@code /bin/sh -c <line>} */
    public List<String> argv() {
        return shellLine == null ? command : List.of("/bin/sh", "-c", shellLine);
    }

    /** @return variables added to the MicroVM's environment */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return the working directory; empty for the MicroVM's (the image's WORKDIR on the emulator) */
    public Optional<String> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /** @return whether the process gets stdin from this request; without it, it reads an empty stdin */
    public boolean hasStdin() {
        return stdin != null;
    }

    /**
     * Opens the stdin to send.
     *
     * @return the stream, which the caller closes; empty when there is none
     */
    public InputStream openStdin() {
        return stdin == null ? InputStream.nullInputStream() : stdin.get();
    }

    /** @return how long the command may run before it is killed; empty for no limit */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return whether a non-zero exit code throws {@link ExecException} instead of being returned */
    public boolean failOnNonZeroExit() {
        return failOnNonZeroExit;
    }

    /** @return how many bytes of stdout, and of stderr, a buffered exec keeps before it fails */
    public long maxOutputBytes() {
        return maxOutputBytes;
    }

    /** @return the command as a person would type it, for messages */
    public String describe() {
        if (shellLine != null) {
            return shellLine;
        }
        StringBuilder out = new StringBuilder();
        for (String a : command) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(a.isEmpty() || !a.matches("[A-Za-z0-9_./:=@%+,-]+") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ExecRequest[" + describe() + "]";
    }

    /** Builds an {@link ExecRequest}. */
    public static final class Builder {
        private List<String> command = new ArrayList<>();
        private @Nullable String shellLine;
        private Map<String, String> environment = new LinkedHashMap<>();
        private @Nullable String workingDirectory;
        private @Nullable Supplier<InputStream> stdin;
        private @Nullable Duration timeout;
        private boolean failOnNonZeroExit;
        private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;

        private Builder() {}

        /**
         * @param command the program and its arguments; replaces a shell line
         * @return this builder
         */
        public Builder command(String... command) {
            return command(List.of(command));
        }

        /**
         * @param command the program and its arguments; replaces a shell line
         * @return this builder
         */
        public Builder command(List<String> command) {
            for (String a : command) {
                Objects.requireNonNull(a, "an argument of the command is null");
            }
            this.command = new ArrayList<>(command);
            this.shellLine = null;
            return this;
        }

        /**
         * @param line a line for {@code /bin/sh -c}; replaces a command
         * @return this builder
         */
        public Builder shell(String line) {
            this.shellLine = Objects.requireNonNull(line, "line == null");
            this.command = new ArrayList<>();
            return this;
        }

        /**
         * @param name a variable's name, without {@code =}
         * @param value its value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("The environment variable name '" + name
                        + "' is not possible: give a non-empty name without '=' or NUL, such as MODE.");
            }
            environment.put(name, Objects.requireNonNull(value, "the value of " + name + " is null"));
            return this;
        }

        /**
         * @param variables variables to add, each as by {@link #environment(String, String)}
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::environment);
            return this;
        }

        /**
         * @param directory the working directory; relative paths start from the MicroVM's own
         * @return this builder
         */
        public Builder workingDirectory(String directory) {
            this.workingDirectory = Objects.requireNonNull(directory, "directory == null");
            return this;
        }

        /**
         * @param bytes what the process reads on stdin
         * @return this builder
         */
        public Builder stdin(byte[] bytes) {
            byte[] copy = bytes.clone();
            this.stdin = () -> new java.io.ByteArrayInputStream(copy);
            return this;
        }

        /**
         * @param text what the process reads on stdin, as UTF-8
         * @return this builder
         */
        public Builder stdin(String text) {
            return stdin(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param file a local file whose bytes the process reads on stdin
         * @return this builder
         */
        public Builder stdin(Path file) {
            Objects.requireNonNull(file, "file == null");
            this.stdin = () -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file + " for the command's stdin: " + e, e);
                }
            };
            return this;
        }

        /**
         * Streams what the process reads on stdin, as it comes (such as {@code System.in}), until it ends.
         * The stream is read once; the caller closes it.
         *
         * @param stream the stream
         * @return this builder
         */
        public Builder stdin(InputStream stream) {
            Objects.requireNonNull(stream, "stream == null");
            this.stdin = () -> new java.io.FilterInputStream(stream) {
                @Override
                public void close() {
                    // the caller's stream: left open
                }
            };
            return this;
        }

        /**
         * @param timeout how long the command may run; then it is killed and {@link ExecException} is thrown
         *     with reason TIMED_OUT and what it wrote so far
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "The timeout " + timeout + " is not positive; give one such as" + " Duration.ofMinutes(2).");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param fail true to throw {@link ExecException} (reason NON_ZERO_EXIT) when the exit code is not 0;
         *     by default the exit code is returned in the result
         * @return this builder
         */
        public Builder failOnNonZeroExit(boolean fail) {
            this.failOnNonZeroExit = fail;
            return this;
        }

        /**
         * @param bytes how many bytes of stdout, and of stderr, a buffered exec keeps; more fails with reason
         *     OUTPUT_TOO_LARGE (stream large output with {@link Sandbox#exec(ExecRequest, ExecListener)})
         * @return this builder
         */
        public Builder maxOutputBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxOutputBytes is negative: " + bytes);
            }
            this.maxOutputBytes = bytes;
            return this;
        }

        /** @return the request */
        public ExecRequest build() {
            if (shellLine == null && command.isEmpty()) {
                throw new IllegalArgumentException("The request has no command: give one with command(\"ls\", \"-l\")"
                        + " or a line for /bin/sh with shell(\"ls | wc -l\").");
            }
            if (shellLine == null && command.get(0).isEmpty()) {
                throw new IllegalArgumentException(
                        "The command's program is an empty string; name a program, such" + " as ls or /usr/bin/env.");
            }
            for (String a : argvOf()) {
                if (a.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("An argument of the command contains a NUL byte, which no"
                            + " process can receive: " + a.replace('\0', '?'));
                }
            }
            return new ExecRequest(this);
        }

        private List<String> argvOf() {
            return shellLine == null ? command : List.of(shellLine);
        }
    }
}
