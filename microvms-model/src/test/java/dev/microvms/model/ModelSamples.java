package dev.microvms.model;

import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.OperationBinding;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the model's types from the operations and makes values of them with every member set, each to a
 * value that differs from its neighbours' so that a member wired to the wrong place shows. Collections
 * are made mutable, so that tests can check that the value does not share them.
 */
final class ModelSamples {
    private ModelSamples() {}

    /** @return every record and enum reachable from the 24 operations' requests and responses */
    static Set<Class<?>> types() {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (OperationBinding<?, ?> operation : Bindings.ALL) {
            collect(operation.inputType(), found);
            collect(operation.outputType(), found);
        }
        return found;
    }

    /** @return the records of {@link #types()} */
    static List<Class<?>> records() {
        return types().stream().filter(Class::isRecord).toList();
    }

    /** @return the enums of {@link #types()} */
    static List<Class<?>> enums() {
        return types().stream().filter(Class::isEnum).toList();
    }

    /**
     * Makes a value of a record through its canonical constructor.
     *
     * @param type the record
     * @param salt varies the values, so that two calls with different salts give different values
     * @return the value
     */
    static Object record(Class<?> type, int salt) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = sample(components[i].getGenericType(), components[i].getName(), salt * 100 + i);
        }
        return construct(type, values);
    }

    static Object construct(Class<?> type, Object[] values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + type.getSimpleName(), e);
        }
    }

    static Object sample(Type type, String name, int salt) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw == List.class) {
                return new ArrayList<>(List.of(sample(p.getActualTypeArguments()[0], name, salt)));
            }
            if (raw == Map.class) {
                return new HashMap<>(Map.of(name + "-key", name + "-" + salt));
            }
        } else if (type instanceof Class<?> c) {
            if (c == String.class) {
                return name + "-" + salt;
            } else if (c == Integer.class) {
                return 1000 + salt;
            } else if (c == Long.class) {
                return 1_000_000L + salt;
            } else if (c == Boolean.class) {
                return salt % 2 == 0;
            } else if (c == Instant.class) {
                return Instant.ofEpochSecond(1_785_369_600L + salt, 123_456_000);
            } else if (c == Logging.class) {
                return Logging.cloudWatch("/microvms/" + name, "stream-" + salt);
            } else if (c == CodeArtifact.class) {
                return CodeArtifact.uri("s3://bucket/" + name + "-" + salt + ".zip");
            } else if (c == AllowedPort.class) {
                return AllowedPort.range(8000 + salt, 9000 + salt);
            } else if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                // The last constant is UNKNOWN_TO_SDK_VERSION; pick among the others.
                return constants[salt % (constants.length - 1)];
            } else if (c.isRecord()) {
                return record(c, salt);
            }
        }
        throw new AssertionError("no sample for " + type + " (member " + name + "); add one to ModelSamples");
    }

    /** Calls the builder setter that takes exactly the member's declared type. */
    static void set(Object builder, RecordComponent component, Object value) {
        try {
            Method setter = builder.getClass().getMethod(component.getName(), component.getType());
            setter.invoke(builder, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no builder setter " + component.getName() + "(" + component.getType() + ")", e);
        }
    }

    static Object invoke(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(target.getClass().getSimpleName() + "." + method + "()", e);
        }
    }

    static Object invokeStatic(Class<?> type, String method) {
        try {
            return type.getMethod(method).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getSimpleName() + "." + method + "()", e);
        }
    }

    static Object get(Object value, RecordComponent component) {
        try {
            return component.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(component.getName(), e);
        }
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, found);
            }
        } else if (type instanceof Class<?> c
                && c.getPackageName().equals(ModelSamples.class.getPackageName())
                && (c.isRecord() || c.isEnum())
                && found.add(c)
                && c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                collect(component.getGenericType(), found);
            }
        }
    }
}
