package dev.microvms.emulator.proxy;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/** The head of one answer of the app, as the parser read it, written on to the client as it came. */
final class ResponseHead {
    HttpVersion version = HttpVersion.HTTP_1_1;
    int status;

    @Nullable
    String reason;

    final List<HttpField> fields = new ArrayList<>();

    void clear() {
        version = HttpVersion.HTTP_1_1;
        status = 0;
        reason = null;
        fields.clear();
    }

    boolean hasToken(String name, String token) {
        return RequestHead.hasToken(fields, name, token);
    }

    /** @return true for 1xx answers other than 101, which precede the final answer */
    boolean informational() {
        return status >= 100 && status < 200 && status != 101;
    }

    void write(Output out) {
        out.putText(version.asString());
        out.putText(" ");
        out.putText(Integer.toString(status));
        out.putText(" ");
        out.putText(reason == null ? "" : reason);
        out.crlf();
        RequestHead.writeFields(fields, out);
    }
}
