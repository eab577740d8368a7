package dev.microvms.client;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.Logging;
import dev.microvms.model.schema.MemberShape;
import dev.microvms.model.schema.Shape;
import dev.microvms.model.schema.Shapes;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes values of the model with every member set to a value the model's constraints accept, from the
 * shapes themselves: the least length or value they allow, a known-good value where a pattern rules, the
 * first enum value. A request made here passes the client's checks, so tests can send every member of
 * every operation.
 */
final class Samples {
    static final String IMAGE_ARN = "arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app";

    /** Values for the model's string shapes that carry a pattern. */
    private static final Map<String, String> PATTERNED = Map.ofEntries(
            Map.entry("ImageName", "my-app"),
            Map.entry("RoleArn", "arn:aws:iam::123456789012:role/build"),
            Map.entry("TaggableResource", IMAGE_ARN),
            Map.entry("MicrovmImageArn", IMAGE_ARN),
            Map.entry("CloudWatchLoggingLogGroupString", "/microvms/my-app"),
            Map.entry("CloudWatchLoggingLogStreamString", "stream-1"),
            Map.entry("TagKey", "team"),
            Map.entry("TagValue", "blue"),
            Map.entry("EnvironmentVariableKey", "GREETING"),
            Map.entry("AuthTokenKey", "X-aws-proxy-auth"));

    private Samples() {}

    /**
     * Makes a value of a structure of the model.
     *
     * @param type the structure's record
     * @param <T> the type
     * @return the value, every member set
     */
    static <T> T of(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Shape shape = Shapes.of(type);
        if (shape == null && components.length > 0) {
            throw new AssertionError(type + " has no shape");
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            MemberShape member = shape.member(components[i].getName());
            if (member == null) {
                throw new AssertionError(type.getSimpleName() + "." + components[i].getName() + " has no member shape");
            }
            values[i] = value(member.targetShape(), components[i].getType(), components[i].getName());
            types[i] = components[i].getType();
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a " + type.getSimpleName(), e);
        }
    }

    private static Object value(Shape shape, Class<?> javaType, String member) {
        return switch (shape.type()) {
            case STRING -> shape.isEnum() ? enumValue(shape) : string(shape, member);
            case INTEGER -> (int) number(shape);
            case LONG -> number(shape);
            case BOOLEAN -> Boolean.TRUE;
            case TIMESTAMP -> Instant.ofEpochSecond(1_785_369_600L, 250_000_000);
            case LIST -> List.of(value(Shapes.named(shape.listMember()), Object.class, member));
            case MAP ->
                Map.of(
                        (String) value(Shapes.named(shape.mapKey()), String.class, member),
                        value(Shapes.named(shape.mapValue()), Object.class, member));
            case UNION -> union(shape);
            case STRUCTURE -> of(shape.javaType());
        };
    }

    private static Object enumValue(Shape shape) {
        Class<?> type = shape.javaType();
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(shape.enumValues().get(0))) {
                return constant;
            }
        }
        throw new AssertionError("no constant " + shape.enumValues().get(0) + " in " + type);
    }

    private static String string(Shape shape, String member) {
        String known = PATTERNED.get(shape.name());
        if (known != null) {
            return known;
        }
        if (shape.pattern() != null && !shape.pattern().equals("[^\\s]+")) {
            throw new AssertionError("no sample for the pattern of " + shape.name() + "; add one to Samples");
        }
        String text = member + "-1";
        if (shape.max() != null && text.length() > shape.max()) {
            text = text.substring(0, shape.max().intValue());
        }
        return text;
    }

    private static long number(Shape shape) {
        long value = shape.min() != null ? Math.max(shape.min(), 1) : 1;
        if (shape.name().equals("PortNumber") || shape.name().equals("HooksPortInteger")) {
            value = 8080;
        }
        return shape.max() != null ? Math.min(value, shape.max()) : value;
    }

    private static Object union(Shape shape) {
        Class<?> type = shape.javaType();
        if (type == AllowedPort.class) {
            return AllowedPort.range(8000, 8100);
        }
        if (type == Logging.class) {
            return Logging.cloudWatch("/microvms/my-app", "stream-1");
        }
        if (type == CodeArtifact.class) {
            return CodeArtifact.uri("s3://bucket/app.zip");
        }
        throw new AssertionError("no sample for the union " + type + "; add one to Samples");
    }
}
