/**
 * The 24 operations on the wire, generated from the service model: {@link dev.microvms.model.wire.Bindings}
 * holds an {@link dev.microvms.model.wire.OperationBinding} for each (method, URI template, where each
 * member travels and under which name, success status, errors, idempotency token, paginator) and the
 * modelled errors ({@link dev.microvms.model.wire.ErrorShape}). The client marshals requests with them; a
 * server reads requests and writes answers with them. See {@code docs/design/model.md}.
 */
@NullMarked
package dev.microvms.model.wire;

import org.jspecify.annotations.NullMarked;
