package dev.microvms.emulator.api;

import dev.microvms.emulator.http.HttpCall;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads the region and the service name from a SigV4 {@code Authorization} header's credential scope. */
public final class SigV4Scope {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");

    private SigV4Scope() {}

    /** @return the region the call was signed for, else the fallback */
    public static String region(HttpCall call, String fallback) {
        Matcher m = match(call);
        return m == null ? fallback : m.group(1);
    }

    /** @return the service the call was signed for, such as {@code lambda} or {@code s3}, or null */
    public static @Nullable String service(HttpCall call) {
        Matcher m = match(call);
        return m == null ? null : m.group(2);
    }

    private static @Nullable Matcher match(HttpCall call) {
        String authorization = call.header("Authorization");
        if (authorization == null) {
            return null;
        }
        Matcher m = SCOPE.matcher(authorization);
        return m.find() ? m : null;
    }
}
