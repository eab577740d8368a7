package dev.microvms.emulator.api;

import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the emulator offers beyond the service's API, under {@code /_emulator/} (no S3 bucket name can
 * start with an underscore): {@code GET /_emulator/health}, and a MicroVM's output, {@code GET
 * /_emulator/microvms/<id>/logs?stream=stdout|stderr&offset=<bytes>}, which answers the bytes from the
 * offset and the next offset in {@code X-Next-Offset}, so that a client can follow it.
 */
public final class AdminHandler {
    /** The prefix of the emulator's own paths. */
    public static final String PREFIX = "/_emulator/";

    private static final int MAX_CHUNK = 1 << 20;

    private final MicrovmService microvms;
    private final Path microvmsDir;
    private final String executor;

    /**
     * @param microvms the MicroVMs, to check that an id exists
     * @param microvmsDir where MicroVMs keep their logs
     * @param executor the executor's name, for the health answer
     */
    public AdminHandler(MicrovmService microvms, Path microvmsDir, String executor) {
        this.microvms = microvms;
        this.microvmsDir = microvmsDir;
        this.executor = executor;
    }

    /** Handles one call under {@link #PREFIX}. */
    public HttpAnswer handle(HttpCall call) {
        List<String> segments = call.segments();
        if (segments.size() == 2 && segments.get(1).equals("health")) {
            return HttpAnswer.json(200, "{\"status\":\"ok\",\"executor\":\"" + executor + "\"}");
        }
        if (segments.size() == 4
                && segments.get(1).equals("microvms")
                && segments.get(3).equals("logs")
                && call.method().equals("GET")) {
            return logs(segments.get(2), call);
        }
        return text(
                404,
                "No such emulator path: " + call.rawPath()
                        + ". Try /_emulator/health or /_emulator/microvms/<id>/logs.");
    }

    private HttpAnswer logs(String id, HttpCall call) {
        Microvm m = microvms.find(id);
        if (m == null || !id.startsWith("microvm-")) {
            return text(404, "MicroVM not found: " + id);
        }
        String stream = call.queryParameter("stream") == null ? "stdout" : call.queryParameter("stream");
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return text(400, "stream must be stdout or stderr, not " + stream);
        }
        long offset;
        try {
            offset = call.queryParameter("offset") == null ? 0 : Long.parseLong(call.queryParameter("offset"));
        } catch (NumberFormatException e) {
            return text(400, "offset must be a number of bytes");
        }
        Path file = microvmsDir.resolve(id).resolve(stream + ".log");
        byte[] chunk = new byte[0];
        long next = offset;
        if (Files.exists(file)) {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                long start = Math.min(Math.max(0, offset), length);
                chunk = new byte[(int) Math.min(MAX_CHUNK, length - start)];
                in.seek(start);
                in.readFully(chunk);
                next = start + chunk.length;
            } catch (IOException e) {
                return text(500, "Cannot read " + file + ": " + e.getMessage());
            }
        }
        return new HttpAnswer(
                200,
                Map.of(
                        "Content-Type",
                        "text/plain; charset=utf-8",
                        "X-Next-Offset",
                        String.valueOf(next),
                        "X-Microvm-State",
                        m.state().name()),
                chunk,
                null);
    }

    private static HttpAnswer text(int status, String message) {
        return new HttpAnswer(
                status,
                Map.of("Content-Type", "text/plain; charset=utf-8"),
                message.getBytes(StandardCharsets.UTF_8),
                null);
    }
}
