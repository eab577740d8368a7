package dev.microvms.model.wire;

import dev.microvms.model.schema.ShapeType;

/**
 * A member of a modelled error, such as {@code quotaCode} in the body or {@code retryAfterSeconds} in
 * the {@code Retry-After} header.
 *
 * @param name the member's name in Java, such as {@code type} for the model's {@code Type}
 * @param modelName the member's name in the model
 * @param wireName the body key or the header name
 * @param location {@link Location#BODY} or {@link Location#HEADER}
 * @param type the kind of value
 */
public record ErrorMember(String name, String modelName, String wireName, Location location, ShapeType type) {}
