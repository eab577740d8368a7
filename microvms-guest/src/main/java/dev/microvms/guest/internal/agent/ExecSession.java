package dev.microvms.guest.internal.agent;

import dev.microvms.guest.internal.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command over a WebSocket: the client's first message is a JSON request ({@code command},
 * {@code environment}, {@code workingDirectory}, {@code stdin}); its binary messages are stdin, a text
 * {@code {"type":"eof"}} closes stdin and {@code {"type":"kill"}} kills the process. The agent sends
 * stdout and stderr as binary messages tagged 1 and 2 in their first byte, then {@code {"type":"exit",
 * "code":N}} or {@code {"type":"error","reason":...,"message":...}}, and closes. If the client goes away,
 * the process and its children are killed.
 */
final class ExecSession {
    private static final System.Logger LOG = System.getLogger(ExecSession.class.getName());
    private static final int CHUNK = 32 * 1024;

    private final AgentWebSocket socket;

    ExecSession(AgentWebSocket socket) {
        this.socket = socket;
    }

    void run() throws IOException {
        AgentWebSocket.Message first = socket.read();
        if (first == null) {
            return;
        }
        Request request;
        try {
            request = Request.parse(first.asText());
        } catch (IllegalArgumentException | ClassCastException e) {
            fail("BAD_REQUEST", "the exec request is not valid: " + e.getMessage());
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(request.command);
        builder.environment().putAll(request.environment);
        if (request.workingDirectory != null) {
            File dir = new File(request.workingDirectory);
            if (!dir.isAbsolute()) {
                dir = new File(System.getProperty("user.dir"), request.workingDirectory);
            }
            if (!dir.isDirectory()) {
                fail("WORKING_DIRECTORY_NOT_FOUND", "no directory " + dir);
                return;
            }
            builder.directory(dir);
        }
        if (!request.stdin) {
            builder.redirectInput(new File("/dev/null"));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            fail(message.contains("error=2,") ? "COMMAND_NOT_FOUND" : "FAILED", message);
            return;
        }
        try {
            Thread out = pump(process.getInputStream(), (byte) 1, "stdout");
            Thread err = pump(process.getErrorStream(), (byte) 2, "stderr");
            Thread waiter = new Thread(() -> finish(process, out, err), "microvms-agent-exec-wait");
            waiter.setDaemon(true);
            waiter.start();
            readClient(process);
        } finally {
            kill(process);
        }
    }

    /** Stdin and control messages, until the client closes or goes away. */
    private void readClient(Process process) throws IOException {
        OutputStream stdin = process.getOutputStream();
        boolean stdinOpen = true;
        while (true) {
            AgentWebSocket.Message m;
            try {
                m = socket.read();
            } catch (IOException e) {
                return;
            }
            if (m == null) {
                return;
            }
            if (!m.text()) {
                if (stdinOpen) {
                    try {
                        stdin.write(m.payload());
                        stdin.flush();
                    } catch (IOException e) {
                        // The process stopped reading (or exited); what it did not read is dropped, as a pipe does.
                        stdinOpen = false;
                    }
                }
                continue;
            }
            String control = m.asText();
            if (control.contains("\"eof\"") && stdinOpen) {
                stdinOpen = false;
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // already closed by the process's end
                }
            } else if (control.contains("\"kill\"")) {
                kill(process);
            }
        }
    }

    private Thread pump(InputStream from, byte tag, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[CHUNK + 1];
                    buffer[0] = tag;
                    try (from) {
                        for (int n = from.read(buffer, 1, CHUNK); n >= 0; n = from.read(buffer, 1, CHUNK)) {
                            if (n > 0) {
                                socket.sendBinary(buffer, 0, n + 1);
                            }
                        }
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "exec " + name + " stopped", e);
                    }
                },
                "microvms-agent-exec-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void finish(Process process, Thread out, Thread err) {
        try {
            int code = process.waitFor();
            out.join();
            err.join();
            socket.sendText(Json.fields("type", "exit", "code", code));
            socket.close(AgentWebSocket.NORMAL, "exited");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "exec result not sent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String reason, String message) throws IOException {
        socket.sendText(Json.fields("type", "error", "reason", reason, "message", message));
        socket.close(AgentWebSocket.NORMAL, "not started");
    }

    /** Kills the process and everything it started, as leaving a session should. */
    static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client's request. */
    private static final class Request {
        final List<String> command = new ArrayList<>();
        final Map<String, String> environment = new java.util.LinkedHashMap<>();
        String workingDirectory;
        boolean stdin;

        @SuppressWarnings("unchecked")
        static Request parse(String json) {
            Object parsed = JsonReader.parse(json);
            if (!(parsed instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> m = (Map<String, Object>) parsed;
            Request r = new Request();
            Object command = m.get("command");
            if (!(command instanceof List) || ((List<?>) command).isEmpty()) {
                throw new IllegalArgumentException("command must be a non-empty array of strings");
            }
            for (Object a : (List<Object>) command) {
                r.command.add((String) a);
            }
            Object env = m.get("environment");
            if (env instanceof Map) {
                ((Map<String, Object>) env).forEach((k, v) -> r.environment.put(k, (String) v));
            }
            Object dir = m.get("workingDirectory");
            r.workingDirectory = dir instanceof String ? (String) dir : null;
            r.stdin = Boolean.TRUE.equals(m.get("stdin"));
            return r;
        }
    }
}
