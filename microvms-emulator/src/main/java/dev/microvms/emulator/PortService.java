package dev.microvms.emulator;

import dev.microvms.emulator.api.AdminHandler;
import dev.microvms.emulator.api.ApiHandler;
import dev.microvms.emulator.api.SigV4Scope;
import dev.microvms.emulator.http.Exchange;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.http.HttpService;
import dev.microvms.emulator.http.QueryRequest;
import dev.microvms.emulator.iam.IamHandler;
import dev.microvms.emulator.logs.LogsHandler;
import dev.microvms.emulator.s3.S3Handler;
import dev.microvms.emulator.sts.StsHandler;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the emulator's port serves: {@code /_emulator/} for the emulator's own calls; then the service a call
 * is signed for (the SigV4 scope): STS, IAM, CloudWatch Logs; for an unsigned call, CloudWatch Logs' target
 * header and the query protocol's API version; then the MicroVMs API by its paths, and S3 for the rest. API
 * bodies are read whole within {@link #API_BODY_BYTES}; S3 objects stream to disk.
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
    private final StsHandler sts;
    private final IamHandler iam;
    private final LogsHandler logs;
    private final String defaultRegion;

    /**
     * @param admin the emulator's own calls, or null when they are disabled ({@code --no-admin})
     * @param defaultRegion the Region of a call whose signature names none
     */
    PortService(
            ApiHandler api,
            S3Handler s3,
            @Nullable AdminHandler admin,
            StsHandler sts,
            IamHandler iam,
            LogsHandler logs,
            String defaultRegion) {
        this.api = api;
        this.s3 = s3;
        this.admin = admin;
        this.sts = sts;
        this.iam = iam;
        this.logs = logs;
        this.defaultRegion = defaultRegion;
    }

    @Override
    public Exchange open(HttpCall head) {
        if (head.rawPath().startsWith(AdminHandler.PREFIX)) {
            return admin != null
                    ? Exchange.buffered(head, ADMIN_BODY_BYTES, admin::handle)
                    : Exchange.buffered(head, ADMIN_BODY_BYTES, AdminHandler::disabled);
        }
        String region = SigV4Scope.region(head, defaultRegion);
        String service = SigV4Scope.service(head);
        if ("sts".equals(service)) {
            return Exchange.buffered(head, API_BODY_BYTES, sts::handle);
        }
        if ("iam".equals(service)) {
            return Exchange.buffered(head, API_BODY_BYTES, iam::handle);
        }
        if ("logs".equals(service) || (service == null && LogsHandler.owns(head))) {
            return Exchange.buffered(head, API_BODY_BYTES, call -> logs.handle(call, region));
        }
        boolean signedForS3 = "s3".equals(service);
        if (!signedForS3 && ApiHandler.owns(head)) {
            return Exchange.buffered(head, API_BODY_BYTES, api::handle);
        }
        if (service == null && isUnsignedForm(head)) {
            // STS and IAM name their API version in a form body, which only the body tells.
            return Exchange.buffered(head, API_BODY_BYTES, call -> unsignedForm(call, region));
        }
        return s3.open(head, region);
    }

    private static boolean isUnsignedForm(HttpCall head) {
        String type = head.header("Content-Type");
        return head.method().equals("POST")
                && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private HttpAnswer unsignedForm(HttpCall call, String region) {
        if (QueryRequest.isVersion(call, StsHandler.VERSION)) {
            return sts.handle(call);
        }
        if (QueryRequest.isVersion(call, IamHandler.VERSION)) {
            return iam.handle(call);
        }
        return s3.handle(call, region);
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
