package dev.microvms.cli.internal;

/**
 * The AWS services the CLI calls, each with the suffix of its own endpoint variable, {@code
 * AWS_ENDPOINT_URL_<SUFFIX>}, as every AWS SDK reads it.
 */
public enum AwsService {
    /** Lambda MicroVMs. */
    LAMBDA_MICROVMS("LAMBDA_MICROVMS"),
    /** S3, for code artifacts. */
    S3("S3"),
    /** IAM, for the build and execution roles. */
    IAM("IAM"),
    /** STS, for the caller's account. */
    STS("STS"),
    /** CloudWatch Logs, for MicroVMs' output and build logs. */
    CLOUDWATCH_LOGS("CLOUDWATCH_LOGS");

    private final String variableSuffix;

    AwsService(String variableSuffix) {
        this.variableSuffix = variableSuffix;
    }

    /** @return the service's own endpoint variable, such as {@code AWS_ENDPOINT_URL_S3} */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + variableSuffix;
    }
}
