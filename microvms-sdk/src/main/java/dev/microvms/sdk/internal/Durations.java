package dev.microvms.sdk.internal;

import java.time.Duration;

/** Writes durations the way people read them in messages: {@code 850ms}, {@code 12s}, {@code 2m 5s}. */
public final class Durations {
    private Durations() {}

    /**
     * Formats a duration.
     *
     * @param d the duration
     * @return the text
     */
    public static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append("h ");
        }
        if (h > 0 || m > 0) {
            out.append(m).append("m ");
        }
        return out.append(s).append('s').toString().replace(" 0s", "").trim();
    }
}
