package dev.microvms.client.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.model.wire.OperationBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads an answer: the response of a success, or the exception of an error. */
public final class ResponseReader {
    private final ErrorDecoder errors;

    /** @param errors reads error answers */
    public ResponseReader(ErrorDecoder errors) {
        this.errors = errors;
    }

    /**
     * Tells whether an answer is a success: the modelled status, or another 2xx (a 200 where 201 is
     * modelled, say).
     *
     * @param operation the operation
     * @param status the answer's status
     * @return true for a success
     */
    public static boolean isSuccess(OperationBinding<?, ?> operation, int status) {
        return status == operation.successStatus() || (status >= 200 && status < 300);
    }

    /**
     * Reads the response of a success.
     *
     * @param operation the operation
     * @param answer the answer
     * @param <O> the response type
     * @return the response
     * @throws MicrovmsClientException when the body does not fit the service model
     */
    public <O> O response(OperationBinding<?, O> operation, WireResponse answer) {
        try {
            return operation.readOutput(answer.body());
        } catch (IOException | RuntimeException e) {
            throw new MicrovmsClientException(
                    operation.name() + " answered " + answer.status()
                            + " with a body that does not fit the service model: " + preview(answer.body())
                            + ". Is the endpoint an AWS Lambda MicroVMs endpoint?",
                    e);
        }
    }

    /**
     * Reads the exception of an error answer.
     *
     * @param operation the operation
     * @param answer the answer
     * @return the exception
     */
    public MicrovmsServiceException error(OperationBinding<?, ?> operation, WireResponse answer) {
        return errors.decode(answer, operation);
    }

    static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
