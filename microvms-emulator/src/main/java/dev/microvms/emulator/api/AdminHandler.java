package dev.microvms.emulator.api;

import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.executor.GuestLog;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.images.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the emulator offers beyond the service's API, under {@code /_emulator/} (no S3 bucket name can
 * start with an underscore): {@code GET /_emulator/health}; a MicroVM's output, {@code GET
 * /_emulator/microvms/<id>/logs?stream=stdout|stderr&offset=<bytes>}; and an image version's build log,
 * {@code GET /_emulator/images/<region>/<name>/<version>/build.log?offset=<bytes>}, the path of the file
 * under the state directory's {@code images/}. Logs answer the bytes from the offset and the next offset in
 * {@code X-Next-Offset}, so that a client can follow them.
 */
public final class AdminHandler {
    /** The prefix of the emulator's own paths. */
    public static final String PREFIX = "/_emulator/";

    private static final int MAX_CHUNK = 1 << 20;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}\\.\\d{1,9}");

    private final MicrovmService microvms;
    private final Path microvmsDir;
    private final ImageFiles images;
    private final String executor;

    /**
     * @param microvms the MicroVMs, to check that an id exists
     * @param microvmsDir where MicroVMs keep their logs
     * @param images where image versions keep their build logs
     * @param executor the executor's name, for the health answer
     */
    public AdminHandler(MicrovmService microvms, Path microvmsDir, ImageFiles images, String executor) {
        this.microvms = microvms;
        this.microvmsDir = microvmsDir;
        this.images = images;
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
        if (segments.size() == 6
                && segments.get(1).equals("images")
                && segments.get(5).equals("build.log")
                && call.method().equals("GET")) {
            return buildLog(segments.get(2), segments.get(3), segments.get(4), call);
        }
        return text(
                404,
                "No such emulator path: " + call.rawPath() + ". Try /_emulator/health,"
                        + " /_emulator/microvms/<id>/logs or /_emulator/images/<region>/<name>/<version>/build.log.");
    }

    /**
     * The answer under {@link #PREFIX} when the emulator runs with its own endpoints disabled.
     *
     * @param call the call
     * @return 404, saying why
     */
    public static HttpAnswer disabled(HttpCall call) {
        return text(
                404,
                "The emulator's own endpoints are disabled (--no-admin), so " + call.rawPath()
                        + " is not here; only what AWS Lambda MicroVMs itself offers answers.");
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
        return chunk(
                microvmsDir.resolve(id).resolve(stream + ".log"),
                call,
                Map.of("X-Microvm-State", m.state().name()));
    }

    private HttpAnswer buildLog(String region, String name, String version, HttpCall call) {
        // Each segment is checked against the service's own patterns before it becomes part of a path.
        if (!REGION.matcher(region).matches()
                || !NAME.matcher(name).matches()
                || !VERSION.matcher(version).matches()) {
            return text(400, "Give a Region, an image name and a version, such as us-east-1/hello/1.0.");
        }
        Path file = images.buildLog(images.version(region, name, version));
        if (!Files.exists(file)) {
            return text(404, "No build log for image " + name + " version " + version + " in " + region + ".");
        }
        return chunk(file, call, Map.of());
    }

    /** The bytes of a file from the call's offset, at most a MiB, with the next offset. */
    private static HttpAnswer chunk(Path file, HttpCall call, Map<String, String> extraHeaders) {
        long offset;
        try {
            offset = call.queryParameter("offset") == null ? 0 : Long.parseLong(call.queryParameter("offset"));
        } catch (NumberFormatException e) {
            return text(400, "offset must be a number of bytes");
        }
        // A MicroVM's log keeps its newest bytes (GuestLog); offsets count from the first byte ever written.
        byte[] chunk;
        long next;
        try {
            GuestLog.Chunk read = GuestLog.read(file, Math.max(0, offset), MAX_CHUNK);
            chunk = read.bytes();
            next = read.next();
        } catch (IOException e) {
            return text(500, "Cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("X-Next-Offset", String.valueOf(next));
        return new HttpAnswer(200, headers, chunk, null);
    }

    private static HttpAnswer text(int status, String message) {
        return new HttpAnswer(
                status,
                Map.of("Content-Type", "text/plain; charset=utf-8"),
                message.getBytes(StandardCharsets.UTF_8),
                null);
    }
}
