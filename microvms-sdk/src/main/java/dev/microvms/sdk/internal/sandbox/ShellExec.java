package dev.microvms.sdk.internal.sandbox;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.ExecException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command over a {@link ShellChannel}: the {@code x} request starts it in the background of the
 * framing shell; its stdout and stderr come back as {@code O1} and {@code O2} records, its exit code as
 * {@code X}. Stdin, when there is one, is sent by a thread of its own in base64 chunks ({@code i}, then
 * {@code c} to close it). The timeout kills the whole session, which takes the command with it.
 */
final class ShellExec {
    private static final Logger LOG = LoggerFactory.getLogger(ShellExec.class);
    /** Raw bytes of stdin per chunk at most: whatever the stream has at once, as a pipe gives it. */
    private static final int STDIN_CHUNK = 48 * 1024;

    private final ShellChannel channel;
    private final String microvmId;
    private final ExecRequest request;
    private final int seq;
    private final BlockingQueue<Boolean> gates = new LinkedBlockingQueue<>();
    private volatile boolean finished;
    private volatile boolean stdinClosed;
    private volatile @Nullable Throwable stdinFailure;

    private ShellExec(ShellChannel channel, String microvmId, ExecRequest request) {
        this.channel = channel;
        this.microvmId = microvmId;
        this.request = request;
        this.seq = channel.nextSeq();
    }

    /**
     * Runs the command; the channel is poisoned unless it ends cleanly.
     *
     * @return the exit code
     */
    static int run(ShellChannel channel, String microvmId, ExecRequest request, ExecListener listener) {
        return new ShellExec(channel, microvmId, request).run(listener);
    }

    private int run(ExecListener listener) {
        channel.send(startRequest());
        Thread pump = null;
        if (request.hasStdin()) {
            pump = new Thread(this::pumpStdin, "microvms-exec-stdin-" + microvmId);
            pump.setDaemon(true);
            pump.start();
        }
        boolean clean = false;
        try (Watchdog watchdog = Watchdog.start(request.timeout().orElse(null), channel::abort)) {
            int exit = readUntilExit(listener, watchdog);
            clean = !request.hasStdin() || stdinClosed;
            return exit;
        } finally {
            finished = true;
            if (pump != null) {
                pump.interrupt();
            }
            if (!clean) {
                channel.poison();
            }
        }
    }

    private ShellRequest startRequest() {
        List<String> argv = new ArrayList<>(request.argv());
        String name = request.shellLine().isPresent() ? "" : argv.get(0);
        Map<String, String> env = request.environment();
        if (!env.isEmpty() && name.indexOf('=') >= 0 && name.indexOf('/') < 0) {
            // env(1) would take the program's name for a variable: let sh exec it by name instead.
            argv.addAll(0, List.of("/bin/sh", "-c", "exec \"$0\" \"$@\""));
        }
        List<String> envAndCommand = new ArrayList<>();
        env.forEach((k, v) -> envAndCommand.add(k + "=" + v));
        envAndCommand.addAll(argv);
        return channel.request("x", seq)
                .arg(request.hasStdin() ? "1" : "0")
                .arg(request.workingDirectory().orElse(""))
                .arg(env.getOrDefault("PATH", ""))
                .arg(name)
                .arg(env.size())
                .args(envAndCommand);
    }

    private int readUntilExit(ExecListener listener, Watchdog watchdog) {
        try {
            while (true) {
                ShellRecord r = channel.next();
                if (r.seq() != seq) {
                    LOG.debug("Record for request {} ignored while running request {}: {}", r.seq(), seq, r);
                    continue;
                }
                switch (r.type()) {
                    case "O1" -> listener.onStdout(r.decoded(0));
                    case "O2" -> listener.onStderr(r.decoded(0));
                    case "G" -> gates.add(Boolean.TRUE);
                    case "X" -> {
                        return Integer.parseInt(r.field(0));
                    }
                    case "NF" -> throw notRun(ExecException.Reason.COMMAND_NOT_FOUND);
                    case "ND" -> throw notRun(ExecException.Reason.WORKING_DIRECTORY_NOT_FOUND);
                    case "F" ->
                        throw new MicrovmsClientException("Could not start `" + request.describe() + "` in " + microvmId
                                + ": " + new String(r.decoded(1), StandardCharsets.UTF_8).strip());
                    default -> LOG.debug("Unexpected record while running a command: {}", r);
                }
            }
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw new ExecException(
                        ExecException.Reason.TIMED_OUT,
                        microvmId,
                        request.describe(),
                        null,
                        "`" + request.describe() + "` ran longer than its timeout of "
                                + Durations.format(request.timeout().orElseThrow()) + " in " + microvmId
                                + " and was killed.");
            }
            Throwable pumpError = stdinFailure;
            throw new MicrovmsClientException(
                    "The shell of " + microvmId + " closed while `" + request.describe() + "` was running (" + e
                            + (pumpError == null ? "" : "; sending stdin failed: " + pumpError)
                            + "); the command's exit code is unknown.",
                    e);
        }
    }

    private ExecException notRun(ExecException.Reason reason) {
        String message = reason == ExecException.Reason.COMMAND_NOT_FOUND
                ? "The command `" + request.command().get(0) + "` was not found in " + microvmId + ": it is not"
                        + " in the PATH there" + (request.command().get(0).contains("/") ? " (no such file)" : "")
                        + ". Give its full path, or install it in the image."
                : "The working directory " + request.workingDirectory().orElse("") + " does not exist in " + microvmId
                        + "; create it first (files().createDirectories) or give another one.";
        return new ExecException(reason, microvmId, request.describe(), null, message);
    }

    private void pumpStdin() {
        byte[] buffer = new byte[STDIN_CHUNK];
        try (InputStream in = request.openStdin()) {
            while (!finished) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                byte[] encoded = Base64.getEncoder().encode(java.util.Arrays.copyOf(buffer, n));
                channel.send(channel.request("i", seq).arg(encoded.length));
                if (!awaitGate()) {
                    return;
                }
                channel.data(encoded);
            }
            if (!finished) {
                channel.send(channel.request("c", seq));
                stdinClosed = true;
            }
        } catch (IOException | RuntimeException e) {
            if (!finished) {
                stdinFailure = e;
                LOG.debug("Sending stdin to `{}` failed", request.describe(), e);
                channel.abort();
            }
        }
    }

    private boolean awaitGate() {
        try {
            while (!finished) {
                if (gates.poll(100, TimeUnit.MILLISECONDS) != null) {
                    return true;
                }
                if (!channel.usable()) {
                    return false;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
