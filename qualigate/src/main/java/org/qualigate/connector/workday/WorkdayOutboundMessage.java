package org.qualigate.connector.workday;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.qualigate.connector.SourceRecord;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Workday outbound subscription message (XML, usually a SOAP envelope) into one {@link SourceRecord} per
 * certification of each {@code Worker} it carries, with the same keys and versions as {@code Get_Workers}, so a
 * change seen both pushed and pulled is one record. A message that cannot be read is one unreadable record.
 */
public final class WorkdayOutboundMessage {

    private WorkdayOutboundMessage() {}

    /**
     * @param fallbackVersion the version of records whose worker carries no transaction log (e.g. receipt time)
     */
    public static List<SourceRecord> read(byte[] body, long fallbackVersion) {
        Document doc;
        try {
            doc = WorkerXml.parse(body);
        } catch (SAXException e) {
            String where = e instanceof SAXParseException p
                    ? " at line " + p.getLineNumber() + ", column " + p.getColumnNumber()
                    : "";
            return List.of(SourceRecord.unreadable(
                    messageKey(body),
                    body,
                    WorkerXml.CONTENT_TYPE,
                    "body",
                    "not well-formed XML" + where + ": " + WorkerXml.clip(String.valueOf(e.getMessage()))));
        }
        List<SourceRecord> records = WorkerXml.certifications(doc.getDocumentElement(), fallbackVersion);
        if (records.isEmpty()) {
            boolean anyWorker =
                    !WorkerXml.descendants(doc.getDocumentElement(), "Worker").isEmpty();
            return List.of(SourceRecord.unreadable(
                    messageKey(body),
                    body,
                    WorkerXml.CONTENT_TYPE,
                    anyWorker ? "Certification" : "Worker",
                    anyWorker
                            ? "the message's workers carry no Qualification_Data/Certification"
                            : "the message carries no Worker element"));
        }
        return records;
    }

    private static String messageKey(byte[] body) {
        try {
            return "message:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
