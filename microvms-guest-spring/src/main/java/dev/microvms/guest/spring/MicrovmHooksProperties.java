package dev.microvms.guest.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hook listener's settings, {@code microvms.hooks.*}.
 *
 * @param enabled whether to start the listener; false in an app that serves the hooks itself
 * @param port the port: the image's {@code hooks.port} (in microvm.yml), 9000 by convention
 * @param bindAddress the address to bind, 0.0.0.0 as the platform's contract asks; 127.0.0.1 in tests
 */
@ConfigurationProperties("microvms.hooks")
public record MicrovmHooksProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("9000") int port,
        @DefaultValue("0.0.0.0") String bindAddress) {}
