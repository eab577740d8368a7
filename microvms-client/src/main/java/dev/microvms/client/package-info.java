/**
 * The low-level client of AWS Lambda MicroVMs: {@link dev.microvms.client.LambdaMicrovmsClient} and its
 * builder. The model is in {@code dev.microvms.model}, the errors in {@code
 * dev.microvms.client.exception}; {@code dev.microvms.client.internal} is not part of the API.
 */
@NullMarked
package dev.microvms.client;

import org.jspecify.annotations.NullMarked;
