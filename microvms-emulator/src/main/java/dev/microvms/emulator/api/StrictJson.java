package dev.microvms.emulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.microvms.model.json.WireJson;
import java.io.IOException;

/**
 * Reads request bodies as strictly as the service: a body with anything after its JSON value, or a
 * member of the wrong JSON type ({@code "name": 123}, {@code "maxResults": "5"}, {@code "port": 1.5}),
 * is refused instead of being coerced. Jackson's defaults accept both, which ran a RunMicrovm from a
 * body with trailing garbage and made an image called {@code 123} (F13).
 */
final class StrictJson {
    private static final ObjectReader TREES =
            WireJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper VALUES = values();

    private StrictJson() {}

    /** @return the body's one JSON value; trailing content fails */
    static JsonNode tree(byte[] body) throws IOException {
        return TREES.readTree(body);
    }

    /** @return the members as a request type, with no value converted from another JSON type */
    static <T> T value(ObjectNode members, Class<T> type) throws JsonProcessingException {
        return VALUES.treeToValue(members, type);
    }

    // The model's generated codecs convert scalars exactly when the mapper allows coercion of scalars, so
    // turning that off is what makes them strict; the coercion rules below cover every other type.
    @SuppressWarnings("deprecation")
    private static ObjectMapper values() {
        ObjectMapper mapper = WireJson.mapper().copy();
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
