package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileParserTest {

    static final String TYPICAL = String.join(
            "\n",
            "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
            "RUN dnf install -y java-21-amazon-corretto-headless && dnf clean all",
            "WORKDIR /app",
            "COPY target/app.jar /app/app.jar",
            "ENV JAVA_OPTS=\"-XX:+UseSerialGC\" PORT=8080",
            "EXPOSE 8080 9000",
            "CMD [\"java\", \"-jar\", \"/app/app.jar\"]",
            "");

    /** Parses "FROM x" plus the given lines and returns the last instruction. */
    private static Instruction last(String text) {
        List<Instruction> instructions = Dockerfile.parse("FROM x\n" + text).instructions();
        return instructions.get(instructions.size() - 1);
    }

    @Test
    void parse_typicalDockerfile_givesEachInstructionWithItsLine() {
        List<Instruction> instructions = Dockerfile.parse(TYPICAL).instructions();

        assertThat(instructions)
                .extracting(Instruction::line, Instruction::keyword)
                .containsExactly(
                        tuple(1, Keyword.FROM),
                        tuple(2, Keyword.RUN),
                        tuple(3, Keyword.WORKDIR),
                        tuple(4, Keyword.COPY),
                        tuple(5, Keyword.ENV),
                        tuple(6, Keyword.EXPOSE),
                        tuple(7, Keyword.CMD));
        assertThat(instructions.get(6).arguments()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(instructions.get(6).jsonForm()).isTrue();
        assertThat(instructions.get(4).pairs())
                .containsExactly(new NameValue("JAVA_OPTS", "\"-XX:+UseSerialGC\""), new NameValue("PORT", "8080"));
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                // text after FROM x, keyword, arguments, json form
                Arguments.of("RUN echo hi", Keyword.RUN, List.of("echo hi"), false),
                Arguments.of("run echo hi", Keyword.RUN, List.of("echo hi"), false),
                Arguments.of("RUN [\"echo\", \"hi\"]", Keyword.RUN, List.of("echo", "hi"), true),
                Arguments.of("RUN [ \"a\\\"b\" , \"\\u0041\\n\" ]", Keyword.RUN, List.of("a\"b", "A\n"), true),
                Arguments.of("CMD [\"java\", \"-jar\"", Keyword.CMD, List.of("[\"java\", \"-jar\""), false),
                Arguments.of("CMD ['java', '-jar']", Keyword.CMD, List.of("['java', '-jar']"), false),
                Arguments.of("CMD [\"a\"] tail", Keyword.CMD, List.of("[\"a\"] tail"), false),
                Arguments.of("CMD []", Keyword.CMD, List.of(), true),
                Arguments.of(
                        "ENTRYPOINT exec java -jar app.jar",
                        Keyword.ENTRYPOINT,
                        List.of("exec java -jar app.jar"),
                        false),
                Arguments.of(
                        "SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]",
                        Keyword.SHELL,
                        List.of("/bin/bash", "-eo", "pipefail", "-c"),
                        true),
                Arguments.of("COPY a b /dest/", Keyword.COPY, List.of("a", "b", "/dest/"), false),
                Arguments.of(
                        "COPY [\"my file\", \"/dest dir/\"]", Keyword.COPY, List.of("my file", "/dest dir/"), true),
                Arguments.of("ADD x.tar.gz /opt/", Keyword.ADD, List.of("x.tar.gz", "/opt/"), false),
                Arguments.of("ENV A 1 2  3", Keyword.ENV, List.of("A=1 2  3"), false),
                Arguments.of(
                        "ENV A=1 B=\"two words\" C=x\\ y",
                        Keyword.ENV,
                        List.of("A=1", "B=\"two words\"", "C=x\\ y"),
                        false),
                Arguments.of("ENV A='single q' B=", Keyword.ENV, List.of("A='single q'", "B="), false),
                Arguments.of(
                        "LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0",
                        Keyword.LABEL,
                        List.of("\"com.example.vendor\"=\"ACME Inc\"", "version=1.0"),
                        false),
                Arguments.of("ARG VERSION", Keyword.ARG, List.of("VERSION"), false),
                Arguments.of(
                        "ARG VERSION=1.0 OTHER=\"a b\"", Keyword.ARG, List.of("VERSION=1.0", "OTHER=\"a b\""), false),
                Arguments.of("WORKDIR /my app", Keyword.WORKDIR, List.of("/my app"), false),
                Arguments.of("USER app:app", Keyword.USER, List.of("app:app"), false),
                Arguments.of("EXPOSE 8080 9000/udp", Keyword.EXPOSE, List.of("8080", "9000/udp"), false),
                Arguments.of("VOLUME [\"/data\", \"/logs\"]", Keyword.VOLUME, List.of("/data", "/logs"), true),
                Arguments.of("VOLUME /data /logs", Keyword.VOLUME, List.of("/data", "/logs"), false),
                Arguments.of("STOPSIGNAL SIGINT", Keyword.STOPSIGNAL, List.of("SIGINT"), false),
                Arguments.of("HEALTHCHECK NONE", Keyword.HEALTHCHECK, List.of("NONE"), false),
                Arguments.of(
                        "HEALTHCHECK --interval=5s CMD curl -f http://localhost/",
                        Keyword.HEALTHCHECK,
                        List.of("CMD", "curl -f http://localhost/"),
                        false),
                Arguments.of(
                        "HEALTHCHECK CMD [\"curl\", \"-f\"]", Keyword.HEALTHCHECK, List.of("CMD", "curl", "-f"), true),
                Arguments.of(
                        "MAINTAINER someone@example.com", Keyword.MAINTAINER, List.of("someone@example.com"), false),
                Arguments.of("ONBUILD RUN make", Keyword.ONBUILD, List.of("RUN make"), false));
    }

    @ParameterizedTest
    @MethodSource("forms")
    void parse_instructionForms_giveArgumentsAsDocker(
            String text, Keyword keyword, List<String> arguments, boolean jsonForm) {
        Instruction instruction = last(text);

        assertThat(instruction.keyword()).isEqualTo(keyword);
        assertThat(instruction.arguments()).isEqualTo(arguments);
        assertThat(instruction.jsonForm()).isEqualTo(jsonForm);
        assertThat(instruction.line()).isEqualTo(2);
    }

    static Stream<Arguments> continuations() {
        return Stream.of(
                // Dockerfile, expected RUN command, expected line of the instruction after it
                Arguments.of("RUN a \\\n  && b\nUSER u", "a   && b", 3),
                Arguments.of("RUN a \\   \n  b\nUSER u", "a   b", 3),
                Arguments.of("RUN a \\\n# a comment\n  b\nUSER u", "a   b", 4),
                Arguments.of("RUN a \\\n\n  b\nUSER u", "a   b", 4),
                Arguments.of("RUN a \\\n    # indented comment\n\t\n  b \\\n  c\nUSER u", "a   b   c", 6),
                Arguments.of("RUN a \\\\\n  b\nUSER u", "a \\  b", 3),
                Arguments.of("  RUN   a\n\n\n# comment\nUSER u", "a", 5),
                Arguments.of("RUN echo '#' # not a comment\nUSER u", "echo '#' # not a comment", 2),
                Arguments.of("RUN a \\", "a", 0));
    }

    @ParameterizedTest
    @MethodSource("continuations")
    void parse_continuations_joinLinesAsBuildKit(String text, String command, int nextLine) {
        List<Instruction> instructions = Dockerfile.parse("FROM x\n" + text).instructions();

        assertThat(instructions.get(1).arguments()).containsExactly(command);
        assertThat(instructions.get(1).line()).isEqualTo(2);
        if (nextLine > 0) {
            assertThat(instructions.get(2).line()).isEqualTo(nextLine + 1);
        }
    }

    @Test
    void parse_emptyContinuationLine_isNoted() {
        Dockerfile dockerfile = Dockerfile.parse("FROM x\nRUN a \\\n\n  b\n");

        assertThat(dockerfile.notes()).singleElement().asString().startsWith("line 2: empty continuation");
    }

    @Test
    void parse_escapeDirective_makesBacktickTheEscapeCharacter() {
        Dockerfile dockerfile = Dockerfile.parse(
                "# escape=`\n# syntax=docker/dockerfile:1\nFROM x\nRUN dir c:\\ `\n  && echo done\nCOPY a\\b c:\\app\\\n");

        assertThat(dockerfile.escape()).isEqualTo('`');
        assertThat(dockerfile.syntax()).contains("docker/dockerfile:1");
        assertThat(dockerfile.instructions().get(1).arguments()).containsExactly("dir c:\\   && echo done");
        assertThat(dockerfile.instructions().get(2).arguments()).containsExactly("a\\b", "c:\\app\\");
        assertThat(dockerfile.instructions().get(2).line()).isEqualTo(6);
    }

    @Test
    void parse_directiveAfterAComment_isAnOrdinaryComment() {
        Dockerfile dockerfile = Dockerfile.parse("# hello\n# escape=`\nFROM x\nRUN a \\\n b\n");

        assertThat(dockerfile.escape()).isEqualTo('\\');
        assertThat(dockerfile.instructions().get(1).arguments()).containsExactly("a  b");
    }

    @Test
    void parse_byteOrderMarkAndCrLf_areIgnored() {
        Dockerfile dockerfile = Dockerfile.parse("\uFEFFFROM x\r\nRUN a \\\r\n  b\r\n");

        assertThat(dockerfile.instructions())
                .extracting(Instruction::keyword)
                .containsExactly(Keyword.FROM, Keyword.RUN);
        assertThat(dockerfile.instructions().get(1).arguments()).containsExactly("a   b");
    }

    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(
                        "COPY --from=build --chown=app:app /a /b",
                        List.of(new Flag("from", "build"), new Flag("chown", "app:app"))),
                Arguments.of("COPY --chmod=755 --link a b", List.of(new Flag("chmod", "755"), new Flag("link", null))),
                Arguments.of("COPY --chown=\"a b\" x y", List.of(new Flag("chown", "a b"))),
                Arguments.of(
                        "RUN --mount=type=cache,target=/root/.m2 --mount=type=secret,id=x mvn package",
                        List.of(
                                new Flag("mount", "type=cache,target=/root/.m2"),
                                new Flag("mount", "type=secret,id=x"))),
                Arguments.of("RUN -- --mount=x", List.of()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void parse_flags_areRecordedInOrder(String text, List<Flag> flags) {
        assertThat(last(text).flags()).isEqualTo(flags);
    }

    @Test
    void parse_flagThatRepeats_lastOneWins() {
        Instruction copy = last("COPY --from=a --from=b x y");

        assertThat(copy.flag("from")).contains("b");
        assertThat(copy.flag("chown")).isEmpty();
        assertThat(last("RUN -- --mount=x").arguments()).containsExactly("--mount=x");
    }

    @Test
    void parse_fromWithPlatformAndName_keepsTheWords() {
        Instruction from = Dockerfile.parse("FROM --platform=$BUILDPLATFORM maven:3 AS Build\n")
                .instructions()
                .get(0);

        assertThat(from.arguments()).containsExactly("maven:3", "AS", "Build");
        assertThat(from.flag("platform")).contains("$BUILDPLATFORM");
    }

    @Test
    void parse_argBeforeFrom_isAllowed() {
        List<Instruction> instructions =
                Dockerfile.parse("ARG BASE=alpine\nFROM $BASE\nARG BASE\n").instructions();

        assertThat(instructions)
                .extracting(Instruction::keyword)
                .containsExactly(Keyword.ARG, Keyword.FROM, Keyword.ARG);
        assertThat(instructions.get(2).pairs()).containsExactly(new NameValue("BASE", null));
    }

    @Test
    void parse_onbuild_parsesItsTrigger() {
        Instruction onbuild = last("ONBUILD COPY --chown=a . /app/");

        assertThat(onbuild.trigger()).isNotNull();
        assertThat(onbuild.trigger().keyword()).isEqualTo(Keyword.COPY);
        assertThat(onbuild.trigger().flag("chown")).contains("a");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // Dockerfile, line, message part
                Arguments.of("FROM x\nRUN a\nRNU b", 3, "line 3: unknown instruction 'RNU'; did you mean RUN?"),
                Arguments.of("FROM x\nCOPPY a b", 2, "did you mean COPY?"),
                Arguments.of("FROM x\nentrypont [\"a\"]", 2, "did you mean ENTRYPOINT?"),
                Arguments.of("FORM x", 1, "did you mean FROM?"),
                Arguments.of("FROM x\nXYZZY a", 2, "unknown instruction 'XYZZY'; the instructions are ADD, ARG"),
                Arguments.of("FROM x\nRUN a \\\n  b\nWRKDIR /a", 4, "did you mean WORKDIR?"),
                Arguments.of("FROM x\nCOPY --own=a b c", 2, "unknown flag --own for COPY; it takes --chmod, --chown"),
                Arguments.of("FROM x\nCMD --help", 2, "unknown flag --help for CMD, which takes no flags"),
                Arguments.of("FROM x\nCOPY --from a b", 2, "flag --from of COPY needs a value"),
                Arguments.of("FROM x\nCOPY onlyone", 2, "COPY requires at least two arguments"),
                Arguments.of("FROM x\nCOPY [\"onlyone\"]", 2, "COPY requires at least two arguments"),
                Arguments.of("FROM x\nRUN", 2, "RUN needs a command"),
                Arguments.of("FROM x\nCMD [1, 2]", 2, "arrays must be comprised of strings only"),
                Arguments.of("FROM x\nSHELL /bin/bash -c", 2, "SHELL requires the arguments in JSON form"),
                Arguments.of("FROM x\nENV", 2, "ENV needs a name and a value"),
                Arguments.of("FROM x\nENV ONLYNAME", 2, "ENV ONLYNAME has no value"),
                Arguments.of("FROM x\nENV A=1 B", 2, "can't find a name=value pair in 'B'"),
                Arguments.of("FROM x\nARG =1", 2, "has no name"),
                Arguments.of("FROM x\nWORKDIR", 2, "WORKDIR requires at least one argument"),
                Arguments.of("FROM x\nEXPOSE", 2, "EXPOSE requires at least one argument"),
                Arguments.of("FROM x\nHEALTHCHECK ping", 2, "HEALTHCHECK takes NONE or CMD"),
                Arguments.of("FROM x\nONBUILD FROM y", 2, "ONBUILD cannot trigger FROM"),
                Arguments.of("FROM x\nRUN <<EOF\necho hi\nEOF", 2, "heredocs (<<EOF) are not supported"),
                Arguments.of("FROM x\nCOPY <<-\"EOF\" /a\nhi\nEOF", 2, "heredocs"),
                Arguments.of("FROM x y", 1, "FROM takes an image and an optional stage name"),
                Arguments.of("FROM x AS 1st", 1, "invalid stage name '1st'"),
                Arguments.of("FROM x AS a\nFROM y AS A", 2, "duplicate stage name 'a' (also on line 1)"),
                Arguments.of("ENV A=1\nFROM x", 1, "ENV comes before the first FROM; only ARG may come before FROM"),
                Arguments.of("ARG A=1", 0, "the Dockerfile has no FROM instruction"),
                Arguments.of("# only a comment\n\n", 0, "the Dockerfile has no instructions"),
                Arguments.of("# escape=x\nFROM a", 1, "invalid escape character 'x'"),
                Arguments.of("# escape=`\n# escape=\\\nFROM a", 2, "only one escape parser directive"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void parse_invalidDockerfile_failsNamingTheLine(String text, int line, String message) {
        assertThatThrownBy(() -> Dockerfile.parse(text))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(line))
                .hasMessageContaining(message);
    }

    @Test
    void parse_heredocLookalikes_areNotHeredocs() {
        assertThat(last("RUN echo '<<EOF'").arguments()).containsExactly("echo '<<EOF'");
        assertThat(last("RUN cat <<< hello").arguments()).containsExactly("cat <<< hello");
        assertThat(last("RUN echo $((1<<2))").arguments()).containsExactly("echo $((1<<2))");
    }
}
