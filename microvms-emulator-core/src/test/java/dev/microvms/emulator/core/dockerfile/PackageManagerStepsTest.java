package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageManagerStepsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                // command | what runs (- for nothing) | skipped, separated by ; (- for none)
                "dnf install -y java-21-amazon-corretto-headless && dnf clean all | - "
                        + "| dnf install -y java-21-amazon-corretto-headless;dnf clean all",
                "dnf install -y x && mkdir -p /app/data | mkdir -p /app/data | dnf install -y x",
                "mkdir /a && yum -y install tar && touch /a/b | mkdir /a && touch /a/b | yum -y install tar",
                "apt-get update; apt-get install -y curl; echo ok | echo ok | apt-get update;apt-get install -y curl",
                "echo a; dnf clean all | echo a; true | dnf clean all",
                "echo a && microdnf clean all | echo a | microdnf clean all",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y x && echo y | echo y "
                        + "| DEBIAN_FRONTEND=noninteractive apt-get install -y x",
                "sudo /usr/bin/apk add --no-cache curl && echo y | echo y | sudo /usr/bin/apk add --no-cache curl",
                "rpm --import key.asc && echo 'a && b' | echo 'a && b' | rpm --import key.asc",
                "echo \"dnf; install\" > /f | echo \"dnf; install\" > /f | -",
                "mkdir -p /app 2>&1 && dnf install -y x | mkdir -p /app 2>&1 | dnf install -y x",
                "java -version | java -version | -",
            })
    void plan_simpleChains_skipOnlyPackageManagerCommands(String command, String run, String skipped) {
        PackageManagerSteps.Plan plan = PackageManagerSteps.plan(command);

        assertThat(plan.run()).isEqualTo(run.equals("-") ? null : run);
        assertThat(plan.skipped()).isEqualTo(skipped.equals("-") ? List.of() : Arrays.asList(skipped.split(";", -1)));
        assertThat(plan.unsplittable()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '~',
            value = {
                // command => syntax => whether all of it is skipped
                "dnf install -y x | tee /log => a pipe => true",
                "apt-get update || true => '||' => true",
                "if command -v dnf; then dnf install -y x; fi => 'if' => false",
                "for p in a b; do apk add $p; done => 'for' => false",
                "(cd /app && dnf install x) => a subshell => false",
                "echo $(rpm -q x) && mkdir /a => command substitution => false",
                "echo \"`dnf --version`\" => command substitution => false",
                "dnf install -y x & wait => a background job (&) => true",
                "cat <<EOF => a heredoc => false",
                "dnf install x # comment => a comment => true",
                "{ dnf install x; } => a command group => false",
                "echo 'unclosed && dnf install => an unclosed quote => false",
            })
    void plan_otherShellSyntax_isNotSplit(String command, String syntax, boolean skippedWhole) {
        PackageManagerSteps.Plan plan = PackageManagerSteps.plan(command);

        assertThat(plan.unsplittable()).isEqualTo(syntax);
        if (skippedWhole) {
            assertThat(plan.run()).isNull();
            assertThat(plan.skipped()).containsExactly(command);
        } else {
            assertThat(plan.run()).isEqualTo(command);
            assertThat(plan.skipped()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"dnf,install,-y,x | true", "/usr/bin/apt-get,update | true", "java,-jar,a.jar | false"})
    void isPackageManager_execForm_looksAtTheProgram(String argv, boolean expected) {
        assertThat(PackageManagerSteps.isPackageManager(List.of(argv.split(",", -1))))
                .isEqualTo(expected);
    }
}
