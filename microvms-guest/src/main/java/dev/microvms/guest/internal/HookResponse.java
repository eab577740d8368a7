package dev.microvms.guest.internal;

/**
 * What the listener answers: an HTTP status and a short plain-text body (empty for 200).
 *
 * @param status the HTTP status
 * @param body the text body, empty for none
 */
public record HookResponse(int status, String body) {

    /** Done. */
    public static final HookResponse OK = new HookResponse(200, "");

    private static final int MAX_ERROR_MESSAGE = 400;

    /** For ready and validate: not yet, ask again. */
    public static HookResponse notYet(String why) {
        return new HookResponse(503, why);
    }

    /** The request itself is wrong (for example a run body that is not JSON). */
    public static HookResponse badRequest(String why) {
        return new HookResponse(400, why);
    }

    /** The app's handler threw: names the hook and the error, kept short and on one line. */
    public static HookResponse failed(Hook hook, Throwable error) {
        String message = error.getMessage();
        String text = hook.wireName() + " hook failed: " + error.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + message);
        text = text.replace('\r', ' ').replace('\n', ' ');
        if (text.length() > MAX_ERROR_MESSAGE) {
            text = text.substring(0, MAX_ERROR_MESSAGE) + "...";
        }
        return new HookResponse(500, text);
    }
}
