package dev.microvms.emulator.hooks;

import dev.microvms.emulator.executor.internal.LogTail;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The evidence a failure reason carries: the last lines an app wrote, made safe to show (one line, no
 * control characters or terminal escapes, bounded), and durations in words rather than ISO-8601.
 */
public final class Evidence {
    /** At most this many lines of output go into a reason. */
    static final int LINES = 5;
    /** A longer line is cut. */
    static final int LINE_CHARS = 240;
    /** A reason carries at most this much output in all, its end kept. */
    static final int TOTAL_CHARS = 1000;

    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
    private static final Pattern CONTROLS = Pattern.compile("[[\\p{Cntrl}\\p{Cf}]&&[^\n]]");
    /** Java stack frames say where, not what: the exception's own line says what. */
    private static final Pattern STACK_FRAME =
            Pattern.compile("\\s*(at \\S+\\(.*\\)|\\.\\.\\. \\d+ (more|common frames omitted))");

    private Evidence() {}

    /**
     * The end of what an app wrote: its stderr, or its stdout when it wrote nothing to stderr (a Spring
     * Boot app logs its failure to stdout).
     *
     * @param stderr the app's standard error file
     * @param stdout its standard output file, or null
     * @return such as {@code  The end of its stderr: Exception in thread "main" ...}, with a leading space,
     *     or an empty string when it wrote nothing
     */
    public static String tail(Path stderr, @Nullable Path stdout) {
        String lines = lastLines(stderr);
        String stream = "stderr";
        if (lines.isEmpty() && stdout != null) {
            lines = lastLines(stdout);
            stream = "stdout";
        }
        return lines.isEmpty() ? "" : " The end of its " + stream + ": " + lines + (lines.endsWith(".") ? "" : ".");
    }

    /**
     * @param text any text, such as a hook's answer
     * @param max the most characters kept
     * @return the text on one line, without control characters or terminal escapes, cut at {@code max}
     */
    public static String oneLine(String text, int max) {
        String clean = CONTROLS.matcher(ESCAPES.matcher(text).replaceAll(""))
                .replaceAll(" ")
                .replace('\n', ' ')
                .replaceAll(" {2,}", " ")
                .strip();
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }

    /** @return such as {@code 60 s}, {@code 1.5 s} or {@code 500 ms} */
    public static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String lastLines(Path file) {
        String text;
        try {
            text = LogTail.read(file, 0, 200);
        } catch (IOException e) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n")) {
            String clean = oneLine(line, LINE_CHARS);
            if (!clean.isEmpty() && !STACK_FRAME.matcher(clean).matches()) {
                kept.add(clean);
            }
        }
        String joined = String.join(" | ", kept.subList(Math.max(0, kept.size() - LINES), kept.size()));
        return joined.length() <= TOTAL_CHARS ? joined : "..." + joined.substring(joined.length() - TOTAL_CHARS);
    }
}
