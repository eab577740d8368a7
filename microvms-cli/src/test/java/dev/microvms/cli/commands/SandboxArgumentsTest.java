package dev.microvms.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxArgumentsTest {
    @Test
    void cpLocation_isAMicrovmsPathOnlyWithAnIdBeforeTheColon() {
        assertThat(CpCommand.Location.parse("microvm-1:/tmp/x"))
                .isEqualTo(new CpCommand.Location("microvm-1", "/tmp/x"));
        assertThat(CpCommand.Location.parse("./a:b").remote()).isFalse();
        assertThat(CpCommand.Location.parse("/abs/path").remote()).isFalse();
        assertThat(CpCommand.Location.parse("C:\\dir").remote()).isFalse();
        assertThatThrownBy(() -> CpCommand.Location.parse("microvm-1:")).hasMessageContaining("microvm-1:/path");
    }

    @Test
    void portForwardPorts_takeLocalColonRemoteOrOnePort() {
        assertThat(PortForwardCommand.parse("8080")).containsExactly(8080, 8080);
        assertThat(PortForwardCommand.parse("0:9000")).containsExactly(0, 9000);
        assertThatThrownBy(() -> PortForwardCommand.parse("a:b")).hasMessageContaining("LOCAL:REMOTE");
        assertThatThrownBy(() -> PortForwardCommand.parse("80:0")).hasMessageContaining("1 to 65535");
    }
}
