package dev.microvms.emulator.core.dockerfile;

import java.util.regex.Pattern;

/** Turns Docker's path patterns into regular expressions over paths with {@code /} separators. */
final class PathPatterns {

    private PathPatterns() {}

    /**
     * Compiles one segment of a COPY source with Go's {@code filepath.Match} rules: {@code *} is any run of
     * characters other than {@code /}, {@code ?} one such character, {@code [...]} a class, {@code \} quotes
     * the next character. {@code **} is not special: it matches like {@code *}, within one segment.
     */
    static Pattern segment(String glob) {
        return Pattern.compile(translate(glob, false));
    }

    /**
     * Compiles a .dockerignore pattern with the rules of Docker's pattern matcher: as {@link #segment}, plus
     * {@code **} matching any number of directories.
     */
    static Pattern dockerignore(String pattern) {
        return Pattern.compile(translate(pattern, true));
    }

    /** Tells whether a COPY source has wildcards, so that a missing match is told apart from a missing file. */
    static boolean hasWildcard(String path) {
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '*' || ch == '?' || ch == '[') {
                return true;
            }
        }
        return false;
    }

    private static String translate(String glob, boolean doubleStar) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char ch = glob.charAt(i++);
            if (ch == '*') {
                if (doubleStar && i < glob.length() && glob.charAt(i) == '*') {
                    i++;
                    if (i < glob.length() && glob.charAt(i) == '/') {
                        i++;
                    }
                    regex.append(i == glob.length() ? ".*" : "(.*/)?");
                } else {
                    regex.append("[^/]*");
                }
            } else if (ch == '?') {
                regex.append("[^/]");
            } else if (ch == '[') {
                int close = classEnd(glob, i);
                if (close < 0) {
                    regex.append("\\[");
                } else {
                    String body = glob.substring(i, close);
                    if (body.startsWith("^") || body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    regex.append('[').append(body.replace("[", "\\[")).append(']');
                    i = close + 1;
                }
            } else if (ch == '\\' && i < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(i++))));
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return regex.toString();
    }

    private static int classEnd(String glob, int from) {
        int i = from;
        if (i < glob.length() && (glob.charAt(i) == '^' || glob.charAt(i) == '!')) {
            i++;
        }
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++;
        }
        while (i < glob.length()) {
            if (glob.charAt(i) == '\\') {
                i += 2;
                continue;
            }
            if (glob.charAt(i) == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }
}
