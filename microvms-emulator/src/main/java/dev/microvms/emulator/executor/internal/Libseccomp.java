package dev.microvms.emulator.executor.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The few calls of libseccomp ({@code libseccomp2} on Debian and Ubuntu, {@code libseccomp} on Fedora)
 * that build a filter and export it as classic BPF for bubblewrap's {@code --seccomp FD}: libseccomp
 * knows every architecture's syscall numbers and writes the architecture checks that a hand-written
 * program gets wrong.
 */
public interface Libseccomp extends Library {
    /** Let the call through. */
    int ACT_ALLOW = 0x7fff0000;

    /** {@code SCMP_ARCH_X86_64}. */
    int ARCH_X86_64 = 0xc000003e;

    /** {@code SCMP_ARCH_X86}: 32-bit programs on x86_64. */
    int ARCH_X86 = 0x40000003;

    /** {@code SCMP_ARCH_X32}. */
    int ARCH_X32 = 0x4000003e;

    /** {@code SCMP_ARCH_AARCH64}. */
    int ARCH_AARCH64 = 0xc00000b7;

    /** {@code SCMP_ARCH_ARM}: 32-bit programs on aarch64. */
    int ARCH_ARM = 0x40000028;

    /** {@code SCMP_CMP_MASKED_EQ}: {@code (arg & datumA) == datumB}. */
    int CMP_MASKED_EQ = 7;

    /** {@code __NR_SCMP_ERROR}: a name libseccomp does not know. */
    int NR_ERROR = -1;

    /**
     * @param errno the error the call fails with
     * @return {@code SCMP_ACT_ERRNO(errno)}
     */
    static int actErrno(int errno) {
        return 0x00050000 | (errno & 0xffff);
    }

    @Nullable
    Pointer seccomp_init(int defaultAction);

    void seccomp_release(Pointer context);

    int seccomp_arch_native();

    int seccomp_arch_add(Pointer context, int arch);

    int seccomp_syscall_resolve_name(String name);

    int seccomp_rule_add_array(
            Pointer context, int action, int syscall, int argCount, ArgumentComparison.@Nullable ByReference args);

    int seccomp_export_bpf(Pointer context, int fd);

    /** {@code struct scmp_arg_cmp}: one comparison of a call's argument. */
    @Structure.FieldOrder({"arg", "op", "datumA", "datumB"})
    class ArgumentComparison extends Structure {
        /** Which argument, from 0. */
        public int arg;

        /** One of the {@code CMP_} values. */
        public int op;

        public long datumA;
        public long datumB;

        /** Passed as {@code const struct scmp_arg_cmp *}. */
        public static class ByReference extends ArgumentComparison implements Structure.ByReference {}
    }

    /** @return libseccomp, or empty where it is not installed */
    static Optional<Libseccomp> load() {
        return Loaded.LIBSECCOMP;
    }

    /** Loaded once, on first use. */
    final class Loaded {
        static final Optional<Libseccomp> LIBSECCOMP = load0();

        private Loaded() {}

        private static Optional<Libseccomp> load0() {
            // Without the -dev package there is no libseccomp.so, only the versioned name.
            for (String name : new String[] {"seccomp", "libseccomp.so.2"}) {
                try {
                    return Optional.of(Native.load(name, Libseccomp.class));
                } catch (LinkageError e) {
                    // try the next name
                }
            }
            return Optional.empty();
        }
    }
}
