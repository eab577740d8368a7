package dev.microvms.client.internal;

import dev.microvms.client.exception.InvalidRequestException;
import dev.microvms.model.Logging;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.schema.Shape;
import dev.microvms.model.schema.Validator;
import dev.microvms.model.schema.Violation;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.Location;
import dev.microvms.model.wire.MemberBinding;
import dev.microvms.model.wire.OperationBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Refuses, before anything is sent, what the service refuses, and only that: what the service model
 * constrains (required members, lengths counted as the model counts them, ranges, patterns, enum values),
 * and the few rules the live service is recorded enforcing beyond its model (a slash-form image ARN, which
 * it answers with a misleading AccessDeniedException; CloudWatch logging without an execution role). Each
 * message names the member and the value and says how to fix it.
 */
public final class RequestChecks {
    private static final String ARN_EXAMPLE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app";
    private static final Map<Class<?>, OperationBinding<?, ?>> BY_INPUT = new HashMap<>();

    /** What to do about a broken constraint, by member name or by the model's shape name. */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("ImageName", "Use letters, digits, '-' and '_', such as 'my-app'."),
            Map.entry("RoleArn", "It must look like arn:aws:iam::123456789012:role/my-role."),
            Map.entry("TaggableResource", "Use the resource's ARN, such as " + ARN_EXAMPLE + "."),
            Map.entry("maxResults", "Use a value in that range, or the paginator, which fetches every page for you."),
            Map.entry("maximumDurationInSeconds", "Leave it out for the 8-hour default."),
            Map.entry(
                    "runHookPayload",
                    "Send less, or send a reference (such as an S3 key) and fetch the data in the run hook."),
            Map.entry("expirationInMinutes", "Mint a new token when it runs out."),
            Map.entry("allowedPorts", "Give at least one, such as AllowedPort.port(8080) or AllowedPort.allPorts()."),
            Map.entry(
                    "maxIdleDurationSeconds", "The service suspends a MicroVM after a minute of quiet at the soonest."),
            Map.entry("suspendedDurationSeconds", "Use 0 to terminate as soon as it is suspended."),
            Map.entry("clientToken", "Leave it out and the client makes one."));

    static {
        Bindings.ALL.forEach(op -> BY_INPUT.put(op.inputType(), op));
    }

    private RequestChecks() {}

    /**
     * Checks a request of any operation.
     *
     * @param request the request
     * @throws InvalidRequestException when the service would refuse it
     */
    public static void check(Object request) {
        OperationBinding<?, ?> operation = BY_INPUT.get(request.getClass());
        if (operation == null) {
            throw new IllegalArgumentException(request.getClass().getName() + " is not a request of the API");
        }
        checkUnchecked(operation, request);
    }

    @SuppressWarnings("unchecked")
    private static <I> void checkUnchecked(OperationBinding<I, ?> operation, Object request) {
        check(operation, (I) request);
    }

    /**
     * Checks a request.
     *
     * @param operation the request's operation
     * @param request the request
     * @param <I> the request type
     * @throws InvalidRequestException when the service would refuse it
     */
    public static <I> void check(OperationBinding<I, ?> operation, I request) {
        for (MemberBinding<I> m : operation.members()) {
            if (m.location() != Location.BODY
                    && m.required()
                    && m.toText(request).isEmpty()) {
                throw new InvalidRequestException(missingOnTheWire(operation, m));
            }
            Object value = m.get(request);
            if (value instanceof String text && text.startsWith("arn:")) {
                slashForm(m.name(), text);
            }
        }
        List<Violation> violations = Validator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(describe(operation, violations.get(0))
                    + (violations.size() > 1
                            ? " (" + (violations.size() - 1) + " more: "
                                    + String.join(
                                            "; ",
                                            violations.subList(1, violations.size()).stream()
                                                    .map(Violation::message)
                                                    .toList())
                                    + ")"
                            : ""));
        }
        if (request instanceof RunMicrovmRequest r
                && r.logging() instanceof Logging.CloudWatch
                && r.executionRoleArn() == null) {
            // Recorded live: "Logging cannot be enabled without providing executionRoleArn".
            throw new InvalidRequestException("logging sends logs to CloudWatch, which needs executionRoleArn: set"
                    + " an execution role that may write to the log group, or use Logging.disabled().");
        }
    }

    private static String missingOnTheWire(OperationBinding<?, ?> operation, MemberBinding<?> m) {
        String where =
                switch (m.location()) {
                    case URI -> "the request's path";
                    case QUERY -> "the query string";
                    case HEADER -> "a header";
                    case BODY -> "the body";
                };
        return m.name() + " is missing from " + operation.name() + "; it goes in " + where
                + ", so the request cannot be sent without it. Set it on the request builder.";
    }

    /** The service answers a slash-form image ARN with AccessDeniedException, which hides the mistake. */
    private static void slashForm(String member, String arn) {
        int slash = arn.indexOf(":microvm-image/");
        if (slash >= 0) {
            String fixed =
                    arn.substring(0, slash) + ":microvm-image:" + arn.substring(slash + ":microvm-image/".length());
            throw new InvalidRequestException(member + " '" + arn + "' is a slash-form ARN, which the service refuses"
                    + " with AccessDeniedException; use the colon form " + fixed + ".");
        }
    }

    private static String describe(OperationBinding<?, ?> operation, Violation v) {
        Shape shape = v.shape();
        String value = v.sensitive() ? "(not shown)" : v.value() == null ? "null" : Violation.text(v.value());
        String sentence =
                switch (v.kind()) {
                    case REQUIRED -> operation.name() + " needs " + v.path() + "; set it on the request builder.";
                    case MIN_LENGTH, MAX_LENGTH -> length(v, shape, value);
                    case PATTERN ->
                        v.path() + " '" + value + "' does not match " + shape.pattern()
                                + ", which the service requires"
                                + (v.requirement().startsWith("Map") ? " of " + mapPart(v) : "")
                                + ".";
                    case ENUM ->
                        v.path() + " is " + value + ", which the service does not accept: use one of "
                                + shape.enumValues() + ".";
                    case MIN_VALUE, MAX_VALUE ->
                        v.path() + " is " + value + "; the service accepts " + range(shape) + ".";
                    case UNION -> v.path() + " has no member set that this version knows; set exactly one.";
                };
        String hint = hint(v);
        return hint == null ? sentence : sentence + " " + hint;
    }

    private static String length(Violation v, Shape shape, String value) {
        if (v.requirement().startsWith("Map")) {
            return v.path() + " has the " + mapPart(v) + " '" + value + "' of " + v.actual()
                    + " characters; the service accepts " + range(shape) + " characters.";
        }
        return switch (shape.type()) {
            case LIST -> v.path() + " has " + v.actual() + " items; the service accepts " + range(shape) + ".";
            case MAP -> v.path() + " has " + v.actual() + " entries; the service accepts " + range(shape) + ".";
            default ->
                v.path() + (v.sensitive() ? "" : " '" + abbreviate(value) + "'") + " is " + v.actual()
                        + " characters long (in code points, as the service counts them); the service accepts "
                        + range(shape) + ".";
        };
    }

    private static String mapPart(Violation v) {
        return v.requirement().startsWith("Map keys") ? "key" : "value";
    }

    private static String range(Shape shape) {
        if (shape.min() != null && shape.max() != null) {
            return shape.min() + "-" + shape.max();
        }
        return shape.min() != null ? "at least " + shape.min() : "at most " + shape.max();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static @Nullable String hint(Violation v) {
        String member = v.path().substring(v.path().lastIndexOf('.') + 1);
        String byMember = HINTS.get(member);
        return byMember != null ? byMember : HINTS.get(v.shape().name());
    }
}
