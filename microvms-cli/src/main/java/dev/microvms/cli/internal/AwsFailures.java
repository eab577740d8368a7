package dev.microvms.cli.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Tells apart what went wrong on the way to AWS, whatever client failed: no credentials, the network (a name
 * that does not resolve, a refused or timed-out connection, TLS), or an answer; so that messages can say which,
 * and keep the AWS SDK's long account of every credential source out of them.
 */
public final class AwsFailures {
    /** What to do without credentials, in one line. */
    public static final String NO_CREDENTIALS = "No AWS credentials found: run 'aws configure' or 'aws sso login',"
            + " set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --local for the emulator.";

    private AwsFailures() {}

    /** @return whether the failure is that no credentials could be found */
    public static boolean noCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.startsWith("Unable to load credentials") || m.startsWith("No AWS credentials found"))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the failure is the network's: nothing was answered */
    public static boolean network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException
                    || t instanceof SSLException
                    // Apache HttpClient 5's, which is an InterruptedIOException rather than a ConnectException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** @return the innermost cause, as {@code UnknownHostException: sts.example} */
    public static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
    }

    /**
     * @param message an AWS SDK service error's message
     * @return it without the SDK's {@code (Service: ..., Request ID: ...)} tail
     */
    public static String message(@Nullable String message) {
        if (message == null) {
            return "(no message)";
        }
        int tail = message.indexOf(" (Service: ");
        return tail < 0 ? message : message.substring(0, tail);
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
