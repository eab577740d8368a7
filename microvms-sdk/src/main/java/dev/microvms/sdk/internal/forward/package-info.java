/**
 * Port forwarding: a local listener that relays HTTP and WebSocket to a MicroVM's port through its
 * endpoint, adding the proxy's headers, and one that tunnels raw TCP over a WebSocket to the guest agent.
 * Not part of the API.
 */
@NullMarked
package dev.microvms.sdk.internal.forward;

import org.jspecify.annotations.NullMarked;
