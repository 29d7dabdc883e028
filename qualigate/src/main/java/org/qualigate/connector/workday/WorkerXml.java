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
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
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
        return read(root, fallbackVersion, false).records();
    }

    /** What one answer says: its records and, for a full read, each worker's complete set of records. */
    record Read(
            List<SourceRecord> records,
            List<HrisSource.CompleteRead> completeReads,
            java.util.Map<String, Integer> unmapped) {}

    /**
     * Reads every {@code Worker} under {@code root}.
     *
     * @param fullRead whether each worker's {@code Qualification_Data} lists all their certifications (a {@code
     *     Get_Workers} answer with {@code Include_Qualifications}); then a worker's complete read is returned too
     */
    static Read read(Element root, long fallbackVersion, boolean fullRead) {
        List<SourceRecord> records = new ArrayList<>();
        List<HrisSource.CompleteRead> reads = new ArrayList<>();
        java.util.Map<String, Integer> unmapped = new java.util.TreeMap<>();
        for (Element worker : WorkdayDom.descendants(root, "Worker")) {
            WorkerRecords w = worker(worker, fallbackVersion);
            records.addAll(w.records());
            w.unmapped().forEach(name -> unmapped.merge(name, 1, Integer::sum));
            if (fullRead && w.employeeId() != null) {
                reads.add(new HrisSource.CompleteRead(
                        w.employeeId(), w.recordIds(), w.version(), rawWorker(worker), CONTENT_TYPE));
            }
        }
        return new Read(records, reads, unmapped);
    }

    /** The records of one {@code Worker} element, versioned by its transaction log or else {@code fallbackVersion}. */
    static List<SourceRecord> records(Element worker, long fallbackVersion) {
        return worker(worker, fallbackVersion).records();
    }

    /** One worker's records, the ids of all the certification records it lists, and its version. */
    private record WorkerRecords(
            @Nullable String employeeId,
            List<SourceRecord> records,
            Set<String> recordIds,
            long version,
            List<String> unmapped) {}

    /** The worker's {@code Worker_Reference}, or else its {@code Worker_Data/Worker_ID}, as the employee ID. */
    static @Nullable String employeeId(Element worker) {
        Element reference = WorkdayDom.child(worker, "Worker_Reference");
        String employeeId = reference == null ? null : WorkdayDom.id(reference, "Employee_ID");
        Element data = WorkdayDom.child(worker, "Worker_Data");
        if (employeeId == null && data != null) {
            employeeId = WorkdayDom.text(data, "Worker_ID");
        }
        return employeeId;
    }

    /** The latest {@code Transaction_Entry_Moment} of the worker's transaction log, in epoch milliseconds. */
    static Optional<Long> version(Element worker) {
        Element data = WorkdayDom.child(worker, "Worker_Data");
        return data == null ? Optional.empty() : latestTransaction(data);
    }

    private static WorkerRecords worker(Element worker, long fallbackVersion) {
        Element reference = WorkdayDom.child(worker, "Worker_Reference");
        Element data = WorkdayDom.child(worker, "Worker_Data");
        String employeeId = employeeId(worker);
        long version = data == null ? fallbackVersion : latestTransaction(data).orElse(fallbackVersion);
        Element qualifications = data == null ? null : WorkdayDom.child(data, "Qualification_Data");
        List<SourceRecord> records = new ArrayList<>();
        Set<String> recordIds = new java.util.LinkedHashSet<>();
        List<String> unmapped = new ArrayList<>();
        if (qualifications == null) {
            return new WorkerRecords(employeeId, records, recordIds, version, unmapped);
        }
        for (Element certification : WorkdayDom.children(qualifications, "Certification")) {
            recordIds.add(CertificationXml.recordId(employeeId, certification));
            unmapped.addAll(CertificationXml.unknownElements(certification));
            byte[] raw;
            try {
                raw = raw(reference, certification);
            } catch (DOMException e) {
                // The parser let through a name the DOM cannot recreate with namespaces (an attribute named
                // ":x", say): the record cannot be kept as XML, so its text is kept and it is set aside.
                raw = certification.getTextContent().getBytes(StandardCharsets.UTF_8);
                SourceRecord record = CertificationXml.certification(employeeId, certification, version, raw);
                records.add(SourceRecord.unreadable(
                        record.key(),
                        raw,
                        CONTENT_TYPE,
                        "Certification",
                        "carries a name that is not a valid namespaced XML name: "
                                + clip(String.valueOf(e.getMessage()))));
                continue;
            }
            records.add(CertificationXml.certification(employeeId, certification, version, raw));
        }
        return new WorkerRecords(employeeId, records, recordIds, version, unmapped);
    }

    /** An {@code xsd:boolean} as written: {@code true}/{@code 1}, {@code false}/{@code 0}, absent, or no boolean. */
    enum XsdBoolean {
        TRUE,
        FALSE,
        ABSENT,
        INVALID;

        static XsdBoolean of(@Nullable String text) {
            if (text == null || text.isBlank()) {
                return ABSENT;
            }
            return switch (text.strip()) {
                case "true", "1" -> TRUE;
                case "false", "0" -> FALSE;
                default -> INVALID;
            };
        }
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
        Element log = WorkdayDom.child(workerData, "Transaction_Log_Entry_Data");
        if (log == null) {
            return Optional.empty();
        }
        long latest = Long.MIN_VALUE;
        for (Element entry : WorkdayDom.children(log, "Transaction_Log_Entry")) {
            String moment = WorkdayDom.text(entry, "Transaction_Log_Data", "Transaction_Entry_Moment");
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
            return serialised(doc);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole {@code Worker} element, serialised on its own (the evidence of a full read). */
    static byte[] rawWorker(Element worker) {
        try {
            Document doc = DocumentBuilderFactory.newDefaultNSInstance()
                    .newDocumentBuilder()
                    .newDocument();
            doc.appendChild(doc.importNode(worker, true));
            return serialised(doc);
        } catch (ParserConfigurationException | DOMException e) {
            return worker.getTextContent().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] serialised(Document doc) {
        DOMImplementationLS ls = (DOMImplementationLS) doc.getImplementation();
        LSSerializer serializer = ls.createLSSerializer();
        serializer.getDomConfig().setParameter("xml-declaration", false);
        return serializer.writeToString(doc).getBytes(StandardCharsets.UTF_8);
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
