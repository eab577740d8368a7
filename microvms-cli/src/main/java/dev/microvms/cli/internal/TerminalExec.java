package dev.microvms.cli.internal;

import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.ShellSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code exec -t}: a command on the shell's terminal, interactively, and its exit code. The first line
 * typed turns echo off, prints a marker, reads the command line, restores the terminal, runs the command
 * and prints its exit code after another marker; everything before the first marker and the markers
 * themselves are kept off the user's screen.
 */
public final class TerminalExec {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TerminalExec() {}

    /**
     * @param vm the MicroVM
     * @param request the command, its environment and working directory
     * @param context where the terminal's output goes and keystrokes come from
     * @return the command's exit code
     */
    public static int run(Microvm vm, ExecRequest request, CliContext context) throws Exception {
        String nonce = "t" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        String line = commandLine(request);
        try (ShellSession shell = vm.shell();
                Terminal terminal = Terminal.raw()) {
            terminal.size().ifPresent(size -> shell.resize(size[0], size[1]));
            MarkerFilter screen = new MarkerFilter(nonce, context.rawOut());
            Thread output = new Thread(() -> screen.copy(shell.output()), "exec-tty-output");
            output.setDaemon(true);
            output.start();
            shell.write(" stty -echo; printf '%s%s\\n' '@MVX' ':" + nonce + ":up'; IFS= read -r l; stty sane;"
                    + " eval \"$l\"; printf '%s%s %s\\n' '@MVX' ':" + nonce + ":exit' \"$?\"; exit\n");
            screen.up().get(60, TimeUnit.SECONDS);
            shell.write(line + "\n");
            Thread input = new Thread(() -> copyInput(context.in(), shell, screen), "exec-tty-input");
            input.setDaemon(true);
            input.start();
            CompletableFuture<Integer> exit = screen.exit();
            var unused = shell.exit().whenComplete((e, t) -> exit.complete(-1));
            int code = exit.get();
            output.join(TimeUnit.SECONDS.toMillis(2));
            if (code < 0) {
                context.err().println("The shell closed before the command's exit code came back.");
                return 255;
            }
            return code;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The shell of " + vm.id() + " did not start the command: " + e, e);
        }
    }

    /** The command as one line for the shell: no shell of its own, as exec without -t. */
    static String commandLine(ExecRequest request) {
        List<String> words = new ArrayList<>();
        request.workingDirectory().ifPresent(d -> {
            words.add("cd");
            words.add(quote(d));
            words.add("&&");
        });
        words.add("env");
        words.add("--");
        request.environment().forEach((k, v) -> words.add(quote(k + "=" + v)));
        for (String a : request.argv()) {
            words.add(quote(a));
        }
        return String.join(" ", words);
    }

    private static String quote(String s) {
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new UsageException("exec -t types the command on the terminal, which cannot carry a control"
                        + " character such as a newline in an argument; drop -t for that one.");
            }
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void copyInput(InputStream in, ShellSession shell, MarkerFilter screen) {
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0 && !screen.exit().isDone(); n = in.read(buffer)) {
                shell.write(Arrays.copyOf(buffer, n));
            }
        } catch (IOException | RuntimeException e) {
            // The shell closed or the input broke: the exit code still comes, or the close does.
        }
    }

    /** Passes the terminal's output through, without what comes before the first marker and the markers. */
    static final class MarkerFilter {
        private final byte[] up;
        private final byte[] exit;
        private final OutputStream out;
        private final CompletableFuture<Void> upSeen = new CompletableFuture<>();
        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        private byte[] pending = new byte[0];

        MarkerFilter(String nonce, OutputStream out) {
            this.up = ("@MVX:" + nonce + ":up").getBytes(StandardCharsets.US_ASCII);
            this.exit = ("@MVX:" + nonce + ":exit ").getBytes(StandardCharsets.US_ASCII);
            this.out = out;
        }

        CompletableFuture<Void> up() {
            return upSeen;
        }

        CompletableFuture<Integer> exit() {
            return exitCode;
        }

        void copy(InputStream from) {
            byte[] buffer = new byte[8192];
            try (from) {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    accept(Arrays.copyOf(buffer, n));
                }
            } catch (IOException e) {
                // the shell closed
            }
        }

        /** Takes a chunk of output. */
        synchronized void accept(byte[] chunk) throws IOException {
            if (exitCode.isDone()) {
                return;
            }
            byte[] all = Arrays.copyOf(pending, pending.length + chunk.length);
            System.arraycopy(chunk, 0, all, pending.length, chunk.length);
            if (!upSeen.isDone()) {
                int at = indexOf(all, up, 0);
                int newline = at < 0 ? -1 : indexOf(all, new byte[] {'\n'}, at);
                if (newline < 0) {
                    pending = all.length > 4096 ? Arrays.copyOfRange(all, all.length - up.length, all.length) : all;
                    return;
                }
                upSeen.complete(null);
                all = Arrays.copyOfRange(all, newline + 1, all.length);
            }
            int at = indexOf(all, exit, 0);
            if (at >= 0) {
                int newline = indexOf(all, new byte[] {'\n'}, at);
                if (newline < 0) {
                    write(all, at);
                    pending = Arrays.copyOfRange(all, at, all.length);
                    return;
                }
                write(all, at);
                String code =
                        new String(all, at + exit.length, newline - at - exit.length, StandardCharsets.US_ASCII).trim();
                pending = new byte[0];
                try {
                    exitCode.complete(Integer.parseInt(code));
                } catch (NumberFormatException e) {
                    exitCode.complete(255);
                }
                return;
            }
            int keep = heldBack(all);
            write(all, all.length - keep);
            pending = Arrays.copyOfRange(all, all.length - keep, all.length);
        }

        /** How many bytes at the end could be the start of the exit marker. */
        private int heldBack(byte[] all) {
            for (int keep = Math.min(exit.length - 1, all.length); keep > 0; keep--) {
                boolean prefix = true;
                for (int i = 0; i < keep; i++) {
                    if (all[all.length - keep + i] != exit[i]) {
                        prefix = false;
                        break;
                    }
                }
                if (prefix) {
                    return keep;
                }
            }
            return 0;
        }

        private void write(byte[] bytes, int length) throws IOException {
            if (length > 0) {
                out.write(bytes, 0, length);
                out.flush();
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
