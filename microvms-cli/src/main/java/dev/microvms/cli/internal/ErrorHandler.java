package dev.microvms.cli.internal;

import dev.microvms.cli.ExitCodes;
import dev.microvms.client.exception.InvalidRequestException;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.project.PackageException;
import dev.microvms.project.ProjectFileException;
import dev.microvms.sdk.EndpointException;
import dev.microvms.sdk.WaiterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one place where failures become messages on stderr and exit codes. */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final CliContext context;

    /** @param context this run's context */
    public ErrorHandler(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        context.err().println("Error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, context.err());
        context.err().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        context.err().flush();
        return ExitCodes.USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        int code = exitCode(e);
        context.err().println("Error: " + message(e));
        if (e instanceof UsageException) {
            context.err().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        }
        context.err().flush();
        return code;
    }

    /**
     * The exit code of a failure, the same for the same cause in every command: a bad command line or value
     * is 2, an endpoint that cannot be reached is 3 (before any other reading of the failure), a refusal by
     * the service or the app is 1, a failed wait is 4, and anything else that failed on this side is 3.
     *
     * @param e a failure
     * @return its exit code
     */
    public static int exitCode(Throwable e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof UsageException
                || e instanceof ParameterException
                || e instanceof ProjectFileException
                || e instanceof PackageException
                || e instanceof InvalidRequestException) {
            return ExitCodes.USAGE_ERROR;
        }
        if (unreachable(e)) {
            return ExitCodes.CLIENT_ERROR;
        }
        if (e instanceof WaiterException) {
            return ExitCodes.WAITER_FAILED;
        }
        if (e instanceof MicrovmsServiceException
                || e instanceof EndpointException
                || e instanceof AwsServiceException) {
            return ExitCodes.SERVICE_ERROR;
        }
        if (e instanceof MicrovmsClientException
                || e instanceof SdkClientException
                || e instanceof IOException
                || e instanceof UncheckedIOException) {
            return ExitCodes.CLIENT_ERROR;
        }
        return ExitCodes.SERVICE_ERROR;
    }

    private String message(Exception e) {
        if (AwsFailures.noCredentials(e)) {
            return AwsFailures.NO_CREDENTIALS;
        }
        if (unreachable(e)) {
            URI endpoint = context.endpoint();
            String where = endpoint == null ? "the service endpoint" : endpoint.toString();
            if (context.local()) {
                return "Could not reach " + where + ". Is the emulator running? Start it with "
                        + "'lambda-microvms local start', or check 'lambda-microvms local status'.";
            }
            return "Could not reach " + where + " (" + rootMessage(e) + "). Check --endpoint-url, --region and "
                    + "your network; for the local emulator use --local after 'lambda-microvms local start'.";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * @param e a failure
     * @return whether an endpoint could not be reached, as the cause of the failure at any depth
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException
                    // Apache HttpClient 5's, which is an InterruptedIOException rather than a ConnectException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
