package org.qualigate.connector.workday;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSSerializer;
import org.xml.sax.SAXException;

/**
 * Reads Workday worker XML ({@code Get_Workers} responses and outbound messages): each {@code Certification} of
 * each {@code Worker} becomes one {@link SourceRecord}. Elements are matched by local name, whatever prefix the
 * server chose; attributes such as {@code wd:type} are read namespaced (or plain).
 */
final class WorkerXml {

    static final String BSVC = "urn:com.workday/bsvc";
    static final String CONTENT_TYPE = "application/xml";

    /** What this adapter knows inside {@code Certification}: anything else is schema drift. */
    private static final Set<String> CERTIFICATION_CHILDREN =
            Set.of("Certification_Reference", "Certification_Achievement_Reference", "Certification_Data");

    /** What this adapter knows inside {@code Certification_Data} (Human_Resources, v3x–v4x). */
    private static final Set<String> CERTIFICATION_DATA_CHILDREN = Set.of(
            "Certification_Reference",
            "Country_Reference",
            "Country_Region_Reference",
            "Certification_Name",
            "Issuer",
            "Certification_Issuer_Reference",
            "Certification_Number",
            "Issued_Date",
            "Expiration_Date",
            "Examination_Score",
            "Examination_Date",
            "Specialty_Achievement_Data",
            "Worker_Document_Data",
            "Attachment_Data",
            "Certification_ID",
            "Remove_Certification");

    /** {@code xsd:date} with an optional offset ({@code 2026-11-12-08:00}, {@code 2026-11-12Z}, {@code 2026-11-12}). */
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:\\d{2})?");

    private WorkerXml() {}

    /** Parses namespace-aware, refusing DTDs and external entities. */
    static Document parse(byte[] body) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (IOException e) {
            // Reading from memory fails only on the content itself (an encoding the JDK does not know or bytes
            // that are not in it): the message is malformed, like any other unreadable XML.
            throw new SAXException("unreadable characters: " + e, e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every certification of every {@code Worker} element under {@code root}, in document order.
     *
     * @param fallbackVersion the version of records whose worker carries no transaction log
     */
    static List<SourceRecord> certifications(Element root, long fallbackVersion) {
        List<SourceRecord> records = new ArrayList<>();
        for (Element worker : descendants(root, "Worker")) {
            records.addAll(worker(worker, fallbackVersion));
        }
        return records;
    }

    private static List<SourceRecord> worker(Element worker, long fallbackVersion) {
        Element reference = child(worker, "Worker_Reference");
        Element data = child(worker, "Worker_Data");
        String employeeId = reference == null ? null : id(reference, "Employee_ID");
        if (employeeId == null && data != null) {
            employeeId = text(data, "Worker_ID");
        }
        long version = data == null ? fallbackVersion : latestTransaction(data).orElse(fallbackVersion);
        Element qualifications = data == null ? null : child(data, "Qualification_Data");
        List<SourceRecord> records = new ArrayList<>();
        if (qualifications == null) {
            return records;
        }
        for (Element certification : children(qualifications, "Certification")) {
            byte[] raw;
            try {
                raw = raw(reference, certification);
            } catch (DOMException e) {
                // The parser let through a name the DOM cannot recreate with namespaces (an attribute named
                // ":x", say): the record cannot be kept as XML, so its text is kept and it is set aside.
                raw = certification.getTextContent().getBytes(StandardCharsets.UTF_8);
                SourceRecord record = certification(employeeId, certification, version, raw);
                records.add(SourceRecord.unreadable(
                        record.key(),
                        raw,
                        CONTENT_TYPE,
                        "Certification",
                        "carries a name that is not a valid namespaced XML name: "
                                + clip(String.valueOf(e.getMessage()))));
                continue;
            }
            records.add(certification(employeeId, certification, version, raw));
        }
        return records;
    }

    private static SourceRecord certification(
            @Nullable String employeeId, Element certification, long version, byte[] raw) {
        Element data = child(certification, "Certification_Data");
        String catalogueId = data == null
                ? null
                : path(data, "Certification_Reference") == null
                        ? null
                        : id(path(data, "Certification_Reference"), "Certification_ID");
        String ownId = data == null ? null : text(data, "Certification_ID");
        String recordId = ownId != null
                ? ownId
                : (employeeId == null ? "?" : employeeId) + "/" + (catalogueId == null ? "?" : catalogueId);
        String key = recordId + "@" + version;
        if (employeeId == null) {
            return SourceRecord.unreadable(
                    key, raw, CONTENT_TYPE, "Worker_Reference", "the worker has no ID of type Employee_ID");
        }
        for (Element c : elements(certification)) {
            if (!CERTIFICATION_CHILDREN.contains(c.getLocalName())) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        c.getLocalName(),
                        "new field " + c.getLocalName() + " (not known to this adapter)");
            }
        }
        if (data == null) {
            return SourceRecord.drifted(key, raw, CONTENT_TYPE, "Certification_Data", "missing");
        }
        for (Element c : elements(data)) {
            if (!CERTIFICATION_DATA_CHILDREN.contains(c.getLocalName())) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        c.getLocalName(),
                        "new field " + c.getLocalName() + " (not known to this adapter)");
            }
        }
        if (catalogueId == null) {
            return SourceRecord.drifted(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "Certification_Reference",
                    "missing an ID of type Certification_ID (the catalogue certification)");
        }
        String issuedText = text(data, "Issued_Date");
        if (issuedText == null) {
            return SourceRecord.drifted(key, raw, CONTENT_TYPE, "Issued_Date", "missing");
        }
        Optional<String> issued = day(issuedText);
        if (issued.isEmpty()) {
            return SourceRecord.drifted(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "Issued_Date",
                    "Issued_Date: expected a date, got '" + clip(issuedText) + "'");
        }
        String expiresText = text(data, "Expiration_Date");
        String expires = null;
        if (expiresText != null) {
            Optional<String> parsed = day(expiresText);
            if (parsed.isEmpty()) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        "Expiration_Date",
                        "Expiration_Date: expected a date, got '" + clip(expiresText) + "'");
            }
            expires = parsed.get();
        }
        String name = text(data, "Certification_Name");
        if (name == null) {
            String descriptor = attribute(path(data, "Certification_Reference"), "Descriptor");
            name = descriptor == null || descriptor.isBlank() ? null : descriptor;
        }
        String delete = attribute(certification, "Delete");
        boolean removed = "true".equals(delete)
                || "1".equals(delete)
                || child(data, "Remove_Certification") != null && "true".equals(text(data, "Remove_Certification"));
        return SourceRecord.read(
                key,
                raw,
                CONTENT_TYPE,
                new SourceRecord.CertificationFields(
                        removed ? "certification.revoked" : "certification.completed",
                        employeeId,
                        catalogueId,
                        name,
                        null,
                        issued.get(),
                        expires,
                        recordId,
                        version,
                        null,
                        null));
    }

    /**
     * The day a Workday date names: {@code 2026-11-12-08:00} is the day 2026-11-12 (the offset is the tenant's, not
     * a shift of the day); a date-time with offset names the day as written.
     */
    static Optional<String> day(String text) {
        String t = text.trim();
        Matcher m = DATE.matcher(t);
        if (m.matches()) {
            try {
                return Optional.of(java.time.LocalDate.parse(m.group(1)).toString());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toLocalDate().toString());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The latest {@code Transaction_Entry_Moment} of the worker's transaction log, in epoch milliseconds. */
    private static Optional<Long> latestTransaction(Element workerData) {
        Element log = child(workerData, "Transaction_Log_Entry_Data");
        if (log == null) {
            return Optional.empty();
        }
        long latest = Long.MIN_VALUE;
        for (Element entry : children(log, "Transaction_Log_Entry")) {
            String moment = text(entry, "Transaction_Log_Data", "Transaction_Entry_Moment");
            if (moment == null) {
                continue;
            }
            try {
                latest = Math.max(
                        latest, OffsetDateTime.parse(moment).toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                // a moment without an offset cannot be placed in time; the other entries still count
            }
        }
        return latest == Long.MIN_VALUE ? Optional.empty() : Optional.of(latest);
    }

    /** The record as stored: the worker's reference and this one certification, in a {@code wd:Worker}. */
    private static byte[] raw(@Nullable Element reference, Element certification) {
        try {
            Document doc = DocumentBuilderFactory.newDefaultNSInstance()
                    .newDocumentBuilder()
                    .newDocument();
            Element worker = doc.createElementNS(BSVC, "wd:Worker");
            doc.appendChild(worker);
            if (reference != null) {
                worker.appendChild(doc.importNode(reference, true));
            }
            worker.appendChild(doc.importNode(certification, true));
            DOMImplementationLS ls = (DOMImplementationLS) doc.getImplementation();
            LSSerializer serializer = ls.createLSSerializer();
            serializer.getDomConfig().setParameter("xml-declaration", false);
            return serializer.writeToString(doc).getBytes(StandardCharsets.UTF_8);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    // --- DOM helpers: local names, any prefix -------------------------------------------------------------------

    static List<Element> elements(Node parent) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                found.add(e);
            }
        }
        return found;
    }

    static List<Element> children(Node parent, String localName) {
        return elements(parent).stream()
                .filter(e -> localName.equals(e.getLocalName()))
                .toList();
    }

    static @Nullable Element child(Node parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    static @Nullable Element path(@Nullable Node from, String... localNames) {
        Node at = from;
        for (String name : localNames) {
            if (at == null) {
                return null;
            }
            at = child(at, name);
        }
        return (Element) at;
    }

    static @Nullable String text(@Nullable Node from, String... localNames) {
        Element e = path(from, localNames);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    /** The {@code ID} child whose {@code wd:type} is {@code type}. */
    static @Nullable String id(@Nullable Element reference, String type) {
        if (reference == null) {
            return null;
        }
        for (Element id : children(reference, "ID")) {
            if (type.equals(attribute(id, "type"))) {
                String t = id.getTextContent().trim();
                return t.isEmpty() ? null : t;
            }
        }
        return null;
    }

    /** A Workday attribute: namespaced ({@code wd:type}) as Workday writes it, or plain. */
    static @Nullable String attribute(@Nullable Element e, String localName) {
        if (e == null) {
            return null;
        }
        if (e.hasAttributeNS(BSVC, localName)) {
            return e.getAttributeNS(BSVC, localName);
        }
        return e.hasAttribute(localName) ? e.getAttribute(localName) : null;
    }

    static List<Element> descendants(Element root, String localName) {
        List<Element> found = new ArrayList<>();
        collect(root, localName, found);
        return found;
    }

    private static void collect(Element at, String localName, List<Element> found) {
        for (Element e : elements(at)) {
            if (localName.equals(e.getLocalName())) {
                found.add(e);
            } else {
                collect(e, localName, found);
            }
        }
    }
}
