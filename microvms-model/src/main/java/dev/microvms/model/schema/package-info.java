/**
 * The shapes of the service model with their constraints as data, generated from the model file:
 * {@link dev.microvms.model.schema.Shapes} holds every shape (required members, min, max, pattern, enum
 * values, as the model states them), and {@link dev.microvms.model.schema.Validator} checks a value
 * against them, reporting each {@link dev.microvms.model.schema.Violation} in the service's words. See
 * {@code docs/design/model.md}.
 */
@NullMarked
package dev.microvms.model.schema;

import org.jspecify.annotations.NullMarked;
