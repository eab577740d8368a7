package dev.microvms.emulator;

import dev.microvms.emulator.api.AdminHandler;
import dev.microvms.emulator.api.ApiHandler;
import dev.microvms.emulator.api.SigV4Scope;
import dev.microvms.emulator.http.Exchange;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.http.HttpService;
import dev.microvms.emulator.s3.S3Handler;
import org.jspecify.annotations.Nullable;

/**
 * What the emulator's port serves, path by path: {@code /_emulator/} for the emulator's own calls, the
 * API's paths unless a call is signed for S3, and the S3 subset for the rest. API bodies are read whole
 * within {@link #API_BODY_BYTES}; S3 objects stream to disk.
 */
final class PortService implements HttpService {
    /**
     * The largest API body the emulator reads. By the model, the largest request is a CreateMicrovmImage
     * with every member at its longest (50 environment variables of a 256-character key and a 4,096-character
     * value, a 256-character description, 50 tags...): about 253 KB written plainly, and 1.5 MB if every
     * character is written as a {@code \\uXXXX} escape. 2 MiB holds that with room to spare; no valid call
     * comes near it.
     */
    static final int API_BODY_BYTES = 2 << 20;

    /** The largest body of the emulator's own calls, which take none. */
    static final int ADMIN_BODY_BYTES = 64 << 10;

    private final ApiHandler api;
    private final S3Handler s3;
    private final @Nullable AdminHandler admin;

    /** @param admin the emulator's own calls, or null when they are disabled ({@code --no-admin}) */
    PortService(ApiHandler api, S3Handler s3, @Nullable AdminHandler admin) {
        this.api = api;
        this.s3 = s3;
        this.admin = admin;
    }

    @Override
    public Exchange open(HttpCall head) {
        if (head.rawPath().startsWith(AdminHandler.PREFIX)) {
            return admin != null
                    ? Exchange.buffered(head, ADMIN_BODY_BYTES, admin::handle)
                    : Exchange.buffered(head, ADMIN_BODY_BYTES, AdminHandler::disabled);
        }
        boolean signedForS3 = "s3".equals(SigV4Scope.service(head));
        return !signedForS3 && ApiHandler.owns(head)
                ? Exchange.buffered(head, API_BODY_BYTES, api::handle)
                : s3.open(head);
    }

    @Override
    public HttpAnswer error(String path, int status, String message) {
        return servedAsS3(path)
                ? S3Handler.httpError(path, status, message)
                : ApiHandler.httpError(path, status, message);
    }

    /**
     * Whether an error on a path is S3's. A path Jetty could not read at all comes as {@code /}, {@code
     * /badURI} or {@code /badMessage} (no bucket can have capitals): the service's JSON then.
     */
    private static boolean servedAsS3(String path) {
        return !path.startsWith(AdminHandler.PREFIX)
                && !ApiHandler.ownsPath(path)
                && !path.equals("/")
                && !path.equals("/badURI")
                && !path.equals("/badMessage");
    }
}
