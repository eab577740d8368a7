/**
 * The endpoint proxy: every MicroVM's listener on 127.0.0.1, served by one event-loop thread that asks the
 * core's {@link dev.microvms.emulator.core.EndpointGate} about each request and relays HTTP/1.1 (framing
 * read strictly by Jetty's parser), SSE and WebSocket tunnels to the app; shell handshakes go to a
 * {@link dev.microvms.emulator.proxy.ShellUpgrade}.
 */
@NullMarked
package dev.microvms.emulator.proxy;

import org.jspecify.annotations.NullMarked;
