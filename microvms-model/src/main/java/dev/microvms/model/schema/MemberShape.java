package dev.microvms.model.schema;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A member of a structure or union: its names, the shape whose constraints its value must meet, and
 * whether the model requires it.
 */
public final class MemberShape {
    private final String name;
    private final String modelName;
    private final String target;
    private final boolean required;
    private final Function<Object, @Nullable Object> getter;

    MemberShape(
            String name, String modelName, String target, boolean required, Function<Object, @Nullable Object> getter) {
        this.name = name;
        this.modelName = modelName;
        this.target = target;
        this.required = required;
        this.getter = getter;
    }

    /** @return the member's name in Java, which is also how the service names it in its messages */
    public String name() {
        return name;
    }

    /** @return the member's name in the model, such as {@code Tags} */
    public String modelName() {
        return modelName;
    }

    /** @return the name of the shape its value must satisfy */
    public String target() {
        return target;
    }

    /** @return the target shape */
    public Shape targetShape() {
        return Shapes.named(target);
    }

    /** @return whether the model requires the member */
    public boolean required() {
        return required;
    }

    /**
     * Returns the member of a value; for a union, the member's value when it is the one set, else null.
     *
     * @param value a structure or union of the member's type
     * @return the member's value, or null when it is not set
     */
    public @Nullable Object get(Object value) {
        return getter.apply(value);
    }

    @Override
    public String toString() {
        return name + " -> " + target + (required ? " (required)" : "");
    }
}
