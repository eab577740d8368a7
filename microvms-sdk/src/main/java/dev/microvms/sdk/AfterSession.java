package dev.microvms.sdk;

/** What a {@link MicrovmsSession} does with its MicroVM when it closes. */
public enum AfterSession {
    /** Leave it as it is, running; you pay for it until it idles out or you terminate it. */
    KEEP,
    /** Suspend it, keeping its memory, so a later session can resume it with {@link Microvms#resumeSession}. */
    SUSPEND,
    /** Terminate it. The default. */
    TERMINATE
}
