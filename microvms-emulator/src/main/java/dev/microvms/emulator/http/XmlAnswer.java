package dev.microvms.emulator.http;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * Writes the XML answers of the AWS query protocol with the JDK's StAX writer (which escapes):
 * {@code <ActionResponse xmlns=...><ActionResult>...</ActionResult><ResponseMetadata>...} and the
 * {@code <ErrorResponse>} of a failure.
 *
 * <pre>{@code
 * XmlAnswer xml = XmlAnswer.response("GetRole", IAM_NAMESPACE);
 * xml.start("Role").element("RoleName", "build").end();
 * return xml.answer();
 * }</pre>
 */
public final class XmlAnswer {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final StringWriter text = new StringWriter();
    private final XMLStreamWriter xml;
    private final int status;
    private final boolean hasResult;

    private XmlAnswer(int status, boolean hasResult) {
        this.status = status;
        this.hasResult = hasResult;
        try {
            this.xml = FACTORY.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts an answer whose result members follow.
     *
     * @param action the action, such as {@code GetCallerIdentity}
     * @param namespace the API's XML namespace
     * @return the answer, inside {@code <ActionResult>}
     */
    public static XmlAnswer response(String action, String namespace) {
        XmlAnswer answer = new XmlAnswer(200, true);
        answer.startRoot(action + "Response", namespace);
        answer.start(action + "Result");
        return answer;
    }

    /**
     * An answer with no result members, such as PutRolePolicy's.
     *
     * @param action the action
     * @param namespace the API's XML namespace
     * @return the finished answer
     */
    public static HttpAnswer empty(String action, String namespace) {
        XmlAnswer answer = new XmlAnswer(200, false);
        answer.startRoot(action + "Response", namespace);
        return answer.answer();
    }

    /**
     * The query protocol's error: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>}.
     *
     * @param status the HTTP status
     * @param namespace the API's XML namespace
     * @param code the error code, such as {@code NoSuchEntity}
     * @param message the message
     * @return the answer
     */
    public static HttpAnswer error(int status, String namespace, String code, String message) {
        XmlAnswer answer = new XmlAnswer(status, false);
        try {
            answer.xml.writeStartElement("ErrorResponse");
            answer.xml.writeDefaultNamespace(namespace);
            answer.start("Error")
                    .element("Type", status >= 500 ? "Receiver" : "Sender")
                    .element("Code", code)
                    .element("Message", message)
                    .end();
            answer.element("RequestId", UUID.randomUUID().toString());
            answer.xml.writeEndDocument();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return answer.finish();
    }

    private void startRoot(String name, String namespace) {
        try {
            xml.writeStartElement(name);
            xml.writeDefaultNamespace(namespace);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return this answer, inside a new element */
    public XmlAnswer start(String name) {
        try {
            xml.writeStartElement(name);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** @return this answer, after the element last started */
    public XmlAnswer end() {
        try {
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** @return this answer with an element holding text; nothing when the value is null */
    public XmlAnswer element(String name, @Nullable Object value) {
        if (value == null) {
            return this;
        }
        try {
            xml.writeStartElement(name);
            xml.writeCharacters(String.valueOf(value));
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** @return the finished answer: the result closed, then the request's metadata */
    public HttpAnswer answer() {
        try {
            if (hasResult) {
                xml.writeEndElement();
            }
            start("ResponseMetadata")
                    .element("RequestId", UUID.randomUUID().toString())
                    .end();
            xml.writeEndDocument();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return finish();
    }

    private HttpAnswer finish() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return new HttpAnswer(
                status, Map.of("Content-Type", "text/xml"), text.toString().getBytes(StandardCharsets.UTF_8), null);
    }
}
