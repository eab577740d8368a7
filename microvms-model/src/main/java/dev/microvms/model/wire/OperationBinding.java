package dev.microvms.model.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.microvms.model.json.internal.JsonCodec;
import dev.microvms.model.json.internal.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One operation of the API on the wire, as the service model states it: method, URI template, where each
 * request member travels and under which name, the status of a success, the errors it may answer, its
 * idempotency token and its paginator. The generated {@link Bindings} holds one for each of the 24
 * operations; the client sends requests with them and the emulator reads them with them.
 *
 * <pre>{@code
 * OperationBinding<GetMicrovmRequest, GetMicrovmResponse> op = Bindings.GET_MICROVM;
 * String path = op.path(request);                        // /2025-09-09/microvms/microvm-...
 * GetMicrovmResponse vm = op.readOutput(body);           // the answer's JSON into the model
 *
 * // the other way round, as a server:
 * Map<String, String> labels = op.uri().match(rawPath);  // null when the path is another operation's
 * GetMicrovmRequest r = op.readRequest(labels, query, header, body);
 * }</pre>
 *
 * @param <I> the request type
 * @param <O> the response type
 */
public final class OperationBinding<I, O> {
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final String name;
    private final String method;
    private final UriTemplate uri;
    private final int successStatus;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final String inputShape;
    private final @Nullable String outputShape;
    private final List<MemberBinding<I>> members;
    private final Map<String, MemberBinding<I>> byLabel = new LinkedHashMap<>();
    private final List<MemberBinding<I>> query = new ArrayList<>();
    private final List<MemberBinding<I>> headers = new ArrayList<>();
    private final @Nullable MemberBinding<I> idempotencyToken;
    private final List<String> errors;
    private final boolean idempotent;
    private final boolean readonly;
    private final @Nullable Paginator<I, O, ?> paginator;
    private final JsonCodec<I> input;
    private final JsonCodec<O> output;

    OperationBinding(
            String name,
            String method,
            String uri,
            int successStatus,
            Class<I> inputType,
            Class<O> outputType,
            String inputShape,
            @Nullable String outputShape,
            List<MemberBinding<I>> members,
            List<String> errors,
            boolean idempotent,
            boolean readonly,
            @Nullable Paginator<I, O, ?> paginator,
            JsonCodec<I> input,
            JsonCodec<O> output) {
        this.name = name;
        this.method = method;
        this.uri = UriTemplate.parse(uri);
        this.successStatus = successStatus;
        this.inputType = inputType;
        this.outputType = outputType;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.members = List.copyOf(members);
        this.errors = List.copyOf(errors);
        this.idempotent = idempotent;
        this.readonly = readonly;
        this.paginator = paginator;
        this.input = input;
        this.output = output;
        MemberBinding<I> token = null;
        for (MemberBinding<I> m : members) {
            switch (m.location()) {
                case URI -> byLabel.put(m.wireName(), m);
                case QUERY -> query.add(m);
                case HEADER -> headers.add(m);
                case BODY -> {
                    // Written by the codec.
                }
            }
            if (m.idempotencyToken()) {
                token = m;
            }
        }
        this.idempotencyToken = token;
        for (String label : this.uri.labels()) {
            if (!byLabel.containsKey(label)) {
                throw new IllegalStateException(name + ": no member is bound to the label {" + label + "}");
            }
        }
    }

    /** @return the operation's name, such as {@code RunMicrovm} */
    public String name() {
        return name;
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return the URI template */
    public UriTemplate uri() {
        return uri;
    }

    /** @return the status the service answers on success */
    public int successStatus() {
        return successStatus;
    }

    /** @return the request's Java type */
    public Class<I> inputType() {
        return inputType;
    }

    /** @return the response's Java type */
    public Class<O> outputType() {
        return outputType;
    }

    /** @return the name of the input shape in the model */
    public String inputShape() {
        return inputShape;
    }

    /** @return the name of the output shape in the model, or null when the model gives none */
    public @Nullable String outputShape() {
        return outputShape;
    }

    /** @return every member of the request, in the model's order */
    public List<MemberBinding<I>> members() {
        return members;
    }

    /**
     * Returns a member of the request.
     *
     * @param javaName the member's Java name, such as {@code maxResults}
     * @return the member
     * @throws IllegalArgumentException when the request has no such member
     */
    public MemberBinding<I> member(String javaName) {
        for (MemberBinding<I> m : members) {
            if (m.name().equals(javaName)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name + " has no member " + javaName);
    }

    /** @return the members bound to labels of the path, by label */
    public Map<String, MemberBinding<I>> labels() {
        return Collections.unmodifiableMap(byLabel);
    }

    /** @return the members bound to query parameters */
    public List<MemberBinding<I>> query() {
        return Collections.unmodifiableList(query);
    }

    /** @return the members bound to headers */
    public List<MemberBinding<I>> headers() {
        return Collections.unmodifiableList(headers);
    }

    /** @return the idempotency token member, or null when the operation has none */
    public @Nullable MemberBinding<I> idempotencyToken() {
        return idempotencyToken;
    }

    /** @return the names of the errors the model says it may answer, in the model's order */
    public List<String> errors() {
        return errors;
    }

    /** @return whether the model marks the operation idempotent */
    public boolean idempotent() {
        return idempotent;
    }

    /** @return whether the model marks the operation read-only */
    public boolean readonly() {
        return readonly;
    }

    /** @return how the operation pages, or null when it does not */
    public @Nullable Paginator<I, O, ?> paginator() {
        return paginator;
    }

    /** @return whether requests of the operation have a JSON body */
    public boolean hasBody() {
        return input.hasBody();
    }

    /**
     * Expands the URI template with a request's labels.
     *
     * @param request the request
     * @return the path, labels percent-encoded
     * @throws IllegalArgumentException when a label member is missing or empty
     */
    public String path(I request) {
        return uri.expand(label -> {
            Object value = byLabel.get(label).get(request);
            return value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
        });
    }

    /**
     * Returns the query parameters of a request, unencoded, in the model's order; a list gives one value
     * per element.
     *
     * @param request the request
     * @return the parameters that are set, by name
     */
    public Map<String, List<String>> queryParameters(I request) {
        if (query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (MemberBinding<I> m : query) {
            List<String> values = m.toText(request);
            if (!values.isEmpty()) {
                parameters.put(m.wireName(), values);
            }
        }
        return parameters;
    }

    /**
     * Returns the headers a request's members travel in.
     *
     * @param request the request
     * @return the headers that are set, by name
     */
    public Map<String, List<String>> headerValues(I request) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (MemberBinding<I> m : headers) {
            List<String> texts = m.toText(request);
            if (!texts.isEmpty()) {
                values.put(m.wireName(), texts);
            }
        }
        return values;
    }

    /**
     * Writes the JSON body of a request: its members that travel in the body.
     *
     * @param request the request
     * @return the body, UTF-8; empty when the operation has no body members
     */
    public byte[] writeBody(I request) {
        if (!input.hasBody()) {
            return new byte[0];
        }
        return write(out -> input.writeBody(out, request));
    }

    /**
     * Writes the JSON of a response, as the service answers it.
     *
     * @param response the response
     * @return the body, UTF-8
     */
    public byte[] writeOutput(O response) {
        return write(out -> output.write(out, response));
    }

    private interface Writing {
        void write(JsonGenerator out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator out = JsonValues.FACTORY.createGenerator(bytes)) {
            writing.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] result = bytes.toByteArray();
        bytes.release();
        return result;
    }

    /**
     * Reads the answer of a success, leniently as a client should: unknown members are skipped, and a
     * scalar of another JSON type is converted where it can be.
     *
     * @param body the body, UTF-8; empty reads as {@code {}}
     * @return the response
     * @throws IOException when the body is not JSON or does not fit the response
     */
    public O readOutput(byte[] body) throws IOException {
        try (JsonParser in = JsonValues.FACTORY.createParser(body.length == 0 ? EMPTY_OBJECT : body)) {
            O value = output.read(in, true);
            if (value == null) {
                throw JsonValues.mismatch(in, name + " answered null instead of an object");
            }
            return value;
        }
    }

    /**
     * Reads a request as a server receives it: the JSON body strictly (a string where the model has a
     * number is refused, as the service's SerializationException does), then each label, query parameter
     * and header into its member.
     *
     * @param labels the path's labels, decoded, by name (as {@link UriTemplate#match} gives them)
     * @param query the query parameters, decoded, by name
     * @param header the values of a header by name, empty when absent
     * @param body the body, UTF-8; empty reads as {@code {}}
     * @return the request
     * @throws IOException when the body is not JSON or does not fit the request
     * @throws IllegalArgumentException when a label, parameter or header is not of its member's type; the
     *     message names the member and the value
     */
    public I readRequest(
            Map<String, String> labels,
            Map<String, List<String>> query,
            Function<String, List<String>> header,
            byte[] body)
            throws IOException {
        I request;
        try (JsonParser in = JsonValues.FACTORY.createParser(body.length == 0 ? EMPTY_OBJECT : body)) {
            request = input.read(in, false);
            if (request == null) {
                throw JsonValues.mismatch(in, "the body of " + name + " must be a JSON object, not null");
            }
            if (in.nextToken() != null) {
                throw JsonValues.mismatch(in, "the body of " + name + " has more after its JSON object");
            }
        }
        for (MemberBinding<I> m : members) {
            List<String> texts =
                    switch (m.location()) {
                        case URI -> {
                            String label = labels.get(m.wireName());
                            yield label == null ? List.of() : List.of(label);
                        }
                        case QUERY -> query.getOrDefault(m.wireName(), List.of());
                        case HEADER -> header.apply(m.wireName());
                        case BODY -> null;
                    };
            if (texts != null) {
                request = m.with(request, m.fromText(texts));
            }
        }
        return request;
    }

    /**
     * Fills the request's idempotency token when the operation has one and the request leaves it out, so
     * that every attempt of a call carries the same token.
     *
     * @param request the request
     * @param token makes a new token, such as a random UUID
     * @return the request, with its token
     */
    public I withIdempotencyToken(I request, Supplier<String> token) {
        if (idempotencyToken == null || idempotencyToken.get(request) != null) {
            return request;
        }
        return idempotencyToken.with(request, token.get());
    }

    @Override
    public String toString() {
        return name + " (" + method + " " + uri + " -> " + successStatus + ")";
    }

    /**
     * Starts describing an operation; the generated {@link Bindings} use it.
     *
     * @param name the operation's name
     * @param inputType the request type
     * @param outputType the response type
     * @param <I> the request type
     * @param <O> the response type
     * @return the builder
     */
    static <I, O> Builder<I, O> builder(String name, Class<I> inputType, Class<O> outputType) {
        return new Builder<>(name, inputType, outputType);
    }

    /** Collects an {@link OperationBinding}. */
    static final class Builder<I, O> {
        private final String name;
        private final Class<I> inputType;
        private final Class<O> outputType;
        private String method = "POST";
        private String uri = "/";
        private int successStatus = 200;
        private String inputShape = "";
        private @Nullable String outputShape;
        private final List<MemberBinding<I>> members = new ArrayList<>();
        private List<String> errors = List.of();
        private boolean idempotent;
        private boolean readonly;
        private @Nullable Paginator<I, O, ?> paginator;
        private @Nullable JsonCodec<I> input;
        private @Nullable JsonCodec<O> output;

        private Builder(String name, Class<I> inputType, Class<O> outputType) {
            this.name = name;
            this.inputType = inputType;
            this.outputType = outputType;
        }

        Builder<I, O> http(String method, String uri, int successStatus) {
            this.method = method;
            this.uri = uri;
            this.successStatus = successStatus;
            return this;
        }

        Builder<I, O> shapes(String inputShape, @Nullable String outputShape) {
            this.inputShape = inputShape;
            this.outputShape = outputShape;
            return this;
        }

        Builder<I, O> member(MemberBinding.Builder<I> member) {
            members.add(member.build());
            return this;
        }

        Builder<I, O> errors(String... errors) {
            this.errors = List.of(errors);
            return this;
        }

        Builder<I, O> idempotent() {
            this.idempotent = true;
            return this;
        }

        Builder<I, O> readonly() {
            this.readonly = true;
            return this;
        }

        Builder<I, O> paginator(Paginator<I, O, ?> paginator) {
            this.paginator = paginator;
            return this;
        }

        Builder<I, O> codecs(JsonCodec<I> input, JsonCodec<O> output) {
            this.input = input;
            this.output = output;
            return this;
        }

        OperationBinding<I, O> build() {
            if (input == null || output == null) {
                throw new IllegalStateException(name + " has no codecs");
            }
            return new OperationBinding<>(
                    name,
                    method,
                    uri,
                    successStatus,
                    inputType,
                    outputType,
                    inputShape,
                    outputShape,
                    members,
                    errors,
                    idempotent,
                    readonly,
                    paginator,
                    input,
                    output);
        }
    }
}
