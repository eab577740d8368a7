package dev.microvms.guest.spring;

import dev.microvms.guest.MicrovmGuest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Starts the MicroVM's hook listener ({@link MicrovmGuest}) in a Spring Boot app: on {@code
 * microvms.hooks.port} (9000), while the context starts, so that {@code ready} answers 503 until the
 * application is ready and 200 from its {@link ApplicationReadyEvent} on; the hooks call every {@link
 * MicrovmLifecycle} bean. Closed with the context. An app that defines its own {@link MicrovmGuest} bean, or
 * sets {@code microvms.hooks.enabled=false}, keeps its own.
 */
@AutoConfiguration
@ConditionalOnClass(MicrovmGuest.class)
@ConditionalOnProperty(prefix = "microvms.hooks", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MicrovmHooksProperties.class)
public class MicrovmGuestAutoConfiguration {
    /**
     * The listener, bound at once; the handlers are looked up on each call, so that they may depend on it.
     *
     * @param properties the port and address
     * @param handlers the app's lifecycle beans
     * @return the started listener
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MicrovmGuest microvmGuest(MicrovmHooksProperties properties, ObjectProvider<MicrovmLifecycle> handlers) {
        return MicrovmGuest.builder()
                .port(properties.port())
                .bindAddress(properties.bindAddress())
                .onRun(run -> {
                    for (MicrovmLifecycle h : handlers.orderedStream().toList()) {
                        h.onRun(run);
                    }
                })
                .onResume(() -> {
                    for (MicrovmLifecycle h : handlers.orderedStream().toList()) {
                        h.onResume();
                    }
                })
                .onSuspend(() -> {
                    for (MicrovmLifecycle h : handlers.orderedStream().toList()) {
                        h.onSuspend();
                    }
                })
                .onTerminate(() -> {
                    for (MicrovmLifecycle h : handlers.orderedStream().toList()) {
                        h.onTerminate();
                    }
                })
                .onValidate(() -> handlers.orderedStream().allMatch(MicrovmLifecycle::onValidate))
                .start();
    }

    /**
     * Marks the listener ready when the application is: the platform snapshots the app after that.
     *
     * @param guest the listener
     * @return the listener for {@link ApplicationReadyEvent}
     */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> microvmGuestReadiness(MicrovmGuest guest) {
        return event -> guest.markReady();
    }
}
