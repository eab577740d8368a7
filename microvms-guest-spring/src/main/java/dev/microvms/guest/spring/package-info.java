/**
 * The MicroVM hook listener in a Spring Boot app: {@link dev.microvms.guest.spring.MicrovmGuestAutoConfiguration}
 * starts it, and {@link dev.microvms.guest.spring.MicrovmLifecycle} beans do the app's work for each hook.
 */
package dev.microvms.guest.spring;
