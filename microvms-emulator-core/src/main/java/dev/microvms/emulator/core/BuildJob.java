package dev.microvms.emulator.core;

/**
 * One version to build.
 *
 * @param context the account and region of the image
 * @param imageArn the image's ARN
 * @param imageName the image's name
 * @param version the version, such as {@code 1.0}
 * @param config its build configuration
 */
public record BuildJob(RequestContext context, String imageArn, String imageName, String version, ImageConfig config) {}
