package dev.microvms.emulator.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's one port on 127.0.0.1, served by Jetty. Each request's head picks an {@link Exchange};
 * its body is read as it arrives without holding a thread (so clients that send slowly cannot starve the
 * others), within the exchange's size limit and a minimum data rate, and the answer is written back with
 * an {@code x-amzn-RequestId}. Every error, Jetty's own included, is answered by {@link
 * HttpService#error} in the style of the path's API.
 */
public final class JettyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final HttpService service;
    final Limits limits;
    final BodyBudget budget;
    private final Consumer<Throwable> fatal;

    /**
     * How much the port lets one client take.
     *
     * @param idleTimeout how long a connection may send nothing, inside a request or between requests
     * @param minimumBytesPerSecond the slowest a body may arrive, once {@code gracePeriod} has passed
     * @param gracePeriod how long a body may take before its rate counts (a client may wait for {@code 100
     *     Continue}, or pause once)
     * @param bufferedBodyBytes how many body bytes all requests held in memory together may hold
     * @param maxHeadBytes the largest request line and headers
     */
    public record Limits(
            Duration idleTimeout,
            long minimumBytesPerSecond,
            Duration gracePeriod,
            long bufferedBodyBytes,
            int maxHeadBytes) {

        /**
         * The emulator's limits: 30 s idle, 16 KiB/s after 10 s, bodies in memory up to a quarter of the
         * heap (at most 256 MiB), heads up to 64 KiB (the longest a call can need is an UntagResource of 50
         * tag keys of 128 characters, percent-encoded: under 60 KB).
         */
        public static Limits defaults() {
            long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
            return new Limits(
                    Duration.ofSeconds(30),
                    16 << 10,
                    Duration.ofSeconds(10),
                    Math.min(256L << 20, quarterHeap),
                    64 << 10);
        }
    }

    /**
     * Starts serving.
     *
     * @param host the address to bind, 127.0.0.1 for the emulator
     * @param port the port, 0 for any free one
     * @param service chooses an exchange for each request and words the errors
     * @param limits how much one client may take
     * @param fatal told of errors the JVM cannot go on after, such as {@link OutOfMemoryError}
     * @throws Exception when the port cannot be bound
     */
    public JettyServer(String host, int port, HttpService service, Limits limits, Consumer<Throwable> fatal)
            throws Exception {
        this.service = service;
        this.limits = limits;
        this.budget = new BodyBudget(limits.bufferedBodyBytes());
        this.fatal = fatal;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("emulator-http");
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        // ARNs and S3 keys arrive percent-encoded; the handlers decode each segment themselves.
        config.setUriCompliance(UriCompliance.LEGACY);
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(limits.maxHeadBytes());
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(this::error);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    /** @return the port it listens on */
    public int port() {
        return connector.getLocalPort();
    }

    private void serve(Request request, Response response, Callback callback) {
        HttpCall head = head(request);
        String badEncoding = head.malformedEncoding();
        if (badEncoding != null) {
            refuse(request, response, callback, 400, badEncoding);
            return;
        }
        Exchange exchange;
        try {
            exchange = service.open(head);
        } catch (Throwable t) {
            failed(request, response, callback, t);
            return;
        }
        HttpAnswer early = exchange.answerBeforeBody();
        if (early != null) {
            if (request.getLength() != 0) {
                early = early.withHeader("Connection", "close");
            }
            write(early, response, callback);
            return;
        }
        long declared = request.getLength();
        if (declared > exchange.maxBodyBytes()) {
            refuseAndDrain(request, response, callback, 413, tooLarge(declared, exchange.maxBodyBytes()));
            return;
        }
        new BodyReader(this, request, response, callback, exchange).run();
    }

    static String tooLarge(long size, long max) {
        return "The request body is " + size + " bytes; this path accepts at most " + max + " bytes.";
    }

    void failed(Request request, Response response, Callback callback, Throwable t) {
        if (t instanceof VirtualMachineError) {
            fatal.accept(t);
        }
        if (t instanceof Refusal refusal) {
            refuse(request, response, callback, refusal.status(), refusal.getMessage());
            return;
        }
        LOG.error(
                "{} {} failed inside the emulator",
                request.getMethod(),
                request.getHttpURI().getPath(),
                t);
        refuse(request, response, callback, 500, "The emulator failed while answering: " + t);
    }

    /** Answers with an error the HTTP layer found, through the error handler, and closes the connection. */
    static void refuse(Request request, Response response, Callback callback, int status, String message) {
        Response.writeError(request, response, callback, status, message);
    }

    /**
     * Answers with an error while the client may still be sending its body, then reads and drops the rest
     * of the body (up to {@link Drain#MAX_BYTES}), so that the client gets to read the answer. Jetty's own
     * error path would give up the body at once, and the client would see its connection reset.
     */
    void refuseAndDrain(Request request, Response response, Callback callback, int status, String message) {
        HttpAnswer answer = service.error(pathOf(request), status, message).withHeader("Connection", "close");
        write(answer, response, Drain.after(request, callback));
    }

    /** Jetty's error handler: every error, a head it could not parse included, in the service's style. */
    private boolean error(Request request, Response response, Callback callback) {
        try {
            int status = response.getStatus();
            String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
            if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
                status = http.getCode();
            }
            HttpAnswer answer = service.error(pathOf(request), status, explain(status, message))
                    .withHeader("Connection", "close");
            write(answer, response, callback);
        } catch (VirtualMachineError e) {
            fatal.accept(e);
            callback.failed(e);
        } catch (RuntimeException e) {
            // Jetty reports a client that went away while its error was written this way too.
            LOG.debug("Writing an error answer failed", e);
        }
        return true;
    }

    /** Jetty's own refusals say little; these say what was wrong and what to do. */
    private String explain(int status, @Nullable String message) {
        String said = message == null ? "" : message;
        switch (status) {
            case 414:
                return "The request URI is longer than the " + limits.maxHeadBytes() + " bytes the emulator reads.";
            case 431:
                return "The request's headers are larger than the " + limits.maxHeadBytes()
                        + " bytes the emulator reads.";
            case 400:
            case 501:
            case 505:
                return said.startsWith("The request")
                        ? said
                        : "The request could not be read as HTTP/1.1: " + said + ".";
            default:
                return said.isEmpty() ? "HTTP status " + status + "." : said;
        }
    }

    private static String pathOf(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static HttpCall head(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        return new HttpCall(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                headers,
                new byte[0]);
    }

    void write(HttpAnswer answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        FileBody file = answer.file();
        if (file != null) {
            response.getHeaders().put("Content-Length", String.valueOf(file.length()));
            Content.Source source = Content.Source.from(
                    new ByteBufferPool.Sized(server.getByteBufferPool()), file.channel(), file.offset(), file.length());
            Content.copy(
                    source,
                    response,
                    Callback.from(
                            () -> {
                                closeQuietly(file);
                                callback.succeeded();
                            },
                            x -> {
                                closeQuietly(file);
                                callback.failed(x);
                            }));
        } else if (answer.body().length == 0) {
            if (!answer.headers().containsKey("Content-Length")) {
                response.getHeaders().put("Content-Length", "0");
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            response.getHeaders().put("Content-Length", String.valueOf(answer.body().length));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    private static void closeQuietly(FileBody file) {
        try {
            file.close();
        } catch (java.io.IOException e) {
            LOG.debug("Closing a sent file failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
