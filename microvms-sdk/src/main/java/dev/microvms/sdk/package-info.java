/**
 * The SDK of AWS Lambda MicroVMs: {@link dev.microvms.sdk.Microvms} and the resource objects it returns
 * ({@link dev.microvms.sdk.MicrovmImage}, {@link dev.microvms.sdk.MicrovmImageVersion}, {@link
 * dev.microvms.sdk.MicrovmImageBuild}, {@link dev.microvms.sdk.Microvm}, {@link
 * dev.microvms.sdk.ManagedMicrovmImage}), waiters that fail at once with the reason, the {@link
 * dev.microvms.sdk.Endpoint} of a MicroVM (HTTP, server-sent events, WebSockets and the shell, with tokens
 * minted and refreshed for you) and {@link dev.microvms.sdk.MicrovmsSession}, which runs a MicroVM for a
 * block of code and cleans up after it. {@code dev.microvms.sdk.internal} is not part of the API.
 */
@NullMarked
package dev.microvms.sdk;

import org.jspecify.annotations.NullMarked;
