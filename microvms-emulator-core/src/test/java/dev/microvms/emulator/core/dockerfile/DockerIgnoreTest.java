package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerIgnoreTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "target | target/app.jar | true",
                "target | target | true",
                "target | src/target | false",
                "/target/ | target/app.jar | true",
                "*.log | a.log | true",
                "*.log | logs/a.log | false",
                "**/*.log | logs/deep/a.log | true",
                "**/*.log | a.log | true",
                "logs/** | logs/a/b | true",
                "a?c | abc | true",
                "a?c | a/c | false",
                "[ab].txt | b.txt | true",
                "[!ab].txt | c.txt | true",
                "# comment | # comment | false",
                "target;!target/app.jar | target/app.jar | false",
                "target;!target/app.jar | target/other.jar | true",
                "*;!src;src/secret | src/secret | true",
                "*;!src;src/secret | src/main/A.java | false",
                "!keep;* | keep | true",
                "./build/../node_modules | node_modules/x | true",
                ".git | .git/config | true",
                "Dockerfile | Dockerfile | true",
            })
    void excludes_dockerPatterns_matchAsDocker(String patterns, String path, boolean excluded) {
        DockerIgnore ignore = DockerIgnore.parse(patterns.replace(';', '\n'));

        assertThat(ignore.excludes(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*.jar | app.jar | true",
                "*.jar | app.jar.bak | false",
                "** | anything | true",
                "app-?.jar | app-1.jar | true",
                "app-[0-9].jar | app-x.jar | false",
                "\\*.jar | *.jar | true",
                "\\*.jar | a.jar | false",
            })
    void segment_copyGlobs_matchOneSegment(String glob, String name, boolean matches) {
        assertThat(PathPatterns.segment(glob).matcher(name).matches()).isEqualTo(matches);
    }
}
