package dev.microvms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.model.json.WireJson;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's values and their JSON form: redaction, builders, copies, unions, enums and timestamps. */
class ModelTest {
    private static final ObjectMapper JSON = WireJson.mapper();

    @Nested
    class Redaction {
        static Stream<Arguments> sensitive() {
            Function<String, Map<String, String>> env = secret -> Map.of("DB_PASSWORD", secret);
            Function<String, Map<String, String>> token = secret -> Map.of("X-aws-proxy-auth", secret);
            return Stream.of(
                    redacted("RunMicrovmRequest.runHookPayload", s -> RunMicrovmRequest.builder()
                            .imageIdentifier("arn")
                            .runHookPayload(s)
                            .build()),
                    redacted("CreateMicrovmImageRequest.environmentVariables", s -> CreateMicrovmImageRequest.builder()
                            .name("app")
                            .environmentVariables(env.apply(s))
                            .build()),
                    redacted("UpdateMicrovmImageRequest.environmentVariables", s -> UpdateMicrovmImageRequest.builder()
                            .imageIdentifier("app")
                            .environmentVariables(env.apply(s))
                            .build()),
                    redacted(
                            "CreateMicrovmImageResponse.environmentVariables", s -> CreateMicrovmImageResponse.builder()
                                    .environmentVariables(env.apply(s))
                                    .build()),
                    redacted(
                            "UpdateMicrovmImageResponse.environmentVariables", s -> UpdateMicrovmImageResponse.builder()
                                    .environmentVariables(env.apply(s))
                                    .build()),
                    redacted(
                            "GetMicrovmImageVersionResponse.environmentVariables",
                            s -> GetMicrovmImageVersionResponse.builder()
                                    .environmentVariables(env.apply(s))
                                    .build()),
                    redacted(
                            "UpdateMicrovmImageVersionResponse.environmentVariables",
                            s -> UpdateMicrovmImageVersionResponse.builder()
                                    .environmentVariables(env.apply(s))
                                    .build()),
                    redacted(
                            "MicrovmImageVersionSummary.environmentVariables", s -> MicrovmImageVersionSummary.builder()
                                    .environmentVariables(env.apply(s))
                                    .build()),
                    redacted("CreateMicrovmAuthTokenResponse.authToken", s -> CreateMicrovmAuthTokenResponse.builder()
                            .authToken(token.apply(s))
                            .build()),
                    redacted(
                            "CreateMicrovmShellAuthTokenResponse.authToken",
                            s -> CreateMicrovmShellAuthTokenResponse.builder()
                                    .authToken(token.apply(s))
                                    .build()));
        }

        private static Arguments redacted(String member, Function<String, Object> withSecret) {
            return Arguments.of(member, withSecret);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("sensitive")
        void toString_sensitiveMember_isRedacted(String member, Function<String, Object> withSecret) {
            String text = withSecret.apply("s3cr3t-value").toString();

            assertThat(text).doesNotContain("s3cr3t-value").contains("=***");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("sensitive")
        void equals_sensitiveMember_isStillCompared(String member, Function<String, Object> withSecret) {
            assertThat(withSecret.apply("one"))
                    .isEqualTo(withSecret.apply("one"))
                    .hasSameHashCodeAs(withSecret.apply("one"))
                    .isNotEqualTo(withSecret.apply("two"));
        }

        @Test
        void toString_absentSensitiveMember_saysNull() {
            RunMicrovmRequest request =
                    RunMicrovmRequest.builder().imageIdentifier("arn").build();

            assertThat(request.toString()).contains("runHookPayload=null").doesNotContain("***");
        }
    }

    @Nested
    class Builders {
        /** Records with members; the empty responses (such as TerminateMicrovmResponse) have no builder. */
        static Stream<Class<?>> records() {
            return ModelSamples.records().stream().filter(type -> type.getRecordComponents().length > 0);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("records")
        void toBuilder_everyMemberSet_buildsAnEqualValue(Class<?> type) {
            Object value = ModelSamples.record(type, 1);

            Object copy = ModelSamples.invoke(ModelSamples.invoke(value, "toBuilder"), "build");

            assertThat(copy).isEqualTo(value).isNotSameAs(value);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("records")
        void builder_eachSetter_setsItsOwnMember(Class<?> type) {
            Object expected = ModelSamples.record(type, 2);
            Object builder = ModelSamples.invokeStatic(type, "builder");
            for (RecordComponent component : type.getRecordComponents()) {
                ModelSamples.set(builder, component, ModelSamples.get(expected, component));
            }

            assertThat(ModelSamples.invoke(builder, "build")).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("records")
        void builder_nothingSet_buildsAllNull(Class<?> type) {
            Object empty = ModelSamples.invoke(ModelSamples.invokeStatic(type, "builder"), "build");

            for (RecordComponent component : type.getRecordComponents()) {
                assertThat(ModelSamples.get(empty, component))
                        .as(component.getName())
                        .isNull();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("records")
        void constructor_mutableCollections_areCopiedAndReadOnly(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] given = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                given[i] = ModelSamples.sample(components[i].getGenericType(), components[i].getName(), 300 + i);
            }
            Object value = ModelSamples.construct(type, given);

            for (Object member : given) {
                mutate(member);
            }

            assertThat(value).isEqualTo(ModelSamples.record(type, 3));
            for (RecordComponent component : components) {
                Object member = ModelSamples.get(value, component);
                if (member instanceof Collection<?> || member instanceof Map<?, ?>) {
                    assertThatThrownBy(() -> mutate(member))
                            .as(component.getName())
                            .isInstanceOf(UnsupportedOperationException.class);
                }
            }
        }

        @Test
        void build_listChangedAfterwards_keepsTheValueItWasBuiltWith() {
            List<String> connectors = new ArrayList<>(List.of("a"));
            Map<String, String> env = new HashMap<>(Map.of("K", "v"));
            RunMicrovmRequest run = RunMicrovmRequest.builder()
                    .imageIdentifier("arn")
                    .ingressNetworkConnectors(connectors)
                    .build();
            CreateMicrovmImageRequest image = CreateMicrovmImageRequest.builder()
                    .name("app")
                    .environmentVariables(env)
                    .build();

            connectors.add("b");
            env.put("L", "w");

            assertThat(run.ingressNetworkConnectors()).containsExactly("a");
            assertThat(image.environmentVariables()).containsOnly(Map.entry("K", "v"));
        }

        @SuppressWarnings("unchecked")
        private static void mutate(Object member) {
            if (member instanceof List<?> list) {
                ((List<Object>) list).add(list.isEmpty() ? "x" : list.get(0));
            } else if (member instanceof Map<?, ?> map) {
                ((Map<Object, Object>) map).put("added-afterwards", "x");
            }
        }
    }

    @Nested
    class Unions {
        static Stream<Arguments> members() {
            return Stream.of(
                    Arguments.of(
                            Logging.cloudWatch("/microvms/my-app", null),
                            "{\"cloudWatch\":{\"logGroup\":\"/microvms/my-app\"}}"),
                    Arguments.of(
                            Logging.cloudWatch("/microvms/my-app", "s"),
                            "{\"cloudWatch\":{\"logGroup\":\"/microvms/my-app\",\"logStream\":\"s\"}}"),
                    Arguments.of(Logging.disabled(), "{\"disabled\":{}}"),
                    Arguments.of(new Logging.Unknown("kinesis"), "{\"kinesis\":{}}"),
                    Arguments.of(AllowedPort.port(8080), "{\"port\":8080}"),
                    Arguments.of(AllowedPort.range(8000, 8100), "{\"range\":{\"startPort\":8000,\"endPort\":8100}}"),
                    Arguments.of(AllowedPort.allPorts(), "{\"allPorts\":{}}"),
                    Arguments.of(new AllowedPort.Unknown("portList"), "{\"portList\":{}}"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("members")
        void write_member_isAnObjectWithExactlyThatMember(Object value, String json) throws Exception {
            assertThat(JSON.readTree(JSON.writeValueAsString(value))).isEqualTo(JSON.readTree(json));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("members")
        void read_member_givesTheSameValueBack(Object value, String json) throws Exception {
            Class<?> union = value instanceof Logging ? Logging.class : AllowedPort.class;

            assertThat(JSON.readValue(json, union)).isEqualTo(value);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "Logging     | {\"cloudWatch\":{\"logGroup\":\"g\"},\"disabled\":{}} | not both cloudWatch and disabled",
                    "AllowedPort | {\"port\":8080,\"allPorts\":{}}                     | not both port and allPorts",
                    "AllowedPort | {}                                                  | set exactly one of its members",
                    "Logging     | {\"disabled\":null}                                 | set exactly one of its members",
                })
        void read_notExactlyOneMember_isRefusedWithTheUnionsName(String union, String json, String problem) {
            Class<?> type = union.equals("Logging") ? Logging.class : AllowedPort.class;

            assertThatThrownBy(() -> JSON.readValue(json, type))
                    .isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining(union + " is a union: set exactly one of its members")
                    .hasMessageContaining(problem);
        }

        @Test
        void read_nullMemberBesideAnother_isIgnored() throws Exception {
            assertThat(JSON.readValue("{\"port\":null,\"allPorts\":{}}", AllowedPort.class))
                    .isEqualTo(AllowedPort.allPorts());
        }

        @Test
        void read_unknownMemberInsideARequest_isKeptAsUnknown() throws Exception {
            CreateMicrovmAuthTokenRequest request = JSON.readValue(
                    "{\"expirationInMinutes\":5,\"allowedPorts\":[{\"port\":22},{\"portSet\":{\"ports\":[1,2]}}]}",
                    CreateMicrovmAuthTokenRequest.class);

            assertThat(request.allowedPorts())
                    .containsExactly(AllowedPort.port(22), new AllowedPort.Unknown("portSet"));
            assertThat(request.allowedPorts().get(1).member()).isEqualTo("portSet");
        }
    }

    @Nested
    class Enums {
        static Stream<Class<?>> enums() {
            return ModelSamples.enums().stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("enums")
        void read_unknownValue_isUnknownToSdkVersion(Class<?> type) throws Exception {
            assertThat(JSON.readValue("\"ADDED_NEXT_YEAR\"", type)).hasToString("UNKNOWN_TO_SDK_VERSION");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("enums")
        void read_everyKnownValue_isItsConstant(Class<?> type) throws Exception {
            for (Object constant : type.getEnumConstants()) {
                if (!constant.toString().equals("UNKNOWN_TO_SDK_VERSION")) {
                    assertThat(JSON.readValue("\"" + constant + "\"", type)).isSameAs(constant);
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"running", "HIBERNATING", ""})
        void read_unknownStateInAResponse_isUnknownToSdkVersion(String state) throws Exception {
            GetMicrovmResponse vm = JSON.readValue(
                    "{\"microvmId\":\"microvm-1\",\"state\":\"" + state + "\"}", GetMicrovmResponse.class);

            assertThat(vm.state()).isEqualTo(MicrovmState.UNKNOWN_TO_SDK_VERSION);
        }

        @Test
        void read_unknownValuesInsideLists_areUnknownToSdkVersion() throws Exception {
            GetMicrovmImageVersionResponse version = JSON.readValue(
                    "{\"cpuConfigurations\":[{\"architecture\":\"ARM_64\"},{\"architecture\":\"X86_64\"}],"
                            + "\"additionalOsCapabilities\":[\"ALL\",\"NET_ADMIN\"],\"state\":\"SUCCESSFUL\"}",
                    GetMicrovmImageVersionResponse.class);
            ListMicrovmsResponse page = JSON.readValue(
                    "{\"items\":[{\"state\":\"RUNNING\"},{\"state\":\"MIGRATING\"}]}", ListMicrovmsResponse.class);

            assertThat(version.cpuConfigurations())
                    .extracting(CpuConfiguration::architecture)
                    .containsExactly(Architecture.ARM_64, Architecture.UNKNOWN_TO_SDK_VERSION);
            assertThat(version.additionalOsCapabilities())
                    .containsExactly(OsCapability.ALL, OsCapability.UNKNOWN_TO_SDK_VERSION);
            assertThat(version.state()).isEqualTo(MicrovmImageVersionState.SUCCESSFUL);
            assertThat(page.items())
                    .extracting(MicrovmSummary::state)
                    .containsExactly(MicrovmState.RUNNING, MicrovmState.UNKNOWN_TO_SDK_VERSION);
        }

        @Test
        void fromValue_agreesWithTheJsonForm() {
            assertThat(MicrovmState.fromValue("SUSPENDED")).isEqualTo(MicrovmState.SUSPENDED);
            assertThat(MicrovmState.fromValue("HIBERNATING")).isEqualTo(MicrovmState.UNKNOWN_TO_SDK_VERSION);
            assertThat(MicrovmState.fromValue(null)).isNull();
        }
    }

    @Nested
    class Timestamps {
        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "1785369600,          1785369600, 0",
            "1785369600.123456,   1785369600, 123456000",
            "1785369600.5,        1785369600, 500000000",
            "1785369600.000000001, 1785369600, 1",
        })
        void read_epochSeconds_isThatInstant(String wire, long seconds, int nanos) throws Exception {
            MicrovmSummary vm = JSON.readValue("{\"startedAt\":" + wire + "}", MicrovmSummary.class);

            assertThat(vm.startedAt()).isEqualTo(Instant.ofEpochSecond(seconds, nanos));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1785369600", "1785369600.123456"})
        void write_instant_isEpochSecondsAsANumber(String wire) throws Exception {
            MicrovmSummary vm = JSON.readValue("{\"startedAt\":" + wire + "}", MicrovmSummary.class);

            JsonNode written = JSON.readTree(JSON.writeValueAsString(vm)).get("startedAt");

            assertThat(written.isNumber()).as("%s is a JSON number", written).isTrue();
            assertThat(written.decimalValue()).isEqualByComparingTo(wire);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1785369600", "1785369600.123456"})
        void write_instant_isWrittenAsTheServiceWritesIt(String wire) throws Exception {
            MicrovmSummary vm = JSON.readValue("{\"startedAt\":" + wire + "}", MicrovmSummary.class);

            assertThat(JSON.writeValueAsString(vm)).isEqualTo("{\"startedAt\":" + wire + "}");
        }

        @Test
        void readAndWrite_responseWithBothKinds_roundTrips() throws Exception {
            String wire = "{\"microvmId\":\"microvm-1\",\"state\":\"TERMINATED\",\"startedAt\":1785369600.123456,"
                    + "\"terminatedAt\":1785369700}";

            GetMicrovmResponse vm = JSON.readValue(wire, GetMicrovmResponse.class);

            assertThat(vm.startedAt()).isEqualTo(Instant.parse("2026-07-30T00:00:00.123456Z"));
            assertThat(vm.terminatedAt()).isEqualTo(Instant.parse("2026-07-30T00:01:40Z"));
            assertThat(JSON.readValue(JSON.writeValueAsString(vm), GetMicrovmResponse.class))
                    .isEqualTo(vm);
        }
    }
}
