package dev.microvms.model;

import org.jspecify.annotations.Nullable;

/**
 * Where a MicroVM's logs go: a union of which exactly one member is set on the wire, {@code
 * {"cloudWatch":{...}}} or {@code {"disabled":{}}}.
 *
 * <pre>{@code
 * Logging logs = Logging.cloudWatch("/microvms/my-app", null);
 * Logging none = Logging.disabled();
 * }</pre>
 */
public sealed interface Logging permits Logging.CloudWatch, Logging.Disabled, Logging.Unknown {

    /**
     * Sends logs to CloudWatch Logs.
     *
     * @param logGroup the log group
     * @param logStream the log stream, or null for the service's default
     * @return the union with its {@code cloudWatch} member set
     */
    static Logging cloudWatch(String logGroup, @Nullable String logStream) {
        return new CloudWatch(new CloudWatchLogging(logGroup, logStream));
    }

    /**
     * Turns logging off.
     *
     * @return the union with its {@code disabled} member set
     */
    static Logging disabled() {
        return new Disabled();
    }

    /**
     * The {@code cloudWatch} member.
     *
     * @param cloudWatch the log group and stream
     */
    record CloudWatch(CloudWatchLogging cloudWatch) implements Logging {}

    /** The {@code disabled} member. */
    record Disabled() implements Logging {}

    /**
     * A member this version of the client does not know.
     *
     * @param member the member's name on the wire
     */
    record Unknown(String member) implements Logging {}
}
