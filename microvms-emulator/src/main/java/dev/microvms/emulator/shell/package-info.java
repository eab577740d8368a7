/**
 * The shell of a MicroVM's endpoint: the service's WebSocket protocol for it (RFC 6455 server framing,
 * {@code session_init}, resize, close 1000 {@code shell exited}) over a real pseudo-terminal inside the
 * MicroVM. The endpoint proxy hands it each admitted shell handshake through
 * {@link dev.microvms.emulator.proxy.ShellUpgrade}.
 */
@NullMarked
package dev.microvms.emulator.shell;

import org.jspecify.annotations.NullMarked;
