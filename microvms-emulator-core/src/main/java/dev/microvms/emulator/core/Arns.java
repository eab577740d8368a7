package dev.microvms.emulator.core;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The ARNs of the service: images, managed images and network connectors. */
public final class Arns {
    /** The names of the built-in network connectors. */
    public static final List<String> CONNECTORS =
            List.of("ALL_INGRESS", "HTTP_INGRESS", "SHELL_INGRESS", "NO_INGRESS", "INTERNET_EGRESS");

    /** The one managed base image. */
    public static final String MANAGED_IMAGE_NAME = "al2023-1";

    private static final Pattern IMAGE =
            Pattern.compile("arn:aws[a-z\\-]*:lambda:([a-z0-9\\-]+):(\\d{12}|aws):microvm-image:([a-zA-Z0-9\\-_.]+)");
    private static final Pattern CONNECTOR = Pattern.compile(
            "arn:aws[a-z\\-]*:lambda:([a-z0-9\\-]+):(aws|\\d{12}):network-connector:aws-network-connector:([A-Z_]+)");

    /** An account's own network connector, as TaggableResource in the model spells it. */
    private static final Pattern ACCOUNT_CONNECTOR =
            Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9\\-]+:\\d{12}:network-connector:[a-zA-Z0-9-_]+");

    private Arns() {}

    /** @return the ARN of an image of an account */
    public static String image(RequestContext context, String name) {
        return "arn:aws:lambda:" + context.region() + ":" + context.account() + ":microvm-image:" + name;
    }

    /** @return the ARN of the managed base image in a region */
    public static String managedImage(String region) {
        return "arn:aws:lambda:" + region + ":aws:microvm-image:" + MANAGED_IMAGE_NAME;
    }

    /** @return the ARN of a built-in network connector in a region */
    public static String connector(String region, String name) {
        return "arn:aws:lambda:" + region + ":aws:network-connector:aws-network-connector:" + name;
    }

    /**
     * The parts of an image ARN.
     *
     * @param region the region
     * @param account the account, or {@code aws} for a managed image
     * @param name the image name
     */
    public record ImageArn(String region, String account, String name) {}

    /** @return the parts of an image ARN, or null when it is not one */
    public static @Nullable ImageArn parseImage(String arn) {
        Matcher m = IMAGE.matcher(arn);
        return m.matches() ? new ImageArn(m.group(1), m.group(2), m.group(3)) : null;
    }

    /** @return the built-in connector's name (such as {@code HTTP_INGRESS}), or null when the ARN is not one */
    public static @Nullable String connectorName(String arn) {
        Matcher m = CONNECTOR.matcher(arn);
        return m.matches() && CONNECTORS.contains(m.group(3)) ? m.group(3) : null;
    }

    /** @return true when the ARN names an account's own network connector (not a built-in one) */
    public static boolean isAccountConnector(String arn) {
        return ACCOUNT_CONNECTOR.matcher(arn).matches();
    }
}
