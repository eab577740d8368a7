package dev.microvms.model.wire;

import dev.microvms.model.schema.ShapeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where one member of a request travels and under which name: a label of the path, a query parameter, a
 * header or a member of the JSON body. Members outside the body can be read from and written to text,
 * as they travel.
 *
 * <pre>{@code
 * MemberBinding<ListMicrovmsRequest> max = Bindings.LIST_MICROVMS.member("maxResults");
 * ListMicrovmsRequest r = max.with(request, max.fromText(List.of("10")));   // maxResults = 10
 * }</pre>
 *
 * @param <T> the request type
 */
public final class MemberBinding<T> {
    private final String name;
    private final String modelName;
    private final String wireName;
    private final Location location;
    private final String shape;
    private final ShapeType type;
    private final @Nullable ShapeType elementType;
    private final boolean required;
    private final boolean idempotencyToken;
    private final Function<T, @Nullable Object> getter;
    private final BiFunction<T, @Nullable Object, T> setter;
    private final @Nullable Function<String, Object> enumParser;

    MemberBinding(
            String name,
            String modelName,
            String wireName,
            Location location,
            String shape,
            ShapeType type,
            @Nullable ShapeType elementType,
            boolean required,
            boolean idempotencyToken,
            Function<T, @Nullable Object> getter,
            BiFunction<T, @Nullable Object, T> setter,
            @Nullable Function<String, Object> enumParser) {
        this.name = name;
        this.modelName = modelName;
        this.wireName = wireName;
        this.location = location;
        this.shape = shape;
        this.type = type;
        this.elementType = elementType;
        this.required = required;
        this.idempotencyToken = idempotencyToken;
        this.getter = getter;
        this.setter = setter;
        this.enumParser = enumParser;
    }

    /** @return the member's name in Java, such as {@code resource} */
    public String name() {
        return name;
    }

    /** @return the member's name in the model, such as {@code Resource} */
    public String modelName() {
        return modelName;
    }

    /**
     * Returns the member's name where it travels: the label ({@code {Resource}}), the query parameter
     * ({@code tagKeys}), the header, or the key in the JSON body ({@code Tags}).
     *
     * @return the name on the wire
     */
    public String wireName() {
        return wireName;
    }

    /** @return where the member travels */
    public Location location() {
        return location;
    }

    /** @return the name of the member's target shape in the model, whose constraints apply */
    public String shape() {
        return shape;
    }

    /** @return the kind of the member's value; an enum is a {@link ShapeType#STRING} */
    public ShapeType type() {
        return type;
    }

    /** @return the kind of a list's elements, or null for a member that is not a list */
    public @Nullable ShapeType elementType() {
        return elementType;
    }

    /** @return whether the model requires the member */
    public boolean required() {
        return required;
    }

    /** @return whether the member is an idempotency token, which the client fills when absent */
    public boolean idempotencyToken() {
        return idempotencyToken;
    }

    /**
     * Returns the member of a request.
     *
     * @param request the request
     * @return the member's value, or null when it is not set
     */
    public @Nullable Object get(T request) {
        return getter.apply(request);
    }

    /**
     * Returns a copy of a request with this member set.
     *
     * @param request the request
     * @param value the member's value, of its Java type ({@link #fromText} makes one from text)
     * @return the copy
     * @throws ClassCastException when the value is not of the member's Java type
     */
    public T with(T request, @Nullable Object value) {
        return setter.apply(request, value);
    }

    /**
     * Returns the member's value as it travels in a label, the query or a header: one text per value,
     * several for a list.
     *
     * @param request the request
     * @return the texts, empty when the member is not set
     */
    public List<String> toText(T request) {
        Object value = getter.apply(request);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> texts = new ArrayList<>(list.size());
            list.forEach(element -> texts.add(text(element)));
            return texts;
        }
        return List.of(text(value));
    }

    private static String text(Object value) {
        return value instanceof Enum<?> e ? e.name() : value.toString();
    }

    /**
     * Reads the member's value from the texts it travelled as.
     *
     * @param texts the label's, query parameter's or header's values; several only for a list
     * @return the value of the member's Java type, or null for no text
     * @throws IllegalArgumentException when a text is not of the member's type, such as {@code ten} for a
     *     number; the message names the member and the value
     */
    public @Nullable Object fromText(List<String> texts) {
        if (texts.isEmpty()) {
            return null;
        }
        if (type == ShapeType.LIST) {
            List<Object> values = new ArrayList<>(texts.size());
            for (String text : texts) {
                values.add(scalar(Objects.requireNonNull(elementType, "elementType"), text));
            }
            return List.copyOf(values);
        }
        return scalar(type, texts.get(0));
    }

    private Object scalar(ShapeType kind, String text) {
        try {
            return switch (kind) {
                case STRING -> enumParser != null ? enumParser.apply(text) : text;
                case INTEGER -> Integer.valueOf(text.trim());
                case LONG -> Long.valueOf(text.trim());
                case BOOLEAN -> booleanOf(text);
                default ->
                    throw new IllegalArgumentException(name + " is a " + kind + ", which does not travel as text");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Value '" + text + "' at '" + name + "' is not a number", e);
        }
    }

    private Boolean booleanOf(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException("Value '" + text + "' at '" + name + "' is not true or false");
    }

    @Override
    public String toString() {
        return name + " (" + location + " " + wireName + ")";
    }

    /**
     * Starts describing a member; the generated {@code Bindings} use it.
     *
     * @param name the Java name
     * @param modelName the model's name
     * @param wireName the name on the wire
     * @param location where it travels
     * @param shape the target shape's name
     * @param type the kind of value
     * @param getter reads it from a request
     * @param setter copies a request with it set
     * @param <T> the request type
     * @return the builder
     */
    static <T> Builder<T> builder(
            String name,
            String modelName,
            String wireName,
            Location location,
            String shape,
            ShapeType type,
            Function<T, @Nullable Object> getter,
            BiFunction<T, @Nullable Object, T> setter) {
        return new Builder<>(name, modelName, wireName, location, shape, type, getter, setter);
    }

    /** Collects the optional parts of a {@link MemberBinding}. */
    static final class Builder<T> {
        private final String name;
        private final String modelName;
        private final String wireName;
        private final Location location;
        private final String shape;
        private final ShapeType type;
        private final Function<T, @Nullable Object> getter;
        private final BiFunction<T, @Nullable Object, T> setter;
        private @Nullable ShapeType elementType;
        private boolean required;
        private boolean idempotencyToken;
        private @Nullable Function<String, Object> enumParser;

        private Builder(
                String name,
                String modelName,
                String wireName,
                Location location,
                String shape,
                ShapeType type,
                Function<T, @Nullable Object> getter,
                BiFunction<T, @Nullable Object, T> setter) {
            this.name = name;
            this.modelName = modelName;
            this.wireName = wireName;
            this.location = location;
            this.shape = shape;
            this.type = type;
            this.getter = getter;
            this.setter = setter;
        }

        Builder<T> required() {
            this.required = true;
            return this;
        }

        Builder<T> idempotencyToken() {
            this.idempotencyToken = true;
            return this;
        }

        Builder<T> elements(ShapeType elementType) {
            this.elementType = elementType;
            return this;
        }

        Builder<T> enumParser(Function<String, Object> enumParser) {
            this.enumParser = enumParser;
            return this;
        }

        MemberBinding<T> build() {
            return new MemberBinding<>(
                    name,
                    modelName,
                    wireName,
                    location,
                    shape,
                    type,
                    elementType,
                    required,
                    idempotencyToken,
                    getter,
                    setter,
                    enumParser);
        }
    }
}
