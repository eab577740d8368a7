package dev.microvms.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A call in the AWS query protocol, which IAM and STS speak: {@code Action}, {@code Version} and the
 * members as form fields of the body (or of the query string, which the protocol allows too). Lists are
 * {@code Name.member.N}, structures in lists {@code Name.member.N.Field}, from 1.
 */
public final class QueryRequest {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Map<String, String> parameters;

    private QueryRequest(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /**
     * Reads the parameters of a call: the query string's, then the form body's (which win).
     *
     * @param call the call
     * @return its parameters
     */
    public static QueryRequest of(HttpCall call) {
        Map<String, String> parameters = new LinkedHashMap<>();
        call.query().forEach((name, values) -> parameters.put(name, values.get(0)));
        if (isForm(call)) {
            parse(new String(call.body(), StandardCharsets.UTF_8), parameters);
        }
        return new QueryRequest(parameters);
    }

    /**
     * @param call a call
     * @param version an API version, such as {@code 2011-06-15} for STS
     * @return true when the call is a query-protocol call of that version (for calls whose signature names
     *     no service)
     */
    public static boolean isVersion(HttpCall call, String version) {
        return call.method().equals("POST") && isForm(call) && version.equals(of(call).get("Version"));
    }

    private static boolean isForm(HttpCall call) {
        String type = call.header("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    /** @return the action, such as {@code GetCallerIdentity}, or null */
    public @Nullable String action() {
        return get("Action");
    }

    /** @return a parameter's value, or null when it is absent */
    public @Nullable String get(String name) {
        return parameters.get(name);
    }

    /** @return a list member's items, {@code name.member.1}, {@code name.member.2}, ... */
    public List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (int i = 1; parameters.containsKey(name + ".member." + i); i++) {
            items.add(parameters.get(name + ".member." + i));
        }
        return items;
    }

    /** @return a list of structures' fields, {@code name.member.N.field}, for each N from 1 */
    public List<Map<String, String>> structures(String name) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> fields = new LinkedHashMap<>();
            parameters.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    fields.put(key.substring(prefix.length()), value);
                }
            });
            if (fields.isEmpty()) {
                return items;
            }
            items.add(fields);
        }
    }

    private static void parse(String form, Map<String, String> into) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }
}
