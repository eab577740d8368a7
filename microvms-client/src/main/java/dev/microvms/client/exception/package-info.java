/**
 * The errors of the client: {@link dev.microvms.client.exception.MicrovmsServiceException} and one
 * subclass per modelled service error, and {@link dev.microvms.client.exception.MicrovmsClientException}
 * for what fails on this side.
 */
@NullMarked
package dev.microvms.client.exception;

import org.jspecify.annotations.NullMarked;
