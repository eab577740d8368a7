/**
 * The requests, responses and shapes of the AWS Lambda MicroVMs API, named as in the service model.
 * Values are immutable records with builders; enums read values they do not know as {@code
 * UNKNOWN_TO_SDK_VERSION}; timestamps are {@link java.time.Instant}s.
 */
@NullMarked
package dev.microvms.model;

import org.jspecify.annotations.NullMarked;
