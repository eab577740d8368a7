package dev.microvms.sdk;

import dev.microvms.model.GetMicrovmImageRequest;

/**
 * Image identifiers as people write them: an ARN is used as it is; anything else is the name of an image of
 * the account and Region, looked up with GetMicrovmImage (which takes either), for the operations that need
 * the ARN (RunMicrovm, ListMicrovms, the tag operations).
 */
final class ImageIdentifiers {
    private ImageIdentifiers() {}

    /**
     * @param ctx the SDK's context
     * @param identifier an image's name or ARN
     * @return its ARN
     * @throws dev.microvms.client.exception.ResourceNotFoundException when there is no image of that name
     */
    static String arn(SdkContext ctx, String identifier) {
        if (identifier.startsWith("arn:")) {
            return identifier;
        }
        return ctx.client
                .getMicrovmImage(GetMicrovmImageRequest.builder()
                        .imageIdentifier(identifier)
                        .build())
                .imageArn();
    }
}
