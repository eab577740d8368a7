package dev.microvms.emulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.core.ApiException;
import dev.microvms.emulator.core.ErrorType;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.model.json.WireJson;

/**
 * Writes errors as the service does: the status, {@code X-Amzn-ErrorType: <Name>}, and a JSON body with
 * {@code message} (plus {@code resourceId} and {@code resourceType}, null, on a 404, as recorded live).
 * The tag operations answer in Lambda's style: {@code {"Type":"User","Message":...}}.
 */
final class ErrorWriter {
    private static final ObjectMapper JSON = WireJson.mapper();

    private ErrorWriter() {}

    static HttpAnswer write(ApiException e, boolean lambdaStyle) {
        ObjectNode body = JSON.createObjectNode();
        String message = e.getMessage() == null || e.getMessage().isEmpty() ? null : e.getMessage();
        if (lambdaStyle) {
            body.put("Type", e.type().status() >= 500 ? "Service" : "User");
            body.put("Message", message);
        } else {
            body.put("message", message);
            if (e.type() == ErrorType.RESOURCE_NOT_FOUND) {
                body.putNull("resourceId");
                body.putNull("resourceType");
            }
            if (e.type() == ErrorType.SERVICE_QUOTA_EXCEEDED) {
                body.putNull("quotaCode");
                body.putNull("resourceId");
                body.putNull("resourceType");
                body.putNull("serviceCode");
            }
        }
        HttpAnswer answer = json(e.type().status(), body)
                .withHeader("X-Amzn-ErrorType", e.type().code());
        if (e.retryAfter() != null) {
            answer = answer.withHeader(
                    "Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer;
    }

    /**
     * The HTTP layer's refusals, with the service's kind of error type: a body that cannot be read is a
     * SerializationException, too much is RequestTooLargeException (Lambda's name for its 413), too slow is
     * RequestTimeoutException, too many bodies at once is ThrottlingException; Jetty's 501 and 505 are
     * the client's mistakes and answered 400.
     */
    static HttpAnswer http(int status, String message, boolean lambdaStyle) {
        int answered = status;
        String type;
        switch (status) {
            case 408:
                type = "RequestTimeoutException";
                break;
            case 413:
            case 414:
            case 431:
                type = "RequestTooLargeException";
                break;
            case 429:
                type = ErrorType.THROTTLING.code();
                break;
            case 500:
                type = ErrorType.INTERNAL_SERVER.code();
                break;
            default:
                answered = status >= 400 && status < 500 ? status : 400;
                type = "SerializationException";
        }
        ObjectNode body = JSON.createObjectNode();
        if (lambdaStyle) {
            body.put("Type", answered >= 500 ? "Service" : "User");
            body.put("Message", message);
        } else {
            body.put("message", message);
        }
        HttpAnswer answer = json(answered, body).withHeader("X-Amzn-ErrorType", type);
        return answered == 429 ? answer.withHeader("Retry-After", "1") : answer;
    }

    static HttpAnswer serialization(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        return json(400, body).withHeader("X-Amzn-ErrorType", "SerializationException");
    }

    static HttpAnswer unknownOperation(HttpCall call) {
        ObjectNode body = JSON.createObjectNode();
        body.put(
                "message",
                "No operation matches " + call.method() + " " + call.rawPath()
                        + " in the AWS Lambda MicroVMs API (2025-09-09).");
        return json(404, body).withHeader("X-Amzn-ErrorType", "UnknownOperationException");
    }

    private static HttpAnswer json(int status, ObjectNode body) {
        try {
            return HttpAnswer.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error", e);
        }
    }
}
