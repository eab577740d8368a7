package dev.microvms.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.json.internal.Codecs;
import dev.microvms.model.json.internal.JsonCodec;
import dev.microvms.model.json.internal.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of the model on the wire, shared by the client and the emulator so that both read and
 * write exactly the same thing: members under their names in the service model, absent members left out,
 * timestamps as epoch seconds (fractional when they carry a fraction), unknown members ignored, unknown
 * enum values kept as {@code UNKNOWN_TO_SDK_VERSION}, and unions as single-member objects.
 *
 * <p>Every structure and union has a generated codec that reads and writes it with Jackson's streaming
 * API; {@link #mapper()} registers them all, so that an {@link ObjectMapper} (trees, records of your own
 * holding model values) gives the same JSON, and {@link #write(Object)} and {@link #read(byte[], Class)} go
 * straight to them.
 */
public final class WireJson {
    private static final ClassValue<@Nullable JsonCodec<?>> CODECS = new ClassValue<>() {
        @Override
        protected @Nullable JsonCodec<?> computeValue(Class<?> type) {
            JsonCodec<?> codec = Codecs.forType(type);
            if (codec == null && type.getEnclosingClass() != null) {
                // A union member's record: the union's codec writes it.
                for (Class<?> union : type.getInterfaces()) {
                    JsonCodec<?> unionCodec = Codecs.forType(union);
                    if (unionCodec != null) {
                        return unionCodec;
                    }
                }
            }
            return codec;
        }
    };

    private static final ObjectMapper MAPPER = create();

    private WireJson() {}

    /** @return the shared, thread-safe mapper, lenient about scalar JSON types as Jackson is */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a structure or union of the model as JSON.
     *
     * @param value the value
     * @return its JSON, UTF-8
     * @throws IllegalArgumentException when the value is not a structure or union of the model
     */
    public static byte[] write(Object value) {
        JsonCodec<Object> codec = codec(value.getClass());
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator out = JsonValues.FACTORY.createGenerator(bytes)) {
            codec.write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] result = bytes.toByteArray();
        bytes.release();
        return result;
    }

    /**
     * Reads a structure or union of the model from JSON, leniently (the string {@code "10"} reads as a
     * number), as a client reads answers.
     *
     * @param json the JSON, UTF-8; empty reads as {@code {}}
     * @param type the type
     * @param <T> the type
     * @return the value
     * @throws IOException when the JSON is malformed or does not fit the type
     * @throws IllegalArgumentException when the type is not a structure or union of the model
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        JsonCodec<T> codec = codec(type);
        try (JsonParser in = JsonValues.FACTORY.createParser(json.length == 0 ? EMPTY : json)) {
            T value = codec.read(in, true);
            if (value == null) {
                throw JsonValues.mismatch(in, "expected a JSON object for " + type.getSimpleName() + ", found null");
            }
            return value;
        }
    }

    private static final byte[] EMPTY = {'{', '}'};

    @SuppressWarnings("unchecked")
    private static <T> JsonCodec<T> codec(Class<?> type) {
        JsonCodec<?> codec = CODECS.get(type);
        if (codec == null) {
            throw new IllegalArgumentException(type.getName() + " is not a structure or union of the model");
        }
        return (JsonCodec<T>) codec;
    }

    private static ObjectMapper create() {
        SimpleModule model = new SimpleModule("lambda-microvms-model");
        model.setSerializers(new CodecSerializers());
        model.setDeserializers(new CodecDeserializers());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(model)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .build();
    }

    /** The generated codecs as serializers, found when Jackson first meets a type; epoch seconds for instants. */
    private static final class CodecSerializers extends SimpleSerializers {
        private static final long serialVersionUID = 1L;

        CodecSerializers() {
            addSerializer(Instant.class, new EpochSecondsSerializer());
        }

        @Override
        public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
            JsonCodec<?> codec = CODECS.get(type.getRawClass());
            return codec != null ? serializer(type.getRawClass(), codec) : super.findSerializer(config, type, beanDesc);
        }

        @SuppressWarnings("unchecked")
        private static <T> JsonSerializer<T> serializer(Class<?> type, JsonCodec<?> codec) {
            return new CodecSerializer<>((Class<T>) type, (JsonCodec<T>) codec);
        }
    }

    /** The generated codecs as deserializers, and the model's enums read tolerantly. */
    private static final class CodecDeserializers extends SimpleDeserializers {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> findBeanDeserializer(
                JavaType type, DeserializationConfig config, BeanDescription beanDesc) throws JsonMappingException {
            JsonCodec<?> codec = Codecs.forType(type.getRawClass());
            return codec != null
                    ? deserializer(type.getRawClass(), codec)
                    : super.findBeanDeserializer(type, config, beanDesc);
        }

        @SuppressWarnings("unchecked")
        private static <T> JsonDeserializer<T> deserializer(Class<?> type, JsonCodec<?> codec) {
            return new CodecDeserializer<>((Class<T>) type, (JsonCodec<T>) codec);
        }

        @Override
        public JsonDeserializer<?> findEnumDeserializer(
                Class<?> type, DeserializationConfig config, BeanDescription beanDesc) throws JsonMappingException {
            if (!type.getPackageName().equals(MicrovmState.class.getPackageName())) {
                return super.findEnumDeserializer(type, config, beanDesc);
            }
            return enumDeserializer(type.asSubclass(Enum.class));
        }

        private static <E extends Enum<E>> JsonDeserializer<E> enumDeserializer(Class<E> type) {
            return new StdDeserializer<>(type) {
                private static final long serialVersionUID = 1L;

                @Override
                public E deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                    String text = p.getValueAsString();
                    E unknown = Enum.valueOf(type, "UNKNOWN_TO_SDK_VERSION");
                    for (E constant : type.getEnumConstants()) {
                        if (constant != unknown && constant.name().equals(text)) {
                            return constant;
                        }
                    }
                    return unknown;
                }
            };
        }
    }

    /** A generated codec as a Jackson serializer. */
    private static final class CodecSerializer<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient JsonCodec<T> codec;

        CodecSerializer(Class<T> type, JsonCodec<T> codec) {
            super(type);
            this.codec = codec;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            codec.write(gen, value);
        }
    }

    /** A generated codec as a Jackson deserializer, lenient as long as the mapper coerces scalars. */
    private static final class CodecDeserializer<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient JsonCodec<T> codec;

        CodecDeserializer(Class<T> type, JsonCodec<T> codec) {
            super(type);
            this.codec = codec;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            T value = codec.read(p, ctx.isEnabled(MapperFeature.ALLOW_COERCION_OF_SCALARS));
            if (value == null) {
                return ctx.reportInputMismatch(handledType(), "expected a JSON object, found null");
            }
            return value;
        }
    }

    /** Epoch seconds as the service writes them, for {@link Instant}s outside the model's types. */
    private static final class EpochSecondsSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            JsonValues.writeInstant(gen, value);
        }
    }
}
