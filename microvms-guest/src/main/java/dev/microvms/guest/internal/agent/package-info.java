/**
 * The guest agent: exec, files and TCP tunnels for clients that reach the app's port through the
 * endpoint with an auth token. JDK only: a small HTTP/1.1 and WebSocket server on a socket of its own. Not
 * part of the API.
 */
@NullMarked
package dev.microvms.guest.internal.agent;

import org.jspecify.annotations.NullMarked;
