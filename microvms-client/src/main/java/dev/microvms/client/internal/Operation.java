package dev.microvms.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How one operation goes on the wire: its method, its path and query built from the request, the JSON
 * body (the request's members that are not in the path or query), and how its answer is read.
 *
 * @param name the operation's name in the service model, such as {@code RunMicrovm}
 * @param method the HTTP method
 * @param successStatus the status the service answers on success
 * @param path the URL path with every label encoded
 * @param query the query parameters, unencoded, in order
 * @param body the JSON body, or null for none
 * @param reader reads the answer's JSON ({@code {}} when the body is empty)
 * @param <I> the request type
 * @param <O> the response type
 */
public record Operation<I, O>(
        String name,
        String method,
        int successStatus,
        Function<I, String> path,
        Function<I, Map<String, List<String>>> query,
        Function<I, @Nullable ObjectNode> body,
        Function<JsonNode, O> reader) {}
