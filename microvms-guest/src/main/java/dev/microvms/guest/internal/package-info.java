/**
 * The guest library's workings: the HTTP router, the hook state (ready, suspended, terminated), the run body
 * and a small JSON reader. Not part of the API; may change without notice.
 */
@NullMarked
package dev.microvms.guest.internal;

import org.jspecify.annotations.NullMarked;
