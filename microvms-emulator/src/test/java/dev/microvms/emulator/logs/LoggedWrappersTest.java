package dev.microvms.emulator.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.MicrovmRuntime;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wrappers that ship output to CloudWatch Logs stand between the control plane and the real builder
 * and runtime: a default method they do not override is swallowed there (the standbys of a retired version
 * stayed, RunMicrovm's endpoint was never opened), so each one must pass every method on.
 */
class LoggedWrappersTest {

    @Test
    void loggedRuntime_overridesEveryMethodOfTheRuntime() {
        assertThat(notOverridden(MicrovmRuntime.class, LoggedRuntime.class)).isEmpty();
    }

    @Test
    void loggedImageBuilder_overridesEveryMethodOfTheBuilder() {
        assertThat(notOverridden(ImageBuilder.class, LoggedImageBuilder.class)).isEmpty();
    }

    /** close() is the emulator's to call on the runtime it wrapped, so it is not required here. */
    private static List<String> notOverridden(Class<?> type, Class<?> wrapper) {
        return Arrays.stream(type.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.getName().equals("close"))
                .filter(m -> !declares(wrapper, m))
                .map(Method::getName)
                .toList();
    }

    private static boolean declares(Class<?> wrapper, Method method) {
        return Arrays.stream(wrapper.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals(method.getName())
                        && Arrays.equals(m.getParameterTypes(), method.getParameterTypes()));
    }
}
