package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** setns(2) through JNA, where this JVM may (root); the sandbox tests cover other namespaces than its own. */
class NetNamespacesTest {
    private static NetNamespaces namespaces;

    @BeforeAll
    static void probe() {
        NetNamespaces.Probe probe = NetNamespaces.probe();
        assumeTrue(probe.namespaces() != null, "cannot enter network namespaces here: " + probe.detail());
        namespaces = probe.namespaces();
    }

    @Test
    void openSocket_inThisProcesssNamespace_connectsToItsLoopback() throws IOException {
        int namespace = namespaces.namespaceOf(ProcessHandle.current().pid());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SocketChannel channel = namespaces.openSocket(namespace)) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                assertThat(accepted.getPort()).isEqualTo(((InetSocketAddress) channel.getLocalAddress()).getPort());
            }
        } finally {
            namespaces.release(namespace);
        }
    }

    @Test
    void openSocket_manyTimes_leavesTheEnteringThreadAtHome() throws IOException {
        int namespace = namespaces.namespaceOf(ProcessHandle.current().pid());
        try {
            for (int i = 0; i < 100; i++) {
                namespaces.openSocket(namespace).close();
            }
        } finally {
            namespaces.release(namespace);
        }
        assertThat(netnsOfThread("microvms-netns")).isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
    }

    @Test
    void openSocket_intoAnotherNamespace_returnsTheThreadHome() throws Exception {
        Process other;
        try {
            other = new ProcessBuilder("unshare", "--net", "sleep", "30").start();
        } catch (IOException noUnshare) {
            assumeTrue(false, "unshare (util-linux) is not installed: " + noUnshare.getMessage());
            return;
        }
        try {
            Path otherNet = Path.of("/proc", Long.toString(other.pid()), "ns", "net");
            Path home = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            for (int i = 0; i < 100 && Files.readSymbolicLink(otherNet).equals(home); i++) {
                Thread.sleep(10); // unshare has not run yet
            }
            assumeTrue(!Files.readSymbolicLink(otherNet).equals(home), "unshare --net did not make a namespace");
            int namespace = namespaces.namespaceOf(other.pid());
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    SocketChannel channel = namespaces.openSocket(namespace)) {
                // The other namespace's loopback has no such listener (nor is it even up).
                assertThatThrownBy(() -> channel.connect(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())))
                        .isInstanceOf(IOException.class);
            } finally {
                namespaces.release(namespace);
            }
            assertThat(netnsOfThread("microvms-netns")).isEqualTo(home);
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void shortLivedThreads_openInTheTargetNamespaceAndEndThere() throws Exception {
        NetNamespaces shortLived = NetNamespaces.withShortLivedThreads();
        int own = shortLived.namespaceOf(ProcessHandle.current().pid());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SocketChannel channel = shortLived.openSocket(own)) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            server.accept().close();
        } finally {
            shortLived.release(own);
        }
        for (int i = 0; i < 100 && threadNamed("microvms-netns-once"); i++) {
            Thread.sleep(10);
        }
        assertThat(threadNamed("microvms-netns-once"))
                .as("the short-lived thread has ended")
                .isFalse();
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name));
    }

    private static Path netnsOfThread(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).trim().equals(name)) {
                    return Files.readSymbolicLink(task.resolve("ns/net"));
                }
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    @Test
    void namespaceOf_processThatDoesNotExist_saysWhichProcess() {
        assertThatThrownBy(() -> namespaces.namespaceOf(Integer.MAX_VALUE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("process " + Integer.MAX_VALUE);
    }
}
