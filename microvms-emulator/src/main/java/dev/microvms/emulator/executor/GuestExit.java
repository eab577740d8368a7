package dev.microvms.emulator.executor;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a MicroVM's app ended: the exit code of its top process and, when the executor knows it, why.
 *
 * @param code the exit code; 128 + N when signal N ended the process
 * @param cause what ended it, in words for a stateReason (such as {@code it used more memory than its limit of
 *     2048 MiB}), or null when the executor knows nothing beyond the code
 */
public record GuestExit(int code, @Nullable String cause) {
    private static final Map<Integer, String> SIGNALS =
            Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /**
     * @param code the exit code
     * @return an exit known only by its code
     */
    public static GuestExit of(int code) {
        return new GuestExit(code, null);
    }

    /** @return such as {@code exited with code 1}, {@code exited with code 137 (killed by SIGKILL)} */
    public String describe() {
        String signal = code > 128 ? SIGNALS.get(code - 128) : null;
        String how = "exited with code " + code + (signal == null ? "" : " (killed by " + signal + ")");
        return cause == null ? how : how + ": " + cause;
    }
}
