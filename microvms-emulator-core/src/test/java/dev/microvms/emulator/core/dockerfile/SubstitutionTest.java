package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionTest {

    private static final Map<String, String> VARIABLES = Map.of("NAME", "app", "EMPTY", "", "PORT", "8080");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "$NAME | app",
                "${NAME} | app",
                "/opt/$NAME/bin | /opt/app/bin",
                "${NAME}_x | app_x",
                "$NAME_x | ~~",
                "$UNSET | ~~",
                "${UNSET:-dflt} | dflt",
                "${EMPTY:-dflt} | dflt",
                "${NAME:-dflt} | app",
                "${UNSET-dflt} | dflt",
                "${EMPTY-dflt} | ~~",
                "${NAME:+alt} | alt",
                "${EMPTY:+alt} | ~~",
                "${EMPTY+alt} | alt",
                "${UNSET+alt} | ~~",
                "${UNSET:-$NAME-$PORT} | app-8080",
                "${UNSET:-${PORT:-1}} | 8080",
                "\\$NAME | $NAME",
                "\\${NAME} | ${NAME}",
                "'$NAME' | $NAME",
                "\"$NAME\" | app",
                "\"a \\\"b\\\" \\$NAME\" | a \"b\" $NAME",
                "\"c:\\path\" | c:\\path",
                "a\\ b | a b",
                "x=\"two words\" | x=two words",
                "$ | $",
                "cost=$5 | cost=",
                "100% | 100%",
                "$NAME$PORT | app8080",
                "${NAME:?} | app",
                "~a  b~ | a  b",
            })
    void apply_dockerRules_substitutesAsDocker(String word, String expected) {
        assertThat(new Substitution(VARIABLES, '\\').apply(word)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"`$NAME | $NAME", "c:\\$NAME | c:\\app", "a`` | a`", "\"`\"\" | \""})
    void apply_backtickEscape_escapesWithBacktick(String word, String expected) {
        assertThat(new Substitution(VARIABLES, '`').apply(word)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "${NAME | missing '}'",
                "${ | missing '}'",
                "${} | bad substitution",
                "${:-x} | bad substitution",
                "${NAME%x} | unsupported modifier (%)",
                "${NAME:=x} | unsupported modifier (:=)",
                "'open | matching single-quote",
                "\"open | matching double-quote",
                "${UNSET:?must be set} | UNSET: must be set",
                "${UNSET?} | UNSET: is not allowed to be unset",
            })
    void apply_badSyntax_failsWithTheReason(String word, String message) {
        assertThatThrownBy(() -> new Substitution(VARIABLES, '\\').apply(word))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
