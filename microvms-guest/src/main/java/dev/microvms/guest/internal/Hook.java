package dev.microvms.guest.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The six hooks of the guest contract, with the path the platform POSTs each to. */
public enum Hook {
    READY,
    VALIDATE,
    RUN,
    RESUME,
    SUSPEND,
    TERMINATE;

    /** The fixed part of every hook's path; the hook's name follows it. */
    public static final String PATH_PREFIX = "/aws/lambda-microvms/runtime/v1/";

    private static final Hook[] ALL = values();

    /** The hook's name as it appears in the path, for example {@code suspend}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The hook a request path names, or {@code null} when the path is not one of the six hooks. */
    public static @Nullable Hook fromPath(String path) {
        if (!path.startsWith(PATH_PREFIX)) {
            return null;
        }
        String name = path.substring(PATH_PREFIX.length());
        for (Hook hook : ALL) {
            if (hook.wireName().equals(name)) {
                return hook;
            }
        }
        return null;
    }

    /** The six names, comma separated, for messages that list what is accepted. */
    public static String wireNames() {
        StringBuilder names = new StringBuilder();
        for (Hook hook : ALL) {
            names.append(names.length() == 0 ? "" : ", ").append(hook.wireName());
        }
        return names.toString();
    }
}
