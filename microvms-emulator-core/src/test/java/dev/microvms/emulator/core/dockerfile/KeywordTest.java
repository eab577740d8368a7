package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordTest {

    @ParameterizedTest
    @CsvSource({
        "RNU, RUN",
        "rnu, RUN",
        "CPOY, COPY",
        "ENTRYPONT, ENTRYPOINT",
        "EXPOS, EXPOSE",
        "LABLE, LABEL",
        "WORKDIRR, WORKDIR",
        "FORM, FROM",
        "XYZ, ''",
        "INSTALL, ''",
    })
    void closest_misspeltKeyword_suggestsTheLikelyOne(String word, String expected) {
        Optional<Keyword> closest = Keyword.closest(word);

        if (expected.isEmpty()) {
            assertThat(closest).isEmpty();
        } else {
            assertThat(closest).contains(Keyword.valueOf(expected));
        }
    }

    @ParameterizedTest
    @CsvSource({"from, FROM", "Run, RUN", "healthCheck, HEALTHCHECK"})
    void find_anyCase_findsTheKeyword(String word, Keyword keyword) {
        assertThat(Keyword.find(word)).contains(keyword);
    }
}
