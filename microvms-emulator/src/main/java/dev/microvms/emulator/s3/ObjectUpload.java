package dev.microvms.emulator.s3;

import dev.microvms.emulator.http.Exchange;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.Refusal;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A PutObject: the body is decoded (aws-chunked when the client streams) and written to the object's
 * upload file as it arrives, so an object of any size up to S3's 5 GiB costs no memory; the object is put
 * in place only once the whole body is in.
 */
final class ObjectUpload implements Exchange {
    /** A streamed body carries chunk headers too: room for them beyond the object's 5 GiB. */
    private static final long MAX_CHUNKED_BODY_BYTES = S3Objects.MAX_OBJECT_BYTES + (S3Objects.MAX_OBJECT_BYTES >> 3);

    private final S3Objects objects;
    private final String bucket;
    private final String key;
    private final @Nullable String contentType;
    private final boolean chunked;
    private @Nullable Upload upload;
    private @Nullable AwsChunked decoder;

    ObjectUpload(S3Objects objects, String bucket, String key, @Nullable String contentType, boolean chunked) {
        this.objects = objects;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.chunked = chunked;
    }

    @Override
    public long maxBodyBytes() {
        return chunked ? MAX_CHUNKED_BODY_BYTES : S3Objects.MAX_OBJECT_BYTES;
    }

    @Override
    public void take(ByteBuffer bytes) throws IOException {
        Upload u = upload();
        try {
            if (decoder != null) {
                decoder.feed(bytes);
            } else {
                u.write(bytes);
            }
        } catch (Upload.TooLarge e) {
            throw new Refusal(413, e.getMessage());
        } catch (AwsChunked.Malformed e) {
            throw new Refusal(400, e.getMessage());
        } catch (IOException e) {
            throw new IOException(
                    "The emulator could not store s3://" + bucket + "/" + key + ": " + e.getMessage()
                            + ". Free space under the emulator's state directory.",
                    e);
        }
    }

    @Override
    public HttpAnswer complete() {
        try {
            Upload u = upload();
            if (decoder != null) {
                decoder.finish();
            }
            S3Objects.S3Object stored = u.commit();
            return HttpAnswer.empty(200).withHeader("ETag", stored.etag());
        } catch (AwsChunked.Malformed e) {
            return S3Handler.error(400, "IncompleteBody", e.getMessage(), key);
        } catch (IOException e) {
            return S3Handler.error(
                    500,
                    "InternalError",
                    "The emulator could not store the object: " + e.getMessage()
                            + ". Free space under the emulator's state directory.",
                    key);
        } finally {
            abandon();
        }
    }

    @Override
    public void abandon() {
        if (upload != null) {
            upload.abandon();
        }
    }

    private Upload upload() throws IOException {
        if (upload == null) {
            Upload u = objects.upload(bucket, key, contentType);
            upload = u;
            decoder = chunked ? new AwsChunked(u::write) : null;
        }
        return upload;
    }
}
