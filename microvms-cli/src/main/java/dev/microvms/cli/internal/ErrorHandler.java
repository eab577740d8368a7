package dev.microvms.cli.internal;

import dev.microvms.cli.ExitCodes;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.project.PackageException;
import dev.microvms.project.ProjectFileException;
import dev.microvms.sdk.EndpointException;
import dev.microvms.sdk.WaiterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
     * @param e a failure
     * @return its exit code
     */
    public static int exitCode(Throwable e) {
        if (e instanceof UsageException
                || e instanceof ParameterException
                || e instanceof ProjectFileException
                || e instanceof PackageException) {
            return ExitCodes.USAGE_ERROR;
        }
        if (e instanceof WaiterException) {
            return ExitCodes.WAITER_FAILED;
        }
        if (e instanceof MicrovmsServiceException || e instanceof EndpointException) {
            return ExitCodes.SERVICE_ERROR;
        }
        if (e instanceof MicrovmsClientException || e instanceof IOException || e instanceof UncheckedIOException) {
            return ExitCodes.CLIENT_ERROR;
        }
        return ExitCodes.SERVICE_ERROR;
    }

    private String message(Exception e) {
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

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
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
