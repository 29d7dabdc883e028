package org.qualigate.sandbox.workday;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Worker;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Writes and reads the Workday XML shapes the simulator speaks: worker elements, SOAP faults, dates. */
final class WorkdayXml {

    static final String BSVC = "urn:com.workday/bsvc";
    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId tenantZone;

    WorkdayXml(ZoneId tenantZone) {
        this.tenantZone = tenantZone;
    }

    /** An {@code xsd:date} with the tenant's offset on that day, as Workday writes dates: {@code 2026-11-12-08:00}. */
    String date(LocalDate day) {
        return day + tenantZone.getRules().getOffset(day.atTime(12, 0)).getId();
    }

    /** An {@code xsd:dateTime} in the tenant's offset, with milliseconds. */
    String moment(Instant instant) {
        return OffsetDateTime.ofInstant(instant, tenantZone).format(MOMENT);
    }

    /** The expiry as a tenant day: a date as is, an instant as its day in the tenant's zone. */
    @Nullable
    LocalDate expiryDay(CertificationRecord r) {
        String e = r.expiresOn();
        if (e == null) {
            return null;
        }
        return e.contains("T") ? Instant.parse(e).atZone(tenantZone).toLocalDate() : LocalDate.parse(e);
    }

    /**
     * One {@code wd:Worker} as {@code Get_Workers} answers it: reference, descriptor and data, with the transaction
     * log and the certifications when asked for. A revoked certification is written only when {@code writeRevoked}
     * says so (an outbound message, with {@code Remove_Certification} 1); {@code Get_Workers} simply no longer has it.
     */
    void worker(
            StringBuilder out,
            Worker w,
            List<CertificationRecord> certifications,
            List<Instant> changes,
            boolean includeQualifications,
            boolean includeTransactionLog,
            boolean writeRevoked) {
        worker(out, w, certifications, changes, includeQualifications, includeTransactionLog, writeRevoked, null);
    }

    /** As above, with the worker's employment data written by {@code employment} when given. */
    void worker(
            StringBuilder out,
            Worker w,
            List<CertificationRecord> certifications,
            List<Instant> changes,
            boolean includeQualifications,
            boolean includeTransactionLog,
            boolean writeRevoked,
            java.util.function.@Nullable Consumer<StringBuilder> employment) {
        out.append("<wd:Worker>");
        out.append("<wd:Worker_Reference><wd:ID wd:type=\"WID\">")
                .append(wid("worker", w.employeeId()))
                .append("</wd:ID><wd:ID wd:type=\"Employee_ID\">")
                .append(esc(w.employeeId()))
                .append("</wd:ID></wd:Worker_Reference>");
        out.append("<wd:Worker_Descriptor>").append(esc(w.displayName())).append("</wd:Worker_Descriptor>");
        out.append("<wd:Worker_Data>");
        out.append("<wd:Worker_ID>").append(esc(w.employeeId())).append("</wd:Worker_ID>");
        out.append("<wd:User_ID>").append(esc(w.email())).append("</wd:User_ID>");
        if (employment != null) {
            employment.accept(out);
        }
        if (includeTransactionLog) {
            out.append("<wd:Transaction_Log_Entry_Data>");
            for (Instant at : changes) {
                out.append(
                                "<wd:Transaction_Log_Entry><wd:Transaction_Log_Reference wd:Descriptor=\"Edit Certification\">")
                        .append("<wd:ID wd:type=\"WID\">")
                        .append(wid("transaction", w.employeeId() + at))
                        .append("</wd:ID></wd:Transaction_Log_Reference><wd:Transaction_Log_Data>")
                        .append("<wd:Transaction_Log_Description>Edit Certification: ")
                        .append(esc(w.displayName()))
                        .append("</wd:Transaction_Log_Description><wd:Transaction_Effective_Moment>")
                        .append(moment(at))
                        .append("</wd:Transaction_Effective_Moment><wd:Transaction_Entry_Moment>")
                        .append(moment(at))
                        .append("</wd:Transaction_Entry_Moment><wd:Is_Correction_or_Reversal>0")
                        .append("</wd:Is_Correction_or_Reversal></wd:Transaction_Log_Data></wd:Transaction_Log_Entry>");
            }
            out.append("</wd:Transaction_Log_Entry_Data>");
        }
        if (includeQualifications) {
            out.append("<wd:Qualification_Data>");
            for (CertificationRecord r : certifications) {
                if (r.revoked() && !writeRevoked) {
                    continue;
                }
                certification(out, r, writeRevoked);
            }
            out.append("</wd:Qualification_Data>");
        }
        out.append("</wd:Worker_Data></wd:Worker>");
    }

    /**
     * The worker's employment, personal, organisation and management-chain data, as {@code Get_Workers} answers with
     * {@code Include_Employment_Information}, {@code Include_Personal_Information}, {@code Include_Organizations} and
     * {@code Include_Management_Chain_Data}. Booleans are written 1/0, as Workday writes xsd:boolean.
     *
     * @param line the worker's production line: an organisation of type {@code Cost_Center}
     */
    void employment(
            StringBuilder out,
            Worker w,
            @Nullable String line,
            @Nullable LocalDate terminated,
            @Nullable String siteName,
            @Nullable Worker manager) {
        out.append("<wd:Personal_Data><wd:Name_Data><wd:Legal_Name_Data><wd:Name_Detail_Data>")
                .append("<wd:First_Name>")
                .append(esc(w.givenName()))
                .append("</wd:First_Name><wd:Last_Name>")
                .append(esc(w.familyName()))
                .append("</wd:Last_Name></wd:Name_Detail_Data></wd:Legal_Name_Data></wd:Name_Data>")
                .append("<wd:Contact_Data><wd:Email_Address_Data wd:Delete=\"0\"><wd:Email_Address>")
                .append(esc(w.email()))
                .append("</wd:Email_Address><wd:Usage_Data wd:Public=\"1\"><wd:Type_Data wd:Primary=\"1\">")
                .append("<wd:Type_Reference><wd:ID wd:type=\"Communication_Usage_Type_ID\">WORK</wd:ID>")
                .append("</wd:Type_Reference></wd:Type_Data></wd:Usage_Data></wd:Email_Address_Data></wd:Contact_Data>")
                .append("</wd:Personal_Data>");
        out.append("<wd:Employment_Data><wd:Worker_Job_Data wd:Primary_Job=\"1\"><wd:Position_Data>")
                .append("<wd:Position_ID>P-")
                .append(esc(w.employeeId()))
                .append("</wd:Position_ID>");
        if (w.jobTitle() != null) {
            out.append("<wd:Position_Title>")
                    .append(esc(w.jobTitle()))
                    .append("</wd:Position_Title><wd:Business_Title>")
                    .append(esc(w.jobTitle()))
                    .append("</wd:Business_Title>");
        }
        out.append("<wd:Business_Site_Summary_Data><wd:Location_Reference><wd:ID wd:type=\"WID\">")
                .append(wid("location", w.site()))
                .append("</wd:ID><wd:ID wd:type=\"Location_ID\">")
                .append(esc(locationId(w.site())))
                .append("</wd:ID></wd:Location_Reference><wd:Name>")
                .append(esc(siteName == null ? w.site() : siteName))
                .append("</wd:Name></wd:Business_Site_Summary_Data>");
        out.append("</wd:Position_Data></wd:Worker_Job_Data>");
        boolean active = w.status().equals(Worker.ACTIVE);
        out.append("<wd:Worker_Status_Data><wd:Active>")
                .append(active ? 1 : 0)
                .append("</wd:Active><wd:Hire_Date>")
                .append(date(w.hireDate()))
                .append("</wd:Hire_Date><wd:Original_Hire_Date>")
                .append(date(w.hireDate()))
                .append("</wd:Original_Hire_Date><wd:Terminated>")
                .append(active ? 0 : 1)
                .append("</wd:Terminated>");
        if (!active && terminated != null) {
            out.append("<wd:Termination_Date>").append(date(terminated)).append("</wd:Termination_Date>");
        }
        out.append("</wd:Worker_Status_Data></wd:Employment_Data>");
        if (line != null) {
            out.append("<wd:Organization_Data><wd:Worker_Organization_Data><wd:Organization_Reference>")
                    .append("<wd:ID wd:type=\"WID\">")
                    .append(wid("organization", line))
                    .append("</wd:ID><wd:ID wd:type=\"Organization_Reference_ID\">")
                    .append(esc(line))
                    .append("</wd:ID></wd:Organization_Reference><wd:Organization_Data><wd:Organization_Reference_ID>")
                    .append(esc(line))
                    .append("</wd:Organization_Reference_ID><wd:Organization_Code>")
                    .append(esc(line))
                    .append("</wd:Organization_Code><wd:Organization_Name>Line ")
                    .append(esc(line))
                    .append("</wd:Organization_Name><wd:Organization_Type_Reference><wd:ID wd:type=\"WID\">")
                    .append(wid("organization-type", "Cost_Center"))
                    .append("</wd:ID><wd:ID wd:type=\"Organization_Type_ID\">Cost_Center</wd:ID>")
                    .append("</wd:Organization_Type_Reference><wd:Organization_Reference>")
                    .append("<wd:ID wd:type=\"Organization_Reference_ID\">")
                    .append(esc(line))
                    .append("</wd:ID></wd:Organization_Reference></wd:Organization_Data></wd:Worker_Organization_Data>")
                    .append("</wd:Organization_Data>");
        }
        if (manager != null) {
            // The closest supervisory organisation is the chain's last level; its manager is the worker's manager.
            out.append("<wd:Management_Chain_Data><wd:Worker_Supervisory_Management_Chain_Data>")
                    .append("<wd:Management_Chain_Data><wd:Organization_Reference><wd:ID wd:type=\"WID\">")
                    .append(wid("supervisory", w.site()))
                    .append("</wd:ID></wd:Organization_Reference><wd:Manager_Reference><wd:ID wd:type=\"WID\">")
                    .append(wid("worker", manager.employeeId()))
                    .append("</wd:ID></wd:Manager_Reference></wd:Management_Chain_Data>")
                    .append("<wd:Management_Chain_Data><wd:Organization_Reference><wd:ID wd:type=\"WID\">")
                    .append(wid("supervisory", manager.employeeId()))
                    .append("</wd:ID></wd:Organization_Reference><wd:Manager_Reference><wd:ID wd:type=\"WID\">")
                    .append(wid("worker", manager.employeeId()))
                    .append("</wd:ID><wd:ID wd:type=\"Employee_ID\">")
                    .append(esc(manager.employeeId()))
                    .append("</wd:ID></wd:Manager_Reference></wd:Management_Chain_Data>")
                    .append("</wd:Worker_Supervisory_Management_Chain_Data></wd:Management_Chain_Data>");
        }
    }

    /** The tenant's Location ID of a plant site: {@code LOC_<site>} (a plant maps them to its site codes). */
    static String locationId(String site) {
        return "LOC_" + site;
    }

    /**
     * One certification. In an outbound message the removal is {@code Remove_Certification}, written 1 or 0 as
     * Workday writes an xsd:boolean; {@code Get_Workers} simply no longer lists a removed certification.
     */
    private void certification(StringBuilder out, CertificationRecord r, boolean outbound) {
        out.append("<wd:Certification>");
        out.append("<wd:Certification_Data><wd:Certification_Reference wd:Descriptor=\"")
                .append(esc(r.certificationName()))
                .append("\"><wd:ID wd:type=\"WID\">")
                .append(wid("certification", r.certificationId()))
                .append("</wd:ID><wd:ID wd:type=\"Certification_ID\">")
                .append(esc(r.certificationId()))
                .append("</wd:ID></wd:Certification_Reference>");
        out.append("<wd:Certification_Name>").append(esc(r.certificationName())).append("</wd:Certification_Name>");
        out.append("<wd:Issuer>Qualigate Pharma Academy</wd:Issuer>");
        out.append("<wd:Certification_Number>")
                .append(esc("CN-" + r.sourceRecordId()))
                .append("</wd:Certification_Number>");
        out.append("<wd:Issued_Date>").append(date(r.completedOn())).append("</wd:Issued_Date>");
        LocalDate expiry = expiryDay(r);
        if (expiry != null) {
            out.append("<wd:Expiration_Date>").append(date(expiry)).append("</wd:Expiration_Date>");
        }
        out.append("<wd:Examination_Score>")
                .append(70 + Math.floorMod(r.sourceRecordId().hashCode(), 31))
                .append("</wd:Examination_Score>");
        out.append("<wd:Examination_Date>").append(date(r.completedOn())).append("</wd:Examination_Date>");
        out.append("<wd:Certification_ID>").append(esc(r.sourceRecordId())).append("</wd:Certification_ID>");
        if (outbound) {
            out.append("<wd:Remove_Certification>").append(r.revoked() ? 1 : 0).append("</wd:Remove_Certification>");
        }
        out.append("</wd:Certification_Data></wd:Certification>");
    }

    /** A SOAP 1.1 fault as Workday sends it (always with HTTP 500). */
    static String fault(String code, String message, @Nullable String xpath) {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"")
                .append(SOAP_ENV)
                .append("\"><SOAP-ENV:Body><SOAP-ENV:Fault xmlns:wd=\"")
                .append(BSVC)
                .append("\"><faultcode>SOAP-ENV:")
                .append(code)
                .append("</faultcode><faultstring>")
                .append(esc(message))
                .append("</faultstring>");
        if (xpath != null) {
            out.append("<detail><wd:Validation_Fault><wd:Validation_Error><wd:Message>")
                    .append(esc(message))
                    .append("</wd:Message><wd:Detail_Message>")
                    .append(esc(message))
                    .append("</wd:Detail_Message><wd:Xpath>")
                    .append(esc(xpath))
                    .append("</wd:Xpath></wd:Validation_Error></wd:Validation_Fault></detail>");
        }
        out.append("</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>");
        return out.toString();
    }

    static String wid(String kind, String key) {
        return UUID.nameUUIDFromBytes((kind + ":" + key).getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Parses with namespaces and without DTDs or external entities. */
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
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The child elements of {@code parent} with this namespace and local name. */
    static List<Element> children(Node parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** The first child element on this path of {@code urn:com.workday/bsvc} local names, if any. */
    @Nullable
    static Element path(Node from, String... localNames) {
        Node at = from;
        for (String name : localNames) {
            List<Element> next = children(at, BSVC, name);
            if (next.isEmpty()) {
                return null;
            }
            at = next.get(0);
        }
        return (Element) at;
    }

    @Nullable
    static String text(Node from, String... localNames) {
        Element e = path(from, localNames);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }
}
