package dev.microvms.emulator.hooks;

/**
 * A hook's failure in the words of a stateReason: what it answered (the start of its body: the guest
 * library answers a failed handler with the exception), or how long it was waited for and what was seen.
 */
public final class HookFailures {
    /** The most of a hook's answer that goes into a reason. */
    static final int BODY_CHARS = 400;

    private HookFailures() {}

    /**
     * @param label how the hook is named, such as {@code Run lifecycle hook} (a MicroVM) or {@code Ready
     *     hook} (a build), as the service names them
     * @param outcome how the call ended
     * @param port the hooks port
     * @return such as {@code Run lifecycle hook returned HTTP status 500. It answered: run hook failed: ...}
     */
    public static String describe(String label, HookClient.Outcome outcome, int port) {
        if (outcome instanceof HookClient.Answered answered) {
            return label + " returned HTTP status " + answered.status() + "." + answer(" It answered: ", answered);
        }
        if (outcome instanceof HookClient.TimedOut timedOut) {
            return label + " invocation timed out after " + Evidence.words(timedOut.after()) + "."
                    + (timedOut.last() == null ? "" : answer(" It kept answering 503: ", timedOut.last()));
        }
        HookClient.Unreachable unreachable = (HookClient.Unreachable) outcome;
        return label + " invocation timed out after " + Evidence.words(unreachable.after())
                + ": nothing answered on the hooks port " + port + " (" + Evidence.oneLine(unreachable.error(), 200)
                + "). The app must listen on port " + port + " (hooks.port) on 0.0.0.0.";
    }

    private static String answer(String lead, HookClient.Answered answered) {
        String body = Evidence.oneLine(answered.body(), BODY_CHARS);
        return body.isEmpty() ? "" : lead + body + (body.endsWith(".") ? "" : ".");
    }
}
