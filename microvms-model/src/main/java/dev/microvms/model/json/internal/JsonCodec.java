package dev.microvms.model.json.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the JSON form of one structure or union of the model; one is generated for each.
 *
 * @param <T> the type
 */
public interface JsonCodec<T> extends JsonValues.Reader<T>, JsonValues.Writer<T> {

    /**
     * Writes a value as a JSON object, every member that is set under its name on the wire.
     *
     * @param out where to write
     * @param value the value
     * @throws IOException when writing fails
     */
    @Override
    void write(JsonGenerator out, T value) throws IOException;

    /**
     * Writes the members of a request that travel in the JSON body, leaving out those bound to the path,
     * the query or headers.
     *
     * @param out where to write
     * @param value the request
     * @throws IOException when writing fails
     */
    default void writeBody(JsonGenerator out, T value) throws IOException {
        write(out, value);
    }

    /** @return whether a request of this type has members that travel in the JSON body */
    default boolean hasBody() {
        return true;
    }

    /**
     * Reads a value whose first token is the parser's current one (or the next one, when the parser has
     * not started).
     *
     * @param in the parser
     * @param lenient whether a scalar of another JSON type is converted (the string {@code "10"} for a
     *     number) rather than refused
     * @return the value, or null for JSON {@code null}
     * @throws IOException when the JSON does not fit the type, or cannot be read
     */
    @Override
    @Nullable
    T read(JsonParser in, boolean lenient) throws IOException;
}
