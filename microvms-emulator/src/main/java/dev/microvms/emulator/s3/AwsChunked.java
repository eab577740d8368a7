package dev.microvms.emulator.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the {@code aws-chunked} body the AWS SDKs and CLI send for streaming uploads: chunks of
 * {@code <hex size>[;chunk-signature=...]\r\n<data>\r\n}, a zero-sized last chunk, then optional
 * trailers (such as {@code x-amz-checksum-crc32}). Chunk signatures are not checked, as the emulator
 * accepts any signature.
 */
final class AwsChunked {
    private AwsChunked() {}

    /** @return true when the upload uses aws-chunked encoding */
    static boolean isChunked(String contentSha256, String contentEncoding) {
        return contentSha256.startsWith("STREAMING-") || contentEncoding.contains("aws-chunked");
    }

    /** @return the payload without the chunk framing */
    static byte[] decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOfCrlf(body, pos);
            if (lineEnd < 0) {
                throw new IllegalArgumentException("aws-chunked body ends inside a chunk header");
            }
            String header = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                break;
            }
            if (pos + size > body.length) {
                throw new IllegalArgumentException("aws-chunked body is shorter than its chunk of " + size + " bytes");
            }
            out.write(body, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
