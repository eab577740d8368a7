package dev.microvms.emulator.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * The regions AWS Lambda MicroVMs runs in. The service answers a call signed for any other region with
 * AccessDeniedException (and no message); the emulator answers the same way, with a message that says why,
 * so that a region is never taken from a request unchecked (it names directories too).
 */
public final class Regions {
    /** The regions of the service at launch. */
    public static final Set<String> SUPPORTED =
            Set.copyOf(new TreeSet<>(Set.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1")));

    private Regions() {}

    /** @return true when the service runs in the region */
    public static boolean supported(String region) {
        return SUPPORTED.contains(region);
    }

    /** @return why a region is refused, and what to use instead */
    public static String unsupported(String region) {
        String shown = region.length() > 64 ? region.substring(0, 64) + "..." : region;
        return "AWS Lambda MicroVMs is not available in the region '" + shown + "' that the call was signed for;"
                + " use one of " + String.join(", ", new TreeSet<>(SUPPORTED)) + ".";
    }
}
