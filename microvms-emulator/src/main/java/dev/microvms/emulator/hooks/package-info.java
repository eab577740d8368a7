/** The lifecycle hooks: calls to an app's hook server on its hooks port, as the service makes them. */
@NullMarked
package dev.microvms.emulator.hooks;

import org.jspecify.annotations.NullMarked;
