package dev.microvms.emulator.sts;

import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.http.QueryRequest;
import dev.microvms.emulator.http.XmlAnswer;

/** STS's query protocol (version 2011-06-15) on the emulator's port: GetCallerIdentity. */
public final class StsHandler {
    /** The API version of STS's query protocol. */
    public static final String VERSION = "2011-06-15";

    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final StsService sts;

    /** @param sts the service */
    public StsHandler(StsService sts) {
        this.sts = sts;
    }

    /** Handles one STS call. */
    public HttpAnswer handle(HttpCall call) {
        QueryRequest request = QueryRequest.of(call);
        String action = request.action();
        if (!"GetCallerIdentity".equals(action)) {
            return XmlAnswer.error(
                    400,
                    NAMESPACE,
                    "InvalidAction",
                    "Could not find operation " + action + " for version " + VERSION
                            + "; the emulator's STS answers GetCallerIdentity only.");
        }
        CallerIdentity identity = sts.callerIdentity();
        return XmlAnswer.response("GetCallerIdentity", NAMESPACE)
                .element("Arn", identity.arn())
                .element("UserId", identity.userId())
                .element("Account", identity.account())
                .answer();
    }
}
