/**
 * The emulator's domain: resources, state machines, validation in the service's words, builds and timers,
 * with time injected. No HTTP and no JSON: the emulator module puts these on the wire.
 */
@NullMarked
package dev.microvms.emulator.core;

import org.jspecify.annotations.NullMarked;
