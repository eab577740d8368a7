package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The seccomp filter of every sandbox: the calls a MicroVM never needs fail with {@code EPERM}, everything
 * else is allowed. Built once per JVM with libseccomp and written as BPF to a file of this JVM's own
 * ({@link PrivateFiles}),
 * which bubblewrap reads with {@code --seccomp FD}. The list and the reasons are in {@code
 * docs/design/isolation.md}.
 *
 * <p>Two variants: the sandbox's, for apps and build steps, and the shell's, which also allows {@code
 * setns} because {@code nsenter} runs under it to enter the MicroVM (with no capability left once it has
 * entered, {@code setns} can enter nothing else).
 */
public final class SeccompFilter {
    /** Calls that fail with EPERM in every sandbox. */
    public static final List<String> DENIED = List.of(
            // No mount of any kind (the classic call and the new mount API), no new root, no swap.
            "mount",
            "umount",
            "umount2",
            "mount_setattr",
            "move_mount",
            "open_tree",
            "fsopen",
            "fsconfig",
            "fsmount",
            "fspick",
            "pivot_root",
            "chroot",
            "swapon",
            "swapoff",
            // No new namespaces and no entering others (clone with CLONE_NEW* flags is refused below).
            "unshare",
            "setns",
            // The kernel's own: modules, kexec, reboot, BPF, perf, userfaultfd, io_uring, keyrings.
            "init_module",
            "finit_module",
            "delete_module",
            "kexec_load",
            "kexec_file_load",
            "reboot",
            "bpf",
            "perf_event_open",
            "userfaultfd",
            "io_uring_setup",
            "io_uring_enter",
            "io_uring_register",
            "keyctl",
            "add_key",
            "request_key",
            // Other processes' memory.
            "ptrace",
            "process_vm_readv",
            "process_vm_writev",
            "kcmp",
            // Host-wide state and old interfaces.
            "open_by_handle_at",
            "acct",
            "quotactl",
            "quotactl_fd",
            "syslog",
            "settimeofday",
            "clock_settime",
            "iopl",
            "ioperm",
            "lookup_dcookie",
            "uselib",
            "fanotify_init",
            "nfsservctl",
            "vm86",
            "vm86old",
            "_sysctl");

    /** The namespace flags of clone(2) that make a new namespace; refused like unshare. */
    static final long CLONE_NEW_FLAGS = 0x00020000L // CLONE_NEWNS
            | 0x02000000L // CLONE_NEWCGROUP
            | 0x04000000L // CLONE_NEWUTS
            | 0x08000000L // CLONE_NEWIPC
            | 0x10000000L // CLONE_NEWUSER
            | 0x20000000L // CLONE_NEWPID
            | 0x40000000L; // CLONE_NEWNET

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int O_WRONLY = 1;

    /**
     * The filters of this JVM, or why there are none.
     *
     * @param sandbox the BPF file for apps and build steps
     * @param shell the BPF file for the shell's {@code nsenter}
     * @param detail what they hold, or why they could not be made, for the start-up line and doctor
     */
    public record Filters(@Nullable Path sandbox, @Nullable Path shell, String detail) {
        /** @return true when both files exist */
        public boolean present() {
            return sandbox != null && shell != null;
        }
    }

    private static final class Detected {
        static final Filters INSTANCE = make();
    }

    private SeccompFilter() {}

    /** @return the filters, made on first use */
    public static Filters detected() {
        return Detected.INSTANCE;
    }

    private static Filters make() {
        Optional<Libseccomp> libseccomp = Libseccomp.load();
        if (libseccomp.isEmpty()) {
            return new Filters(
                    null,
                    null,
                    "no seccomp filter, because libseccomp is not installed (apt-get install libseccomp2, dnf install"
                            + " libseccomp)");
        }
        try {
            Path sandbox = export(libseccomp.get(), DENIED, "sandbox.bpf");
            List<String> shellDenied = new ArrayList<>(DENIED);
            shellDenied.remove("setns");
            Path shell = export(libseccomp.get(), shellDenied, "shell.bpf");
            return new Filters(
                    sandbox,
                    shell,
                    "a seccomp filter refuses " + DENIED.size() + " calls (mount, unshare, setns, ptrace, bpf, ...)"
                            + " and clone of new namespaces");
        } catch (IOException | RuntimeException e) {
            return new Filters(
                    null, null, "no seccomp filter, because libseccomp could not build one: " + e.getMessage());
        }
    }

    /**
     * Builds one filter and writes it as BPF.
     *
     * @param libseccomp the library
     * @param denied the calls that fail with EPERM
     * @param fileName the file's name in this JVM's {@link PrivateFiles}
     * @return the file, readable by its owner only
     * @throws IOException when libseccomp refuses a rule or the file cannot be written
     */
    static Path export(Libseccomp libseccomp, List<String> denied, String fileName) throws IOException {
        Pointer context = libseccomp.seccomp_init(Libseccomp.ACT_ALLOW);
        if (context == null) {
            throw new IOException("seccomp_init failed");
        }
        try {
            addSecondaryArchitectures(libseccomp, context);
            int eperm = Libseccomp.actErrno(EPERM);
            for (String name : denied) {
                int number = libseccomp.seccomp_syscall_resolve_name(name);
                if (number == Libseccomp.NR_ERROR) {
                    continue; // a call this libseccomp does not know is one no program here makes
                }
                check(libseccomp.seccomp_rule_add_array(context, eperm, number, 0, null), "deny " + name);
            }
            int clone = libseccomp.seccomp_syscall_resolve_name("clone");
            for (long flag : flags(CLONE_NEW_FLAGS)) {
                Libseccomp.ArgumentComparison.ByReference arg = new Libseccomp.ArgumentComparison.ByReference();
                arg.arg = 0;
                arg.op = Libseccomp.CMP_MASKED_EQ;
                arg.datumA = flag;
                arg.datumB = flag;
                check(libseccomp.seccomp_rule_add_array(context, eperm, clone, 1, arg), "deny clone " + flag);
            }
            // clone3 takes its flags in memory a filter cannot read: ENOSYS makes the C library use clone.
            int clone3 = libseccomp.seccomp_syscall_resolve_name("clone3");
            if (clone3 != Libseccomp.NR_ERROR) {
                check(
                        libseccomp.seccomp_rule_add_array(context, Libseccomp.actErrno(ENOSYS), clone3, 0, null),
                        "clone3");
            }
            Path file = PrivateFiles.write(fileName, "");
            writeBpf(libseccomp, context, file);
            return file;
        } finally {
            libseccomp.seccomp_release(context);
        }
    }

    private static void writeBpf(Libseccomp libseccomp, Pointer context, Path file) throws IOException {
        Libc libc = Libc.load().orElseThrow(() -> new IOException("the C library cannot be loaded through JNA"));
        int fd;
        try {
            fd = libc.open(file.toString(), O_WRONLY);
        } catch (LastErrorException e) {
            throw new IOException("Cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            check(libseccomp.seccomp_export_bpf(context, fd), "seccomp_export_bpf");
        } finally {
            libc.close(fd);
        }
        if (Files.size(file) == 0) {
            throw new IOException("seccomp_export_bpf wrote nothing to " + file);
        }
    }

    /** 32-bit programs on a 64-bit host use other call numbers: the same rules must hold for them. */
    private static void addSecondaryArchitectures(Libseccomp libseccomp, Pointer context) {
        int nativeArch = libseccomp.seccomp_arch_native();
        List<Integer> secondary = nativeArch == Libseccomp.ARCH_X86_64
                ? List.of(Libseccomp.ARCH_X86, Libseccomp.ARCH_X32)
                : nativeArch == Libseccomp.ARCH_AARCH64 ? List.of(Libseccomp.ARCH_ARM) : List.of();
        for (int arch : secondary) {
            // Where the kernel lacks one (no x32, say), the rules are still written for it: harmless.
            libseccomp.seccomp_arch_add(context, arch);
        }
    }

    private static List<Long> flags(long mask) {
        List<Long> flags = new ArrayList<>();
        for (long bit = 1; bit != 0 && bit <= mask; bit <<= 1) {
            if ((mask & bit) != 0) {
                flags.add(bit);
            }
        }
        return flags;
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("libseccomp refused " + what + " (error " + -result + ")");
        }
    }
}
