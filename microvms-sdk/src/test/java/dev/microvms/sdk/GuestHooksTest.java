package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import org.junit.jupiter.api.Test;

class GuestHooksTest {
    @Test
    void all_enablesTheSixHooksTheGuestLibraryServes() {
        Hooks hooks = GuestHooks.all(9000);

        assertThat(hooks.port()).isEqualTo(9000);
        assertThat(hooks.microvmImageHooks().ready()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmImageHooks().validate()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks().run()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks().resume()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks().suspend()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks().terminate()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks().runTimeoutInSeconds()).isEqualTo(10);
    }

    @Test
    void readyOnly_callsNoHookForEachMicrovm() {
        Hooks hooks = GuestHooks.readyOnly(9100);

        assertThat(hooks.microvmImageHooks().ready()).isEqualTo(HookState.ENABLED);
        assertThat(hooks.microvmHooks()).isNull();
    }
}
