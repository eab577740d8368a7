package dev.microvms.model.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A shape of the service model with its constraints, as the model states them: for a string its length
 * (in Unicode code points) and pattern or enum values; for a number its range; for a list or map its size
 * and the shapes of its elements; for a structure or union its members and which are required.
 *
 * <pre>{@code
 * Shape name = Shapes.named("ImageName");
 * name.min();       // 1
 * name.max();       // 64
 * name.pattern();   // [a-zA-Z0-9-_]+ (the whole value must match)
 * }</pre>
 */
public final class Shape {
    private final String name;
    private final ShapeType type;
    private final @Nullable Long min;
    private final @Nullable Long max;
    private final @Nullable String pattern;
    private final @Nullable Pattern compiled;
    private final List<String> enumValues;
    private final boolean sensitive;
    private final List<MemberShape> members;
    private final @Nullable String member;
    private final @Nullable String key;
    private final @Nullable String value;
    private final @Nullable Class<?> javaType;

    private Shape(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.min = b.min;
        this.max = b.max;
        this.pattern = b.pattern;
        this.compiled = b.pattern == null ? null : Pattern.compile(b.pattern);
        this.enumValues = List.copyOf(b.enumValues);
        this.sensitive = b.sensitive;
        this.members = List.copyOf(b.members);
        this.member = b.member;
        this.key = b.key;
        this.value = b.value;
        this.javaType = b.javaType;
    }

    /** @return the shape's name in the model */
    public String name() {
        return name;
    }

    /** @return the kind of shape */
    public ShapeType type() {
        return type;
    }

    /** @return the least length, size or value, or null for none */
    public @Nullable Long min() {
        return min;
    }

    /** @return the greatest length, size or value, or null for none */
    public @Nullable Long max() {
        return max;
    }

    /** @return the regular expression the whole of a string must match, or null for none */
    public @Nullable String pattern() {
        return pattern;
    }

    /** @return {@link #pattern()} compiled */
    public @Nullable Pattern compiledPattern() {
        return compiled;
    }

    /** @return the values an enum allows, empty when the shape is not an enum */
    public List<String> enumValues() {
        return enumValues;
    }

    /** @return whether the shape is an enum */
    public boolean isEnum() {
        return !enumValues.isEmpty();
    }

    /** @return whether values of the shape are sensitive, never to be logged or echoed */
    public boolean sensitive() {
        return sensitive;
    }

    /** @return a structure's or union's members, in the model's order */
    public List<MemberShape> members() {
        return members;
    }

    /**
     * Returns a member of a structure or union.
     *
     * @param javaName the member's Java name
     * @return the member, or null when there is none of that name
     */
    public @Nullable MemberShape member(String javaName) {
        for (MemberShape m : members) {
            if (m.name().equals(javaName)) {
                return m;
            }
        }
        return null;
    }

    /** @return the name of a list's element shape, or null */
    public @Nullable String listMember() {
        return member;
    }

    /** @return the name of a map's key shape, or null */
    public @Nullable String mapKey() {
        return key;
    }

    /** @return the name of a map's value shape, or null */
    public @Nullable String mapValue() {
        return value;
    }

    /** @return the Java type of a structure, union or enum, or null for other shapes */
    public @Nullable Class<?> javaType() {
        return javaType;
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }

    static Builder builder(String name, ShapeType type) {
        return new Builder(name, type);
    }

    /** Collects a {@link Shape}; the generated {@link Shapes} use it. */
    static final class Builder {
        private final String name;
        private final ShapeType type;
        private @Nullable Long min;
        private @Nullable Long max;
        private @Nullable String pattern;
        private List<String> enumValues = List.of();
        private boolean sensitive;
        private final List<MemberShape> members = new ArrayList<>();
        private @Nullable String member;
        private @Nullable String key;
        private @Nullable String value;
        private @Nullable Class<?> javaType;

        private Builder(String name, ShapeType type) {
            this.name = name;
            this.type = type;
        }

        Builder min(long min) {
            this.min = min;
            return this;
        }

        Builder max(long max) {
            this.max = max;
            return this;
        }

        Builder pattern(String pattern) {
            this.pattern = pattern;
            return this;
        }

        Builder enumValues(String... values) {
            this.enumValues = List.of(values);
            return this;
        }

        Builder sensitive() {
            this.sensitive = true;
            return this;
        }

        Builder javaType(Class<?> javaType) {
            this.javaType = javaType;
            return this;
        }

        Builder listOf(String member) {
            this.member = member;
            return this;
        }

        Builder mapOf(String key, String value) {
            this.key = key;
            this.value = value;
            return this;
        }

        Builder member(
                String name,
                String modelName,
                String target,
                boolean required,
                Function<Object, @Nullable Object> get) {
            members.add(new MemberShape(name, modelName, target, required, get));
            return this;
        }

        Shape build() {
            return new Shape(this);
        }
    }
}
