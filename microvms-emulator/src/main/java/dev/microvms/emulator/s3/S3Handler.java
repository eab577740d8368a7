package dev.microvms.emulator.s3;

import dev.microvms.emulator.http.Exchange;
import dev.microvms.emulator.http.FileBody;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The S3 subset a deploy needs, on the emulator's port: CreateBucket, HeadBucket, ListObjectsV2,
 * PutObject, GetObject, HeadObject and DeleteObject, path-style ({@code /bucket/key}) or
 * virtual-host-style where the host name allows ({@code bucket.localhost}); and for a bootstrap, a
 * bucket's Region, encryption and public access block. Errors are S3's XML.
 */
public final class S3Handler {
    /** The most body bytes any S3 call but PutObject may carry (CreateBucket's optional configuration). */
    static final int SMALL_BODY_BYTES = 64 << 10;

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private final S3Objects objects;
    private final BucketSettings settings;
    private final BucketSubresources subresources;

    /**
     * @param objects where buckets and objects live
     * @param settings where buckets' Regions, encryption and public access blocks are kept
     */
    public S3Handler(S3Objects objects, BucketSettings settings) {
        this.objects = objects;
        this.settings = settings;
        this.subresources = new BucketSubresources(settings);
    }

    /**
     * Chooses how to take in an S3 call: a PutObject streams its body to disk as it arrives, up to S3's 5
     * GiB; every other call is small and read whole.
     *
     * @param head the call's head
     * @param region the Region it was signed for: a new bucket's Region when CreateBucket names none
     * @return how to read and answer it
     */
    public Exchange open(HttpCall head, String region) {
        Target t = target(head);
        if (!head.method().equals("PUT")
                || t.bucket() == null
                || t.key() == null
                || t.key().isEmpty()) {
            return Exchange.buffered(head, SMALL_BODY_BYTES, call -> handle(call, region));
        }
        String bucket = t.bucket();
        String key = t.key();
        if (!objects.bucketExists(bucket)) {
            return Exchange.answer(noSuchBucket(bucket));
        }
        if (!S3Objects.validKey(key)) {
            return Exchange.answer(error(400, "KeyTooLongException", "Your key is too long", key));
        }
        boolean chunked = AwsChunked.isChunked(
                nonNull(head.header("x-amz-content-sha256")), nonNull(head.header("Content-Encoding")));
        Long declared = length(head.header(chunked ? "x-amz-decoded-content-length" : "Content-Length"));
        if (declared != null && declared > S3Objects.MAX_OBJECT_BYTES) {
            return Exchange.answer(entityTooLarge(key));
        }
        return new ObjectUpload(objects, bucket, key, head.header("Content-Type"), chunked);
    }

    /**
     * Answers a request the HTTP layer refuses, as S3 would: its XML error, with S3's codes.
     *
     * @param path the request's path
     * @param status the HTTP layer's status
     * @param message what was wrong
     * @return the answer
     */
    public static HttpAnswer httpError(String path, int status, String message) {
        switch (status) {
            case 408:
                return error(400, "RequestTimeout", message, path);
            case 413:
                return error(400, "EntityTooLarge", message, path);
            case 414:
                return error(400, "InvalidURI", message, null);
            case 431:
                return error(400, "RequestHeaderSectionTooLarge", message, path);
            case 429:
                return error(503, "SlowDown", message, path).withHeader("Retry-After", "1");
            default:
                if (status == 500) {
                    return error(500, "InternalError", message, path);
                }
                // Jetty's 501 (a transfer coding it does not know) and 505 (another HTTP version) are the
                // client's mistakes, as are its 4xx.
                return error(status >= 400 && status < 500 ? status : 400, "InvalidRequest", message, path);
        }
    }

    static HttpAnswer entityTooLarge(String key) {
        return error(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed object size of " + S3Objects.MAX_OBJECT_BYTES
                        + " bytes.",
                key);
    }

    private static @Nullable Long length(@Nullable String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Handles one S3 call signed for us-east-1, whose body was read whole. */
    public HttpAnswer handle(HttpCall call) {
        return handle(call, "us-east-1");
    }

    /**
     * Handles one S3 call.
     *
     * @param call the call
     * @param region the Region it was signed for: a new bucket's Region when CreateBucket names none
     * @return the answer
     */
    public HttpAnswer handle(HttpCall call, String region) {
        Target t = target(call);
        if (t.bucket() == null) {
            return error(
                    400,
                    "InvalidRequest",
                    "This emulator serves a subset of S3: name a bucket in the path"
                            + " (http://127.0.0.1:<port>/<bucket>/<key>) or the host (<bucket>.localhost).",
                    null);
        }
        String bucket = t.bucket();
        if (t.key() == null || t.key().isEmpty()) {
            return bucketCall(call, bucket, region);
        }
        if (!objects.bucketExists(bucket)) {
            return noSuchBucket(bucket);
        }
        String key = t.key();
        switch (call.method()) {
            case "PUT":
                // Objects are uploaded through open(); a PUT that reaches here has no key.
                return error(400, "InvalidRequest", "Name the object's key after the bucket.", key);
            case "GET":
            case "HEAD": {
                S3Objects.OpenObject open = objects.open(bucket, key);
                if (open == null) {
                    return error(404, "NoSuchKey", "The specified key does not exist.", key);
                }
                S3Objects.S3Object object = open.object();
                HttpAnswer answer;
                if (call.method().equals("GET")) {
                    answer = new HttpAnswer(200, Map.of(), new byte[0], new FileBody(open.channel(), 0, object.size()));
                } else {
                    open.close();
                    answer = HttpAnswer.empty(200).withHeader("Content-Length", String.valueOf(object.size()));
                }
                return answer.withHeader("ETag", object.etag())
                        .withHeader("Content-Type", object.contentType())
                        .withHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(object.lastModified())));
            }
            case "DELETE":
                objects.delete(bucket, key);
                return HttpAnswer.empty(204);
            default:
                return error(
                        405,
                        "MethodNotAllowed",
                        "The emulator's S3 subset does not support " + call.method() + " on objects.",
                        key);
        }
    }

    private HttpAnswer bucketCall(HttpCall call, String bucket, String region) {
        if (BucketSubresources.named(call)) {
            return objects.bucketExists(bucket) ? subresources.handle(call, bucket, region) : noSuchBucket(bucket);
        }
        switch (call.method()) {
            case "PUT":
                if (!S3Objects.validBucketName(bucket)) {
                    return error(400, "InvalidBucketName", "The specified bucket is not valid.", bucket);
                }
                if (!objects.bucketExists(bucket)) {
                    // Without a LocationConstraint S3 means us-east-1; the emulator takes the signing Region,
                    // which is the same for every SDK that signs for where it sends.
                    String constraint = BucketSubresources.locationConstraint(call.body());
                    objects.createBucket(bucket);
                    settings.put(bucket, BucketSettings.Settings.newBucket(constraint != null ? constraint : region));
                }
                return HttpAnswer.empty(200).withHeader("Location", "/" + bucket);
            case "HEAD":
                return objects.bucketExists(bucket)
                        ? HttpAnswer.empty(200)
                                .withHeader(
                                        "x-amz-bucket-region",
                                        settings.get(bucket, region).region())
                        : HttpAnswer.empty(404);
            case "GET":
                if (!objects.bucketExists(bucket)) {
                    return noSuchBucket(bucket);
                }
                return list(bucket, call.queryParameter("prefix"));
            default:
                return error(
                        405,
                        "MethodNotAllowed",
                        "The emulator's S3 subset does not support " + call.method() + " on buckets.",
                        bucket);
        }
    }

    private HttpAnswer list(String bucket, @Nullable String prefix) {
        List<S3Objects.S3Object> found = objects.list(bucket, prefix == null ? "" : prefix);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>")
                .append(escape(bucket))
                .append("</Name>")
                .append("<Prefix>")
                .append(escape(prefix == null ? "" : prefix))
                .append("</Prefix>")
                .append("<KeyCount>")
                .append(found.size())
                .append("</KeyCount>")
                .append("<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
        for (S3Objects.S3Object o : found) {
            xml.append("<Contents><Key>")
                    .append(escape(o.key()))
                    .append("</Key>")
                    .append("<LastModified>")
                    .append(Instant.ofEpochMilli(o.lastModified()))
                    .append("</LastModified>")
                    .append("<ETag>")
                    .append(escape(o.etag()))
                    .append("</ETag>")
                    .append("<Size>")
                    .append(o.size())
                    .append("</Size>")
                    .append("<StorageClass>STANDARD</StorageClass></Contents>");
        }
        xml.append("</ListBucketResult>");
        return xml(200, xml.toString());
    }

    static HttpAnswer noSuchBucket(String bucket) {
        return error(404, "NoSuchBucket", "The specified bucket does not exist", bucket);
    }

    static HttpAnswer error(int status, String code, String message, @Nullable String resource) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message>"
                + (resource == null ? "" : "<Resource>" + escape(resource) + "</Resource>")
                + "<RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        return xml(status, xml);
    }

    static HttpAnswer xml(int status, String xml) {
        return new HttpAnswer(
                status, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8), null);
    }

    private record Target(@Nullable String bucket, @Nullable String key) {}

    /** Virtual-host style when the host is {@code <bucket>.localhost} or {@code <bucket>.s3.localhost}. */
    private static Target target(HttpCall call) {
        String host = nonNull(call.header("Host")).toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            host = host.substring(0, colon);
        }
        String path = call.rawPath();
        List<String> segments = call.segments();
        if (host.endsWith(".localhost")) {
            String bucket = host.substring(0, host.length() - ".localhost".length());
            if (bucket.endsWith(".s3")) {
                bucket = bucket.substring(0, bucket.length() - 3);
            }
            return new Target(bucket, decodePath(path.startsWith("/") ? path.substring(1) : path));
        }
        if (segments.isEmpty()) {
            return new Target(null, null);
        }
        String rest = path.substring(path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1) + 1);
        return new Target(segments.get(0), decodePath(rest));
    }

    private static String decodePath(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String nonNull(@Nullable String s) {
        return s == null ? "" : s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
