package dev.microvms.sdk.internal.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * One answer of the framing shell: {@code @MVX:<nonce>:<seq> <type> <rest>}. Anything on the line before
 * the marker is noise (a program that wrote to the terminal itself) and is dropped.
 *
 * @param seq the request it answers; 0 for the session's own
 * @param type such as {@code X}, {@code O1}, {@code OK}, {@code F}
 * @param rest the fields after the type, or an empty string
 */
record ShellRecord(int seq, String type, String rest) {

    /**
     * @param line a line of output, without its newline
     * @param marker {@code @MVX:<nonce>:} as bytes
     * @return the record, or null when the line carries none
     */
    static @Nullable ShellRecord parse(byte[] line, byte[] marker) {
        int at = indexOf(line, marker);
        if (at < 0) {
            return null;
        }
        String text = new String(line, at + marker.length, line.length - at - marker.length, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        int seq;
        try {
            seq = Integer.parseInt(text.substring(0, space));
        } catch (NumberFormatException e) {
            return null;
        }
        String after = text.substring(space + 1);
        int next = after.indexOf(' ');
        return next < 0
                ? new ShellRecord(seq, after.trim(), "")
                : new ShellRecord(
                        seq, after.substring(0, next), after.substring(next + 1).trim());
    }

    /** @return the first field after the type */
    String field(int index) {
        String[] parts = rest.isEmpty() ? new String[0] : rest.split(" ");
        return index < parts.length ? parts[index] : "";
    }

    /** @return the field decoded from base64 */
    byte[] decoded(int index) {
        return Base64.getDecoder().decode(field(index));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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
