/**
 * Exec and files inside a MicroVM over two transports: the service's shell ({@link
 * dev.microvms.sdk.internal.sandbox.ShellTransport}) and the guest library's agent ({@link
 * dev.microvms.sdk.internal.sandbox.AgentTransport}). Not part of the API.
 */
@NullMarked
package dev.microvms.sdk.internal.sandbox;

import org.jspecify.annotations.NullMarked;
