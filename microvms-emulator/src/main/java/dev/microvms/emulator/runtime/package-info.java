/** Running MicroVMs: the lifecycle hooks, the runtime behind the control plane, and the endpoint proxy. */
@NullMarked
package dev.microvms.emulator.runtime;

import org.jspecify.annotations.NullMarked;
