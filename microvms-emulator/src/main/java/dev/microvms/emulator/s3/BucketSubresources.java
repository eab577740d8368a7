package dev.microvms.emulator.s3;

import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The bucket subresources a bootstrap and a doctor use: {@code ?location} (GetBucketLocation), {@code
 * ?encryption} (Get/PutBucketEncryption) and {@code ?publicAccessBlock} (Get/PutPublicAccessBlock). Other
 * subresources are refused with 501 rather than mistaken for CreateBucket or ListObjects.
 */
final class BucketSubresources {
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Set<String> HANDLED = Set.of("location", "encryption", "publicAccessBlock");
    private static final Set<String> REFUSED = Set.of(
            "acl",
            "accelerate",
            "analytics",
            "cors",
            "intelligent-tiering",
            "inventory",
            "lifecycle",
            "logging",
            "metrics",
            "notification",
            "object-lock",
            "ownershipControls",
            "policy",
            "policyStatus",
            "replication",
            "requestPayment",
            "tagging",
            "versioning",
            "website");

    private final BucketSettings settings;

    BucketSubresources(BucketSettings settings) {
        this.settings = settings;
    }

    /** @return true when the call names a bucket subresource */
    static boolean named(HttpCall call) {
        return call.query().keySet().stream().anyMatch(k -> HANDLED.contains(k) || REFUSED.contains(k));
    }

    /**
     * @param call a call on a bucket that exists, naming a subresource
     * @param bucket the bucket
     * @param region the region the call was signed for, for a bucket whose Region was not kept
     * @return the answer
     */
    HttpAnswer handle(HttpCall call, String bucket, String region) {
        Map<String, ?> query = call.query();
        BucketSettings.Settings s = settings.get(bucket, region);
        String method = call.method();
        if (query.containsKey("location") && method.equals("GET")) {
            String constraint = s.region().equals("us-east-1") ? "" : s.region();
            return S3Handler.xml(
                    200,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + NS + "\">" + constraint
                            + "</LocationConstraint>");
        }
        if (query.containsKey("encryption") && method.equals("GET")) {
            return S3Handler.xml(
                    200,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ServerSideEncryptionConfiguration xmlns=\"" + NS
                            + "\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>" + s.sseAlgorithm()
                            + "</SSEAlgorithm>"
                            + (s.kmsKeyId() == null
                                    ? ""
                                    : "<KMSMasterKeyID>" + S3Handler.escape(s.kmsKeyId()) + "</KMSMasterKeyID>")
                            + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>" + s.bucketKeyEnabled()
                            + "</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>");
        }
        if (query.containsKey("encryption") && method.equals("PUT")) {
            Document doc = parse(call.body());
            String algorithm = text(doc, "SSEAlgorithm");
            if (doc == null
                    || algorithm == null
                    || !Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(algorithm)) {
                return S3Handler.error(
                        400,
                        "MalformedXML",
                        "The XML you provided was not well-formed or did not validate against our published schema:"
                                + " SSEAlgorithm must be AES256, aws:kms or aws:kms:dsse.",
                        bucket);
            }
            settings.put(
                    bucket,
                    s.withEncryption(
                            algorithm,
                            text(doc, "KMSMasterKeyID"),
                            Boolean.parseBoolean(text(doc, "BucketKeyEnabled"))));
            return HttpAnswer.empty(200);
        }
        if (query.containsKey("publicAccessBlock") && method.equals("GET")) {
            return S3Handler.xml(
                    200,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PublicAccessBlockConfiguration xmlns=\"" + NS
                            + "\"><BlockPublicAcls>" + s.blockPublicAcls() + "</BlockPublicAcls><IgnorePublicAcls>"
                            + s.ignorePublicAcls() + "</IgnorePublicAcls><BlockPublicPolicy>" + s.blockPublicPolicy()
                            + "</BlockPublicPolicy><RestrictPublicBuckets>" + s.restrictPublicBuckets()
                            + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
        }
        if (query.containsKey("publicAccessBlock") && method.equals("PUT")) {
            Document doc = parse(call.body());
            if (doc == null) {
                return S3Handler.error(400, "MalformedXML", "The XML you provided was not well-formed.", bucket);
            }
            settings.put(
                    bucket,
                    s.withPublicAccessBlock(
                            flag(doc, "BlockPublicAcls"),
                            flag(doc, "IgnorePublicAcls"),
                            flag(doc, "BlockPublicPolicy"),
                            flag(doc, "RestrictPublicBuckets")));
            return HttpAnswer.empty(200);
        }
        return S3Handler.error(
                501,
                "NotImplemented",
                "The emulator's S3 subset does not support " + method + " " + call.rawPath() + "?" + call.rawQuery()
                        + "; of the bucket subresources it keeps location, encryption and publicAccessBlock.",
                bucket);
    }

    /**
     * @param body a CreateBucket body, possibly empty
     * @return its LocationConstraint, or null when it names none
     */
    static @Nullable String locationConstraint(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        Document doc = parse(body);
        String constraint = doc == null ? null : text(doc, "LocationConstraint");
        return constraint == null || constraint.isBlank() ? null : constraint.trim();
    }

    private static boolean flag(Document doc, String name) {
        return Boolean.parseBoolean(text(doc, name));
    }

    private static @Nullable String text(@Nullable Document doc, String name) {
        if (doc == null) {
            return null;
        }
        NodeList nodes = doc.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    /** Parses a request's XML with no DTDs and no external entities: the body comes from anyone. */
    private static @Nullable Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }
}
