package dev.microvms.emulator.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A digest of a request's parameters that is stable across runs (unlike {@code hashCode}, which is not
 * for enums), so that a reused client token can be told apart from a replay after a restart.
 */
final class Fingerprint {
    private Fingerprint() {}

    /** @return the digest of every record component but those named in {@code skip} */
    static String of(Record value, String... skip) {
        StringBuilder canonical = new StringBuilder();
        render(value, canonical, java.util.Set.of(skip));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void render(@Nullable Object value, StringBuilder out, java.util.Set<String> skip) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Record record) {
            out.append(record.getClass().getSimpleName()).append('{');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (skip.contains(component.getName())) {
                    continue;
                }
                out.append(component.getName()).append('=');
                try {
                    render(component.getAccessor().invoke(record), out, java.util.Set.of());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
                out.append(';');
            }
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            new TreeMap<>(map).forEach((k, v) -> {
                out.append(k).append('=');
                render(v, out, java.util.Set.of());
                out.append(';');
            });
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            list.forEach(item -> {
                render(item, out, java.util.Set.of());
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof Enum<?> e) {
            out.append(e.name());
        } else {
            out.append(value.getClass().getSimpleName()).append(':').append(value);
        }
    }
}
