/** Running MicroVMs: the runtime behind the control plane, which starts, suspends, resumes and ends them. */
@NullMarked
package dev.microvms.emulator.runtime;

import org.jspecify.annotations.NullMarked;
