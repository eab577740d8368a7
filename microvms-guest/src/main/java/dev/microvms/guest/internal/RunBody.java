package dev.microvms.guest.internal;

import dev.microvms.guest.RunContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code run} hook's body, {@code {"microvmId":"microvm-...","runHookPayload":"<string>"}}, and
 * unwraps the payload from the JSON string the platform puts it in.
 */
public final class RunBody {
    private RunBody() {}

    /**
     * Reads a run body.
     *
     * @throws IllegalArgumentException with a message that says what is wrong with the body
     */
    public static RunContext parse(byte[] body) {
        Object json;
        try {
            json = JsonReader.parse(decodeUtf8(body));
        } catch (MalformedJsonException e) {
            throw new IllegalArgumentException("the run hook body is not valid JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map)) {
            throw new IllegalArgumentException("the run hook body must be a JSON object like "
                    + "{\"microvmId\":\"microvm-...\",\"runHookPayload\":\"...\"}, but it is " + describe(json));
        }
        Map<?, ?> members = (Map<?, ?>) json;
        Object microvmId = members.get("microvmId");
        if (!(microvmId instanceof String) || ((String) microvmId).isBlank()) {
            throw new IllegalArgumentException(
                    "the run hook body must have a non-empty string \"microvmId\", but it is " + describe(microvmId));
        }
        Object payload = members.get("runHookPayload");
        if (payload != null && !(payload instanceof String)) {
            throw new IllegalArgumentException("\"runHookPayload\" must be a JSON string (the platform sends the"
                    + " payload wrapped as a string), but it is " + describe(payload));
        }
        return new RunContext((String) microvmId, (String) payload);
    }

    private static String decodeUtf8(byte[] body) {
        try {
            // Strict decoding: a replacement character silently changing the payload would be worse than a 400.
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the run hook body is not valid UTF-8", e);
        }
    }

    private static String describe(@Nullable Object value) {
        if (value == null) {
            return "missing or null";
        } else if (value instanceof Map) {
            return "a JSON object";
        } else if (value instanceof List) {
            return "a JSON array";
        } else if (value instanceof String) {
            return "an empty string";
        } else if (value instanceof Boolean) {
            return "a JSON boolean";
        }
        return "a JSON number";
    }
}
