package dev.microvms.cli.internal;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Makes commands, handing this run's context to those whose constructor takes one. */
public final class ContextFactory implements IFactory {
    private final CliContext context;

    /** @param context this run's context */
    public ContextFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                return type.cast(c.newInstance(context));
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}
