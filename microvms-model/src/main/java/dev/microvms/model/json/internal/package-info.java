/**
 * The generated codec of every structure and union, and what it is made of; not part of the API: use
 * {@link dev.microvms.model.json.WireJson} and {@link dev.microvms.model.wire.OperationBinding}.
 */
@NullMarked
package dev.microvms.model.json.internal;

import org.jspecify.annotations.NullMarked;
