package dev.microvms.sdk.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.ExecException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.internal.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One command through the agent's exec WebSocket: a JSON request first, then binary messages both ways
 * (stdin to the agent; stdout and stderr back, tagged 1 and 2 in their first byte), and a JSON {@code exit}
 * or {@code error} message at the end. The timeout closes the WebSocket, which kills the command.
 */
final class AgentExec implements WebSocket.Listener {
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDIN_CHUNK = 64 * 1024;

    private final String microvmId;
    private final ExecRequest request;
    private final ExecListener listener;
    private final CompletableFuture<JsonNode> end = new CompletableFuture<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private volatile @Nullable RuntimeException listenerFailure;

    private AgentExec(String microvmId, ExecRequest request, ExecListener listener) {
        this.microvmId = microvmId;
        this.request = request;
        this.listener = listener;
    }

    static int run(
            String microvmId,
            ExecRequest request,
            ExecListener listener,
            Function<WebSocket.Listener, WebSocket> open) {
        AgentExec exec = new AgentExec(microvmId, request, listener);
        WebSocket socket = open.apply(exec);
        return exec.run(socket);
    }

    private int run(WebSocket socket) {
        Thread pump = null;
        Runnable kill = () -> {
            socket.abort();
            end.completeExceptionally(new IOException("aborted"));
        };
        try (Watchdog watchdog = Watchdog.start(request.timeout().orElse(null), kill)) {
            await(socket.sendText(start().toString(), true));
            if (request.hasStdin()) {
                pump = new Thread(() -> pumpStdin(socket), "microvms-exec-stdin-" + microvmId);
                pump.setDaemon(true);
                pump.start();
            }
            JsonNode done;
            try {
                done = end.get();
            } catch (ExecutionException e) {
                RuntimeException failed = listenerFailure;
                if (failed != null) {
                    throw failed;
                }
                if (watchdog.fired()) {
                    throw new ExecException(
                            ExecException.Reason.TIMED_OUT,
                            microvmId,
                            request.describe(),
                            null,
                            "`" + request.describe() + "` ran longer than its timeout of "
                                    + Durations.format(request.timeout().orElseThrow()) + " in " + microvmId
                                    + " and was killed.");
                }
                throw new MicrovmsClientException(
                        "The agent of " + microvmId + " closed the connection while `" + request.describe()
                                + "` was running (" + e.getCause() + "); the exit code is unknown.",
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MicrovmsClientException("Interrupted while `" + request.describe() + "` ran.", e);
            }
            return exitOf(done);
        } finally {
            if (pump != null) {
                pump.interrupt();
            }
            socket.abort();
        }
    }

    private ObjectNode start() {
        ObjectNode start = JSON.createObjectNode();
        request.argv().forEach(start.putArray("command")::add);
        ObjectNode env = start.putObject("environment");
        request.environment().forEach(env::put);
        request.workingDirectory().ifPresent(d -> start.put("workingDirectory", d));
        start.put("stdin", request.hasStdin());
        return start;
    }

    private int exitOf(JsonNode done) {
        String type = done.path("type").asText("");
        if (type.equals("exit")) {
            return done.path("code").asInt();
        }
        String reason = done.path("reason").asText("");
        String detail = done.path("message").asText("");
        switch (reason) {
            case "COMMAND_NOT_FOUND":
                throw new ExecException(
                        ExecException.Reason.COMMAND_NOT_FOUND,
                        microvmId,
                        request.describe(),
                        null,
                        "The command `" + request.argv().get(0) + "` was not found in " + microvmId + " (" + detail
                                + "). Give its full path, or install it in the image.");
            case "WORKING_DIRECTORY_NOT_FOUND":
                throw new ExecException(
                        ExecException.Reason.WORKING_DIRECTORY_NOT_FOUND,
                        microvmId,
                        request.describe(),
                        null,
                        "The working directory " + request.workingDirectory().orElse("") + " does not exist in "
                                + microvmId + "; create it first (files().createDirectories) or give another one.");
            default:
                throw new MicrovmsClientException(
                        "The agent of " + microvmId + " could not run `" + request.describe() + "`: " + detail);
        }
    }

    private void pumpStdin(WebSocket socket) {
        byte[] buffer = new byte[STDIN_CHUNK];
        try (InputStream in = request.openStdin()) {
            for (int n = in.read(buffer); n >= 0 && !end.isDone(); n = in.read(buffer)) {
                if (n > 0) {
                    socket.sendBinary(ByteBuffer.wrap(buffer.clone(), 0, n), true)
                            .get(60, TimeUnit.SECONDS);
                }
            }
            if (!end.isDone()) {
                socket.sendText("{\"type\":\"eof\"}", true).get(60, TimeUnit.SECONDS);
            }
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            if (!end.isDone()) {
                end.completeExceptionally(new IOException("sending stdin failed: " + e, e));
                socket.abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        message.write(part, 0, part.length);
        if (last) {
            byte[] whole = message.toByteArray();
            message.reset();
            if (whole.length > 1) {
                byte[] chunk = java.util.Arrays.copyOfRange(whole, 1, whole.length);
                try {
                    if (whole[0] == STDERR) {
                        listener.onStderr(chunk);
                    } else {
                        listener.onStdout(chunk);
                    }
                } catch (RuntimeException e) {
                    listenerFailure = e;
                    end.completeExceptionally(e);
                    webSocket.abort();
                    return null;
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                JsonNode node = JSON.readTree(text.toString());
                String type = node.path("type").asText("");
                if (type.equals("exit") || type.equals("error")) {
                    end.complete(node);
                }
            } catch (IOException e) {
                end.completeExceptionally(e);
            }
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end.completeExceptionally(new IOException("closed with " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end.completeExceptionally(error);
    }

    private static void await(CompletableFuture<WebSocket> sent) {
        try {
            sent.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new MicrovmsClientException("Could not send a command to the agent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while sending a command to the agent.", e);
        }
    }
}
