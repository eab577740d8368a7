package dev.microvms.emulator.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch Logs' JSON 1.1 protocol on the emulator's port: {@code POST /} with {@code X-Amz-Target:
 * Logs_20140328.<Operation>}; errors are {@code {"__type": ..., "message": ...}} with status 400.
 */
public final class LogsHandler {
    /** The prefix of every {@code X-Amz-Target} of CloudWatch Logs. */
    public static final String TARGET_PREFIX = "Logs_20140328.";

    private static final Logger LOG = LoggerFactory.getLogger(LogsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final LogsService logs;

    /** @param logs the service */
    public LogsHandler(LogsService logs) {
        this.logs = logs;
    }

    /** @return true when the call names a CloudWatch Logs operation (for calls whose signature names no service) */
    public static boolean owns(HttpCall call) {
        String target = call.header("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    /**
     * Handles one call.
     *
     * @param call the call
     * @param region the Region it was signed for
     * @return the answer
     */
    public HttpAnswer handle(HttpCall call, String region) {
        String target = String.valueOf(call.header("X-Amz-Target"));
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        try {
            JsonNode body = body(call);
            return switch (operation) {
                case "CreateLogGroup" -> {
                    logs.createLogGroup(region, text(body, "logGroupName"), text(body, "kmsKeyId"), tags(body));
                    yield ok(JSON.createObjectNode());
                }
                case "DescribeLogGroups" -> describeLogGroups(region, body);
                case "CreateLogStream" -> {
                    logs.createLogStream(region, text(body, "logGroupName"), text(body, "logStreamName"));
                    yield ok(JSON.createObjectNode());
                }
                case "DescribeLogStreams" -> describeLogStreams(region, body);
                case "PutLogEvents" -> putLogEvents(region, body);
                case "GetLogEvents" -> getLogEvents(region, body);
                case "FilterLogEvents" -> filterLogEvents(region, body);
                default ->
                    throw new LogsException(
                            LogsError.UNKNOWN_OPERATION,
                            "The emulator's CloudWatch Logs does not answer " + operation
                                    + "; it answers CreateLogGroup,"
                                    + " DescribeLogGroups, CreateLogStream, DescribeLogStreams, PutLogEvents,"
                                    + " GetLogEvents and FilterLogEvents.");
            };
        } catch (LogsException e) {
            return error(400, e.error().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("CloudWatch Logs {} failed inside the emulator", operation, e);
            return error(500, "ServiceUnavailableException", "Internal error: " + e);
        }
    }

    private HttpAnswer describeLogGroups(String region, JsonNode body) {
        LogsPage<LogGroupSummary> page = logs.describeLogGroups(
                region,
                text(body, "logGroupNamePrefix"),
                text(body, "logGroupNamePattern"),
                text(body, "nextToken"),
                integer(body, "limit"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode groups = answer.putArray("logGroups");
        for (LogGroupSummary g : page.items()) {
            groups.addObject()
                    .put("logGroupName", g.name())
                    .put("creationTime", g.creationTime())
                    .put("metricFilterCount", 0)
                    .put("arn", g.arn() + ":*")
                    .put("storedBytes", g.storedBytes())
                    .put("logGroupClass", "STANDARD")
                    .put("logGroupArn", g.arn());
        }
        return ok(withToken(answer, page.nextToken()));
    }

    private HttpAnswer describeLogStreams(String region, JsonNode body) {
        LogsPage<LogStreamSummary> page = logs.describeLogStreams(
                region,
                group(body),
                text(body, "logStreamNamePrefix"),
                text(body, "orderBy"),
                bool(body, "descending"),
                text(body, "nextToken"),
                integer(body, "limit"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode streams = answer.putArray("logStreams");
        for (LogStreamSummary s : page.items()) {
            ObjectNode n = streams.addObject().put("logStreamName", s.name()).put("creationTime", s.creationTime());
            if (s.firstEventTimestamp() != null) {
                n.put("firstEventTimestamp", s.firstEventTimestamp())
                        .put("lastEventTimestamp", s.lastEventTimestamp())
                        .put("lastIngestionTime", s.lastIngestionTime());
            }
            n.put("arn", s.arn()).put("storedBytes", 0);
        }
        return ok(withToken(answer, page.nextToken()));
    }

    private HttpAnswer putLogEvents(String region, JsonNode body) {
        List<InputEvent> events = new ArrayList<>();
        JsonNode list = body.path("logEvents");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw serialization("logEvents");
        }
        for (JsonNode e : list) {
            events.add(new InputEvent(longValue(e, "timestamp"), text(e, "message")));
        }
        PutResult result = logs.putLogEvents(region, text(body, "logGroupName"), text(body, "logStreamName"), events);
        ObjectNode answer = JSON.createObjectNode().put("nextSequenceToken", result.nextSequenceToken());
        if (result.tooNewLogEventStartIndex() != null || result.tooOldLogEventEndIndex() != null) {
            ObjectNode rejected = answer.putObject("rejectedLogEventsInfo");
            if (result.tooNewLogEventStartIndex() != null) {
                rejected.put("tooNewLogEventStartIndex", result.tooNewLogEventStartIndex());
            }
            if (result.tooOldLogEventEndIndex() != null) {
                rejected.put("tooOldLogEventEndIndex", result.tooOldLogEventEndIndex());
            }
        }
        return ok(answer);
    }

    private HttpAnswer getLogEvents(String region, JsonNode body) {
        LogEventsPage page = logs.getLogEvents(
                region,
                group(body),
                text(body, "logStreamName"),
                longValue(body, "startTime"),
                longValue(body, "endTime"),
                text(body, "nextToken"),
                integer(body, "limit"),
                bool(body, "startFromHead"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        for (OutputEvent e : page.events()) {
            events.addObject()
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime());
        }
        answer.put("nextForwardToken", page.nextForwardToken()).put("nextBackwardToken", page.nextBackwardToken());
        return ok(answer);
    }

    private HttpAnswer filterLogEvents(String region, JsonNode body) {
        List<String> names = new ArrayList<>();
        JsonNode list = body.path("logStreamNames");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw serialization("logStreamNames");
        }
        list.forEach(n -> names.add(n.asText()));
        LogsPage<OutputEvent> page = logs.filterLogEvents(
                region,
                group(body),
                names,
                text(body, "logStreamNamePrefix"),
                longValue(body, "startTime"),
                longValue(body, "endTime"),
                text(body, "filterPattern"),
                text(body, "nextToken"),
                integer(body, "limit"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        for (OutputEvent e : page.items()) {
            events.addObject()
                    .put("logStreamName", e.logStreamName())
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime())
                    .put("eventId", e.eventId());
        }
        answer.putArray("searchedLogStreams");
        return ok(withToken(answer, page.nextToken()));
    }

    /** {@code logGroupName}, else {@code logGroupIdentifier} (a name or an ARN). */
    private static @Nullable String group(JsonNode body) {
        String name = text(body, "logGroupName");
        String identifier = text(body, "logGroupIdentifier");
        if (name != null && identifier != null) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER, "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        return name != null ? name : identifier == null ? null : LogsService.groupName(identifier);
    }

    private static JsonNode body(HttpCall call) {
        if (call.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode body = JSON.readTree(call.body());
            if (body == null || !body.isObject()) {
                throw new LogsException(LogsError.SERIALIZATION, "The request body is not a JSON object.");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new LogsException(LogsError.SERIALIZATION, "The request body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new LogsException(LogsError.SERIALIZATION, "The request body cannot be read: " + e.getMessage());
        }
    }

    private static @Nullable String text(JsonNode body, String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw serialization(member);
        }
        return n.asText();
    }

    private static @Nullable Long longValue(JsonNode body, String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw serialization(member);
        }
        return n.asLong();
    }

    private static @Nullable Integer integer(JsonNode body, String member) {
        Long value = longValue(body, member);
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static boolean bool(JsonNode body, String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw serialization(member);
        }
        return n.asBoolean();
    }

    private static Map<String, String> tags(JsonNode body) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode n = body.get("tags");
        if (n != null && !n.isNull()) {
            if (!n.isObject()) {
                throw serialization("tags");
            }
            n.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        return tags;
    }

    private static LogsException serialization(String member) {
        return new LogsException(LogsError.SERIALIZATION, "The member '" + member + "' has the wrong type.");
    }

    private static ObjectNode withToken(ObjectNode answer, @Nullable String nextToken) {
        if (nextToken != null) {
            answer.put("nextToken", nextToken);
        }
        return answer;
    }

    private static HttpAnswer ok(ObjectNode body) {
        return answer(200, body);
    }

    private static HttpAnswer error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
        return answer(status, body).withHeader("X-Amzn-ErrorType", code);
    }

    private static HttpAnswer answer(int status, ObjectNode body) {
        try {
            return new HttpAnswer(status, Map.of("Content-Type", CONTENT_TYPE), JSON.writeValueAsBytes(body), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
