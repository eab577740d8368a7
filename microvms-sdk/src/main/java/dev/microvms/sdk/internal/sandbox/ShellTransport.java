package dev.microvms.sdk.internal.sandbox;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.FileInfo;
import dev.microvms.sdk.SandboxTransport;
import dev.microvms.sdk.ShellSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exec and files over the service's shell: each call takes a {@link ShellChannel} from a small pool (a
 * shell session with the framing loop running), or starts one, and gives it back when the call ended
 * cleanly. Files move as base64 with a SHA-256 of the whole checked at the far end (uploads) or here
 * (downloads).
 */
public final class ShellTransport implements Transport {
    /** Raw bytes per upload request: each costs a round trip and a few processes in the MicroVM. */
    private static final int UPLOAD_CHUNK = 3 * 1024 * 1024;

    private final Supplier<ShellSession> opener;
    private final String microvmId;
    private final Duration startTimeout;
    private final int maxIdle;
    private final Deque<ShellChannel> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param opener opens a shell session (a shell token, then the WebSocket)
     * @param microvmId the MicroVM, for messages
     * @param startTimeout how long a new session may take to start the framing loop
     * @param maxIdle how many started sessions are kept for later calls
     */
    public ShellTransport(Supplier<ShellSession> opener, String microvmId, Duration startTimeout, int maxIdle) {
        this.opener = opener;
        this.microvmId = microvmId;
        this.startTimeout = startTimeout;
        this.maxIdle = maxIdle;
    }

    @Override
    public SandboxTransport kind() {
        return SandboxTransport.SHELL;
    }

    @Override
    public int exec(ExecRequest request, ExecListener listener) {
        ShellChannel channel = acquire();
        try {
            return ShellExec.run(channel, microvmId, request, listener);
        } catch (RuntimeException e) {
            channel.poison();
            throw e;
        } finally {
            release(channel);
        }
    }

    @Override
    public FileInfo stat(String path) {
        ShellRecord r = call("stat", path, "st", List.of(path));
        return info(path, name(path), r.rest());
    }

    @Override
    public List<FileInfo> list(String directory) {
        ShellRecord r = call("list", directory, "l", List.of(directory));
        byte[] payload = r.decoded(0);
        List<FileInfo> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                String entry = new String(payload, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                String[] parts = entry.split(" ", 4);
                if (parts.length == 4) {
                    entries.add(info(child(directory, parts[3]), parts[3], parts[0] + " " + parts[1] + " " + parts[2]));
                }
            }
        }
        return entries;
    }

    @Override
    public void read(String path, OutputStream out) {
        ShellChannel channel = acquire();
        try {
            int seq = channel.nextSeq();
            channel.send(channel.request("rd", seq).arg(path));
            ShellRecord head = answer(channel, seq);
            if (head.type().equals("F")) {
                throw failure(head, "read", path);
            }
            MessageDigest sha = sha256();
            Base64.Decoder decoder = Base64.getDecoder();
            while (true) {
                byte[] line = channel.line();
                ShellRecord r = channel.record(line);
                if (r == null) {
                    byte[] bytes = decoder.decode(line);
                    sha.update(bytes);
                    write(out, bytes, channel);
                    continue;
                }
                if (r.seq() == seq && r.type().equals("E")) {
                    String got = HexFormat.of().formatHex(sha.digest());
                    if (!got.equals(r.field(0))) {
                        throw FileErrors.of("CHECKSUM", microvmId, "read", path, null);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw broken(e, "read " + path);
        } finally {
            release(channel);
        }
    }

    @Override
    public void write(String path, InputStream in, int mode) {
        String temporary = temporaryName(path);
        ShellChannel channel = acquire();
        boolean written = false;
        try {
            expectOk(
                    channel,
                    "write",
                    path,
                    channel.request("wo", channel.nextSeq()).arg(temporary));
            MessageDigest sha = sha256();
            byte[] chunk = new byte[UPLOAD_CHUNK];
            while (true) {
                int n = in.readNBytes(chunk, 0, chunk.length);
                if (n <= 0) {
                    break;
                }
                sha.update(chunk, 0, n);
                byte[] encoded =
                        Base64.getEncoder().encode(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
                int seq = channel.nextSeq();
                channel.send(channel.request("wa", seq).arg(encoded.length).arg(temporary));
                ShellRecord go = answer(channel, seq);
                if (!go.type().equals("G")) {
                    throw failure(go, "write", path);
                }
                channel.data(encoded);
                ShellRecord done = answer(channel, seq);
                if (!done.type().equals("OK")) {
                    throw failure(done, "write", path);
                }
            }
            expectOk(
                    channel,
                    "write",
                    path,
                    channel.request("wk", channel.nextSeq())
                            .arg(temporary)
                            .arg(path)
                            .arg(HexFormat.of().formatHex(sha.digest()))
                            .arg(Integer.toOctalString(mode & 07777)));
            written = true;
        } catch (IOException e) {
            channel.poison();
            throw broken(e, "write " + path);
        } finally {
            if (!written && channel.usable()) {
                try {
                    expectOk(
                            channel,
                            "clean up",
                            temporary,
                            channel.request("wx", channel.nextSeq()).arg(temporary));
                } catch (IOException | RuntimeException e) {
                    channel.poison();
                }
            }
            release(channel);
        }
    }

    @Override
    public void createDirectories(String path) {
        call("create directory", path, "md", List.of(path));
    }

    @Override
    public void delete(String path, boolean recursive) {
        call("delete", path, "rmp", List.of(recursive ? "1" : "0", path));
    }

    @Override
    public String readLink(String path) {
        return new String(call("read link", path, "rl", List.of(path)).decoded(0), StandardCharsets.UTF_8);
    }

    @Override
    public void createLink(String path, String target) {
        call("create link", path, "sl", List.of(target, path));
    }

    @Override
    public void close() {
        List<ShellChannel> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(ShellChannel::close);
    }

    private ShellRecord call(String operation, String path, String function, List<String> args) {
        ShellChannel channel = acquire();
        try {
            int seq = channel.nextSeq();
            channel.send(channel.request(function, seq).args(args));
            ShellRecord r = answer(channel, seq);
            if (r.type().equals("F")) {
                throw failure(r, operation, path);
            }
            return r;
        } catch (IOException e) {
            throw broken(e, operation + " " + path);
        } finally {
            release(channel);
        }
    }

    private void expectOk(ShellChannel channel, String operation, String path, ShellRequest request)
            throws IOException {
        channel.send(request);
        ShellRecord r = answer(channel, request.seq());
        if (!r.type().equals("OK")) {
            throw failure(r, operation, path);
        }
    }

    private static ShellRecord answer(ShellChannel channel, int seq) throws IOException {
        while (true) {
            ShellRecord r = channel.next();
            if (r.seq() == seq) {
                return r;
            }
        }
    }

    private RuntimeException failure(ShellRecord r, String operation, String path) {
        if (!r.type().equals("F")) {
            return new MicrovmsClientException("The shell of " + microvmId + " answered " + r.type() + " to "
                    + operation + " " + path + "; the session is out of step and is dropped.");
        }
        String code = r.field(0);
        String detail = null;
        if (!r.field(1).isEmpty() && !code.equals("CHECKSUM")) {
            detail = new String(Base64.getMimeDecoder().decode(r.field(1)), StandardCharsets.UTF_8);
        }
        return FileErrors.of(code, microvmId, operation, path, detail);
    }

    private MicrovmsClientException broken(IOException e, String what) {
        return new MicrovmsClientException("The shell of " + microvmId + " closed during " + what + " (" + e + ").", e);
    }

    private void write(OutputStream out, byte[] bytes, ShellChannel channel) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            channel.abort();
            throw new UncheckedIOException("Could not write what was read from " + microvmId + ": " + e, e);
        }
    }

    private ShellChannel acquire() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("This sandbox of " + microvmId + " is closed.");
            }
            while (!idle.isEmpty()) {
                ShellChannel c = idle.pop();
                if (c.usable()) {
                    return c;
                }
                c.close();
            }
        }
        return ShellChannel.start(opener.get(), microvmId, startTimeout);
    }

    private void release(ShellChannel channel) {
        synchronized (this) {
            if (!closed && channel.usable() && idle.size() < maxIdle) {
                idle.push(channel);
                return;
            }
        }
        channel.close();
    }

    private static FileInfo info(String path, String name, String fields) {
        String[] parts = fields.split(" ");
        int stMode = Integer.parseInt(parts[0], 16);
        return new FileInfo(
                path,
                name,
                FileInfo.typeOf(stMode),
                Long.parseLong(parts[1]),
                stMode & 07777,
                Instant.ofEpochSecond(Long.parseLong(parts[2])));
    }

    static String child(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    static String name(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    private static String temporaryName(String path) {
        int slash = path.lastIndexOf('/');
        String directory = slash < 0 ? "" : path.substring(0, slash + 1);
        String suffix = Long.toString(System.nanoTime() & 0xffffff, 36);
        return directory + "." + path.substring(slash + 1) + ".mvx-" + suffix;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
