package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.sdk.EndpointRequest;
import dev.microvms.sdk.EndpointStream;
import dev.microvms.sdk.Microvms;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code call}: one HTTP request to a MicroVM's endpoint, with a fresh token. */
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        description = {
            "Send an HTTP request to a MicroVM's endpoint with a fresh auth token and print the body as it arrives"
                    + " (server-sent events and chunked answers too, until they end or Ctrl-C).",
            "Examples: call microvm-1 /health    call microvm-1 POST /orders --data '{\"n\":1}'"
        })
public final class CallCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
    String microvmId = "";

    @Parameters(
            index = "1..2",
            arity = "1..2",
            paramLabel = "[METHOD] PATH",
            hideParamSyntax = true,
            description = "The method (GET by default, POST with --data) and the path, such as /health.")
    List<String> target = new ArrayList<>();

    @Option(
            names = {"-d", "--data"},
            paramLabel = "BODY",
            description = "The request body.")
    @Nullable
    String data;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME: VALUE",
            description = "A header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "The app's port (default: 8080).")
    @Nullable
    Integer port;

    @Option(
            names = {"-i", "--include"},
            description = "Print the status line and headers before the body.")
    boolean include;

    /** @param context this run's context */
    public CallCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String method = target.size() == 2 ? target.get(0).toUpperCase(Locale.ROOT) : data == null ? "GET" : "POST";
        String path = target.get(target.size() - 1);
        if (!path.startsWith("/")) {
            throw new UsageException("The path '" + path + "' must start with '/', such as /health.");
        }
        EndpointRequest.Builder request =
                EndpointRequest.builder().method(method).path(path);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("The header '" + h + "' is not NAME: VALUE; write it as, for example, "
                        + "--header 'Accept: application/json'.");
            }
            request.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        if (data != null) {
            request.body(data);
        }
        if (port != null) {
            request.port(port);
        }
        try (Microvms microvms = connection.open(context);
                EndpointStream r = MicrovmIds.requireLive(MicrovmIds.resolve(microvms, microvmId))
                        .endpoint()
                        .open(request.build())) {
            if (include) {
                context.out().println("HTTP " + r.statusCode());
                for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                    for (String v : h.getValue()) {
                        context.out().println(h.getKey() + ": " + v);
                    }
                }
                context.out().println();
            }
            boolean text = r.header("Content-Type").map(CallCommand::isText).orElse(true);
            copyBody(r, text);
            if (!r.isSuccessful()) {
                context.err().println("The app answered HTTP " + r.statusCode() + " for " + method + " " + path + ".");
                return ExitCodes.SERVICE_ERROR;
            }
        }
        return ExitCodes.OK;
    }

    /** Prints the body as it arrives; a text body that does not end with a line break gets one. */
    private void copyBody(EndpointStream r, boolean text) {
        char[] buffer = new char[8192];
        char last = '\n';
        try (Reader body = new InputStreamReader(r.body(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (n > 0) {
                    context.out().write(buffer, 0, n);
                    context.out().flush();
                    last = buffer[n - 1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The answer from " + r.uri() + " broke off (" + e.getMessage() + "); what came is above.", e);
        }
        if (text && last != '\n') {
            context.out().println();
        }
        context.out().flush();
    }

    /** Whether a content type is text, which a terminal shows and which ends with a line break. */
    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("yaml")
                || type.startsWith("application/x-www-form-urlencoded");
    }
}
