package dev.microvms.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CloudWatchLogging;
import dev.microvms.model.Logging;
import dev.microvms.model.PortRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON form of the model on the wire, shared by the client and the emulator so that both read and
 * write exactly the same thing: camelCase members, absent members left out, timestamps as epoch seconds
 * (fractional when they carry a fraction), unknown members ignored, unknown enum values kept as {@code
 * UNKNOWN_TO_SDK_VERSION}, and the two unions as single-member objects.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = create();

    private WireJson() {}

    /** @return the shared, thread-safe mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        TolerantEnums deserializers = new TolerantEnums();
        deserializers.addDeserializer(Logging.class, new LoggingDeserializer());
        deserializers.addDeserializer(AllowedPort.class, new AllowedPortDeserializer());
        SimpleModule unions = new SimpleModule("lambda-microvms-model");
        unions.addSerializer(Instant.class, new EpochSecondsSerializer());
        unions.addSerializer(Logging.class, new LoggingSerializer());
        unions.addSerializer(AllowedPort.class, new AllowedPortSerializer());
        unions.setDeserializers(deserializers);
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(unions)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .build();
    }

    /** Reads any enum of the model by its wire name, and a name it does not know as the unknown constant. */
    private static final class TolerantEnums extends SimpleDeserializers {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> findEnumDeserializer(
                Class<?> type, DeserializationConfig config, BeanDescription beanDesc) throws JsonMappingException {
            if (!type.getPackageName().equals(Logging.class.getPackageName())) {
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

    /** Epoch seconds as the service writes them: whole seconds bare, a fraction without trailing zeros. */
    private static final class EpochSecondsSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.getNano() == 0) {
                gen.writeNumber(value.getEpochSecond());
            } else {
                gen.writeNumber(BigDecimal.valueOf(value.getEpochSecond())
                        .add(BigDecimal.valueOf(value.getNano(), 9))
                        .stripTrailingZeros()
                        .toPlainString());
            }
        }
    }

    private static final class LoggingSerializer extends StdSerializer<Logging> {
        private static final long serialVersionUID = 1L;

        LoggingSerializer() {
            super(Logging.class);
        }

        @Override
        public void serialize(Logging value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            if (value instanceof Logging.CloudWatch c) {
                provider.defaultSerializeField("cloudWatch", c.cloudWatch(), gen);
            } else if (value instanceof Logging.Unknown u) {
                writeEmptyMember(gen, u.member());
            } else {
                writeEmptyMember(gen, "disabled");
            }
            gen.writeEndObject();
        }
    }

    private static final class LoggingDeserializer extends StdDeserializer<Logging> {
        private static final long serialVersionUID = 1L;

        LoggingDeserializer() {
            super(Logging.class);
        }

        @Override
        public Logging deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Map.Entry<String, JsonNode> member = onlyMember(p, ctx, "logging");
            return switch (member.getKey()) {
                case "cloudWatch" ->
                    new Logging.CloudWatch(ctx.readTreeAsValue(member.getValue(), CloudWatchLogging.class));
                case "disabled" -> new Logging.Disabled();
                default -> new Logging.Unknown(member.getKey());
            };
        }
    }

    private static final class AllowedPortSerializer extends StdSerializer<AllowedPort> {
        private static final long serialVersionUID = 1L;

        AllowedPortSerializer() {
            super(AllowedPort.class);
        }

        @Override
        public void serialize(AllowedPort value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            if (value instanceof AllowedPort.Port p) {
                gen.writeNumberField("port", p.port());
            } else if (value instanceof AllowedPort.Range r) {
                provider.defaultSerializeField("range", r.range(), gen);
            } else if (value instanceof AllowedPort.Unknown u) {
                writeEmptyMember(gen, u.member());
            } else {
                writeEmptyMember(gen, "allPorts");
            }
            gen.writeEndObject();
        }
    }

    private static final class AllowedPortDeserializer extends StdDeserializer<AllowedPort> {
        private static final long serialVersionUID = 1L;

        AllowedPortDeserializer() {
            super(AllowedPort.class);
        }

        @Override
        public AllowedPort deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Map.Entry<String, JsonNode> member = onlyMember(p, ctx, "allowedPorts");
            return switch (member.getKey()) {
                case "port" -> new AllowedPort.Port(member.getValue().asInt());
                case "range" -> new AllowedPort.Range(ctx.readTreeAsValue(member.getValue(), PortRange.class));
                case "allPorts" -> new AllowedPort.AllPorts();
                default -> new AllowedPort.Unknown(member.getKey());
            };
        }
    }

    private static void writeEmptyMember(JsonGenerator gen, String name) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartObject();
        gen.writeEndObject();
    }

    /** A union on the wire is an object with exactly one non-null member. */
    private static Map.Entry<String, JsonNode> onlyMember(JsonParser p, DeserializationContext ctx, String union)
            throws IOException {
        JsonNode node = ctx.readTree(p);
        Map.Entry<String, JsonNode> found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                continue;
            }
            if (found != null) {
                return ctx.reportInputMismatch(
                        Object.class,
                        "%s is a union: set exactly one of its members, not both %s and %s",
                        union,
                        found.getKey(),
                        field.getKey());
            }
            found = field;
        }
        if (found == null) {
            return ctx.reportInputMismatch(Object.class, "%s is a union: set exactly one of its members", union);
        }
        return found;
    }
}
