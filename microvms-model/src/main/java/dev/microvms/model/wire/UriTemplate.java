package dev.microvms.model.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An operation's URI template, such as {@code /2025-09-09/microvms/{microvmIdentifier}/suspend}: the
 * client expands it with a request's labels, the emulator matches request paths against it.
 *
 * <p>Labels are percent-encoded the way the AWS SDKs encode them: everything but the unreserved characters
 * ({@code A-Z a-z 0-9 - _ . ~}), so that an ARN's colons and slashes stay inside one segment. A greedy label
 * ({@code {Key+}}) keeps its slashes.
 */
public final class UriTemplate {
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['~'] = true;
    }

    /** A segment between two slashes: literal text, or a label. */
    private record Segment(String text, boolean label, boolean greedy) {}

    private final String template;
    private final List<Segment> segments;
    private final List<String> labels;

    private UriTemplate(String template, List<Segment> segments) {
        this.template = template;
        this.segments = segments;
        this.labels =
                segments.stream().filter(Segment::label).map(Segment::text).toList();
    }

    /**
     * Parses a template.
     *
     * @param template such as {@code /2025-09-09/microvm-images/{imageIdentifier}}
     * @return the template
     * @throws IllegalArgumentException when it does not start with a slash or a label is malformed
     */
    public static UriTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a URI template starts with '/': " + template);
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : template.substring(1).split("/", -1)) {
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean greedy = part.endsWith("+}");
                segments.add(new Segment(part.substring(1, part.length() - (greedy ? 2 : 1)), true, greedy));
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException("a label must be a whole segment: " + template);
            } else {
                segments.add(new Segment(part, false, false));
            }
        }
        return new UriTemplate(template, List.copyOf(segments));
    }

    /** @return the template as the model writes it */
    public String template() {
        return template;
    }

    /** @return the names of the labels, in order */
    public List<String> labels() {
        return labels;
    }

    /**
     * Expands the template.
     *
     * @param label the value of each label by name, unencoded
     * @return the path, labels encoded
     * @throws IllegalArgumentException when a label has no value or an empty one
     */
    public String expand(Function<String, @Nullable String> label) {
        StringBuilder path = new StringBuilder(template.length() + 64);
        for (Segment segment : segments) {
            path.append('/');
            if (!segment.label()) {
                path.append(segment.text());
                continue;
            }
            String value = label.apply(segment.text());
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the label " + segment.text() + " has no value");
            }
            encode(value, segment.greedy(), path);
        }
        return path.toString();
    }

    /**
     * Matches a request's path.
     *
     * @param rawPath the path as it came, still percent-encoded, without the query
     * @return the labels, decoded, by name; null when the path is not this template's
     */
    public @Nullable Map<String, String> match(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        Map<String, String> found = new LinkedHashMap<>();
        int p = 0;
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            if (p >= parts.length) {
                return null;
            }
            if (!segment.label()) {
                if (!segment.text().equals(parts[p++])) {
                    return null;
                }
                continue;
            }
            if (segment.greedy()) {
                int rest = segments.size() - s - 1;
                int end = parts.length - rest;
                if (end <= p) {
                    return null;
                }
                found.put(segment.text(), decode(String.join("/", List.of(parts).subList(p, end))));
                p = end;
            } else {
                if (parts[p].isEmpty()) {
                    return null;
                }
                found.put(segment.text(), decode(parts[p++]));
            }
        }
        return p == parts.length ? Collections.unmodifiableMap(found) : null;
    }

    /**
     * Percent-encodes text as the AWS SDKs encode labels and query values.
     *
     * @param value the text
     * @return the encoded text
     */
    public static String encode(String value) {
        StringBuilder s = new StringBuilder(value.length() + 16);
        encode(value, false, s);
        return s.toString();
    }

    /**
     * Percent-encodes text into a builder.
     *
     * @param value the text
     * @param keepSlashes whether {@code /} stays as it is (greedy labels)
     * @param out where the encoded text goes
     */
    public static void encode(String value, boolean keepSlashes, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && (UNRESERVED[c] || keepSlashes && c == '/')) {
                out.append(c);
            } else if (c < 128) {
                escape(c, out);
            } else {
                int codePoint = value.codePointAt(i);
                if (Character.charCount(codePoint) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    escape(b & 0xff, out);
                }
            }
        }
    }

    private static void escape(int b, StringBuilder out) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    /**
     * Decodes percent-encoding ({@code +} stays a plus, as in a path).
     *
     * @param encoded the text
     * @return the decoded text
     * @throws IllegalArgumentException when an escape is malformed
     */
    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("a malformed escape in " + encoded);
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a malformed escape in " + encoded);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                int codePoint = encoded.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return template;
    }
}
