/** The endpoint proxy: a MicroVM's listener, its admission of tokens and ports, the HTTP/1.1 and WebSocket relay to the app, and the shell's WebSocket PTY. */
@NullMarked
package dev.microvms.emulator.proxy;

import org.jspecify.annotations.NullMarked;
