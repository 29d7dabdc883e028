package org.qualigate.sandbox.workday;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.HrisDirectory;
import org.qualigate.sandbox.Worker;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated Workday tenant over the sandbox's HRIS: SOAP {@code Get_Workers} at {@link #soapPath()}, the
 * training-completions RaaS report at {@link #reportPath()}, and outbound subscription messages to Qualigate. It
 * keeps a last-updated instant per certification record (its transaction log), so incremental pulls work.
 */
public final class WorkdayTenant {

    public static final String TENANT = "qualigate_demo";
    public static final String INTEGRATION_USER = "ISU_Qualigate";
    public static final String PASSWORD = "sandbox-workday-password";
    public static final String VERSION = "v42.0";
    public static final String REPORT_OWNER = INTEGRATION_USER;
    public static final String REPORT = "Training_Completions";
    public static final String OUTBOUND_USER = "workday-outbound";
    public static final String OUTBOUND_PASSWORD = "sandbox-outbound-password";
    /** The tenant's zone: every date it writes carries this zone's offset on that day. */
    public static final ZoneId TENANT_ZONE = ZoneId.of("America/Los_Angeles");

    static final int MAX_COUNT = 999;
    static final int DEFAULT_COUNT = 100;

    private final HrisDirectory hris;
    private final Clock clock;
    private final JsonMapper json;
    private final WorkdayXml xml = new WorkdayXml(TENANT_ZONE);
    private final Map<String, Instant> updated = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private volatile String fromPrompt = "Updated_From";
    private volatile String throughPrompt = "Updated_Through";
    private volatile Map<String, String> columns = Map.of();
    private volatile URI outboundUri;
    private volatile String outboundUser = OUTBOUND_USER;
    private volatile String outboundPassword = OUTBOUND_PASSWORD;

    /** Serves the HRIS's records; records already there count as last updated when they were approved. */
    public WorkdayTenant(HrisDirectory hris, Clock clock, JsonMapper json, URI qualigateUri) {
        this.hris = hris;
        this.clock = clock;
        this.json = json;
        this.outboundUri = URI.create(qualigateUri.toString().replaceAll("/+$", "") + "/api/v1/hooks/workday");
        hris.certifications().forEach(r -> updated.put(r.sourceRecordId(), r.approvedAt()));
        hris.onCertificationChange(r -> updated.put(r.sourceRecordId(), clock.instant()));
    }

    /** {@code user@tenant}, as the WS-Security UsernameToken must name it. */
    public String username() {
        return INTEGRATION_USER + "@" + TENANT;
    }

    public String password() {
        return PASSWORD;
    }

    /** {@code /ccx/service/<tenant>/Human_Resources/<version>}. */
    public String soapPath() {
        return "/ccx/service/" + TENANT + "/Human_Resources/" + VERSION;
    }

    /** {@code /ccx/service/customreport2/<tenant>/<owner>/<report>}. */
    public String reportPath() {
        return "/ccx/service/customreport2/" + TENANT + "/" + REPORT_OWNER + "/" + REPORT;
    }

    /** When the record last changed, as the transaction log says. */
    public Optional<Instant> lastUpdated(String sourceRecordId) {
        return Optional.ofNullable(updated.get(sourceRecordId));
    }

    /** Where outbound messages go and with which Basic credentials (default: Qualigate's workday hook). */
    public void outboundTo(URI uri, String username, String password) {
        this.outboundUri = Objects.requireNonNull(uri);
        this.outboundUser = Objects.requireNonNull(username);
        this.outboundPassword = Objects.requireNonNull(password);
    }

    /** The RaaS report's window prompts (the prompts' web service aliases; default Updated_From / Updated_Through). */
    public void reportPrompts(String from, String through) {
        this.fromPrompt = Objects.requireNonNull(from);
        this.throughPrompt = Objects.requireNonNull(through);
    }

    /**
     * Renames report columns, as a report author chooses aliases: default column name → alias (e.g. {@code Course_ID}
     * → {@code Learning_Course_ID}). Unnamed columns keep their default names.
     */
    public void reportColumns(Map<String, String> aliases) {
        this.columns = Map.copyOf(aliases);
    }

    /** What an outbound subscription message carries. */
    public enum OutboundShape {
        /** The worker with the changed certification and their transaction log. */
        FULL,
        /** The worker with the changed certification, no transaction log: the event's moment orders it. */
        WITHOUT_LOG,
        /** An event notification: the event and a reference to the worker, nothing more. */
        THIN
    }

    /** The outbound message the subscription sends for this record's change. */
    public byte[] outboundMessage(CertificationRecord record) {
        return outboundMessage(record, OutboundShape.FULL);
    }

    /** The outbound message for this record's change, in the given shape. */
    public byte[] outboundMessage(CertificationRecord record, OutboundShape shape) {
        Worker w = hris.worker(record.employeeId())
                .orElseThrow(() -> new IllegalArgumentException("no worker " + record.employeeId()));
        Instant at = updated.getOrDefault(record.sourceRecordId(), clock.instant());
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.append("<env:Envelope xmlns:env=\"")
                .append(WorkdayXml.SOAP_ENV)
                .append("\"><env:Body><wd:Workday_Outbound_Message xmlns:wd=\"")
                .append(WorkdayXml.BSVC)
                .append("\" wd:version=\"")
                .append(VERSION)
                .append("\"><wd:Event_Data><wd:Event_Reference><wd:ID wd:type=\"WID\">")
                .append(WorkdayXml.wid("event", record.sourceRecordId() + "@" + at))
                .append("</wd:ID></wd:Event_Reference><wd:Event_Type>")
                .append(record.revoked() ? "Remove Certification" : "Edit Certification")
                .append("</wd:Event_Type><wd:Completed_On>")
                .append(xml.moment(at))
                .append("</wd:Completed_On>");
        if (shape == OutboundShape.THIN) {
            out.append("<wd:Worker_Reference><wd:ID wd:type=\"WID\">")
                    .append(WorkdayXml.wid("worker", w.employeeId()))
                    .append("</wd:ID><wd:ID wd:type=\"Employee_ID\">")
                    .append(WorkdayXml.esc(w.employeeId()))
                    .append("</wd:ID></wd:Worker_Reference></wd:Event_Data>");
        } else {
            out.append("</wd:Event_Data>");
            xml.worker(out, w, List.of(record), changesOf(w.employeeId()), true, shape == OutboundShape.FULL, true);
        }
        out.append("</wd:Workday_Outbound_Message></env:Body></env:Envelope>");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Posts the outbound message for this record once, with Basic authentication, and returns the answer. */
    public OutboundResult sendOutbound(CertificationRecord record) {
        return sendOutbound(record, OutboundShape.FULL);
    }

    /** Posts the outbound message for this record once, in the given shape. */
    public OutboundResult sendOutbound(CertificationRecord record, OutboundShape shape) {
        return post(outboundMessage(record, shape), outboundUser, outboundPassword);
    }

    /** Posts these bytes once as an outbound message with the given credentials (bad credentials, bad XML). */
    public OutboundResult post(byte[] body, String username, String password) {
        HttpRequest request = HttpRequest.newBuilder(outboundUri)
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "text/xml; charset=utf-8")
                .header(
                        "authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new OutboundResult(r.statusCode(), r.body());
        } catch (IOException e) {
            return new OutboundResult(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OutboundResult(0, "interrupted");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /** The resource a fault's operation names: {@code /Human_Resources} or {@code /customreport2}. */
    public String resource(String relative) {
        return relative.startsWith("/customreport2") ? "/customreport2" : "/Human_Resources";
    }

    /** An injected failure in the shape of this endpoint: a SOAP fault, or the report's JSON error. */
    public WorkdayReply failure(String relative, int status, String message) {
        if (relative.startsWith("/customreport2")) {
            return error(status, message);
        }
        return WorkdayReply.xml(status, WorkdayXml.fault(status >= 500 ? "Server" : "Client", message, null));
    }

    /**
     * Answers a request whose path is relative to {@code /ccx/service}.
     *
     * @param header a request header by name, or null
     */
    public WorkdayReply handle(
            String method,
            String relative,
            Map<String, String> query,
            Function<String, @Nullable String> header,
            byte[] body) {
        if (relative.equals(reportPath().substring("/ccx/service".length()))) {
            return method.equals("GET") ? report(query, header.apply("authorization")) : error(405, "only GET");
        }
        if (relative.equals(soapPath().substring("/ccx/service".length()))) {
            if (!method.equals("POST")) {
                return soapFault("Client", "SOAP requests are POSTed", null);
            }
            return getWorkers(body);
        }
        return error(404, "no Workday service at /ccx/service" + relative);
    }

    private WorkdayReply getWorkers(byte[] body) {
        Document doc;
        try {
            doc = WorkdayXml.parse(body);
        } catch (SAXException e) {
            return soapFault("Client", "Invalid request: the body is not XML: " + e.getMessage(), null);
        }
        Element envelope = doc.getDocumentElement();
        if (!WorkdayXml.SOAP_ENV.equals(envelope.getNamespaceURI())
                || !envelope.getLocalName().equals("Envelope")) {
            return soapFault("Client", "Invalid request: not a SOAP 1.1 envelope", null);
        }
        if (!authenticated(envelope)) {
            return soapFault("Client.authenticationError", "invalid username or password", null);
        }
        List<Element> bodies = WorkdayXml.children(envelope, WorkdayXml.SOAP_ENV, "Body");
        Element request = bodies.isEmpty()
                ? null
                : WorkdayXml.children(bodies.get(0), WorkdayXml.BSVC, "Get_Workers_Request").stream()
                        .findFirst()
                        .orElse(null);
        if (request == null) {
            return soapFault("Client", "Invalid request service element: expected wd:Get_Workers_Request", null);
        }
        Instant now = clock.instant();
        Instant from = null;
        Instant through = null;
        Element range = WorkdayXml.path(
                request, "Request_Criteria", "Transaction_Log_Criteria_Data", "Transaction_Date_Range_Data");
        if (range != null) {
            try {
                from = moment(WorkdayXml.text(range, "Updated_From"));
                through = moment(WorkdayXml.text(range, "Updated_Through"));
            } catch (DateTimeParseException e) {
                return validation("Invalid date and time: " + e.getParsedString(), "Transaction_Date_Range_Data");
            }
            if (from == null || through == null) {
                return validation("Updated From and Updated Through are both required", "Transaction_Date_Range_Data");
            }
            if (through.isAfter(now)) {
                return validation(
                        "Updated Through (" + xml.moment(through) + ") cannot be later than the current moment ("
                                + xml.moment(now) + ")",
                        "Transaction_Date_Range_Data/Updated_Through");
            }
            if (from.isAfter(through)) {
                return validation(
                        "Updated From must be on or before Updated Through",
                        "Transaction_Date_Range_Data/Updated_From");
            }
        }
        int page;
        int count;
        try {
            page = positive(WorkdayXml.text(request, "Response_Filter", "Page"), 1);
            count = positive(WorkdayXml.text(request, "Response_Filter", "Count"), DEFAULT_COUNT);
        } catch (IllegalArgumentException e) {
            return validation(e.getMessage(), "Response_Filter");
        }
        if (count > MAX_COUNT) {
            return validation("Count must be at most " + MAX_COUNT, "Response_Filter/Count");
        }
        boolean qualifications = flag(request, "Include_Qualifications");
        boolean transactionLog = flag(request, "Include_Transaction_Log_Data");
        boolean employment = flag(request, "Include_Employment_Information")
                || flag(request, "Include_Personal_Information")
                || flag(request, "Include_Organizations")
                || flag(request, "Include_Management_Chain_Data");
        boolean excludeInactive =
                "true".equals(WorkdayXml.text(request, "Request_Criteria", "Exclude_Inactive_Workers"))
                        || "1".equals(WorkdayXml.text(request, "Request_Criteria", "Exclude_Inactive_Workers"));
        Element references = WorkdayXml.path(request, "Request_References");
        List<String> asked = new ArrayList<>();
        if (references != null) {
            for (Element reference : WorkdayXml.children(references, WorkdayXml.BSVC, "Worker_Reference")) {
                for (Element id : WorkdayXml.children(reference, WorkdayXml.BSVC, "ID")) {
                    String type = id.getAttributeNS(WorkdayXml.BSVC, "type");
                    String value = id.getTextContent().trim();
                    hris.workers().stream()
                            .filter(w -> type.equals("Employee_ID")
                                    ? w.employeeId().equals(value)
                                    : type.equals("WID")
                                            && WorkdayXml.wid("worker", w.employeeId())
                                                    .equals(value))
                            .findFirst()
                            .ifPresent(w -> asked.add(w.employeeId()));
                }
            }
        }

        List<Worker> matching = new ArrayList<>();
        for (Worker w : hris.workers()) {
            if (references != null) {
                if (asked.contains(w.employeeId())) {
                    matching.add(w);
                }
            } else if ((from == null || changedWithin(w.employeeId(), from, through))
                    && !(excludeInactive && !w.status().equals(Worker.ACTIVE))) {
                matching.add(w);
            }
        }
        matching.sort(Comparator.comparing(Worker::employeeId));
        int total = matching.size();
        int pages = (total + count - 1) / count;
        int start = Math.min((page - 1) * count, total);
        List<Worker> slice = matching.subList(start, Math.min(start + count, total));

        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.append("<env:Envelope xmlns:env=\"")
                .append(WorkdayXml.SOAP_ENV)
                .append("\"><env:Body><wd:Get_Workers_Response xmlns:wd=\"")
                .append(WorkdayXml.BSVC)
                .append("\" wd:version=\"")
                .append(VERSION)
                .append("\">");
        if (from != null) {
            out.append("<wd:Request_Criteria><wd:Transaction_Log_Criteria_Data><wd:Transaction_Date_Range_Data>")
                    .append("<wd:Updated_From>")
                    .append(xml.moment(from))
                    .append("</wd:Updated_From><wd:Updated_Through>")
                    .append(xml.moment(through))
                    .append("</wd:Updated_Through></wd:Transaction_Date_Range_Data>")
                    .append("</wd:Transaction_Log_Criteria_Data></wd:Request_Criteria>");
        }
        out.append("<wd:Response_Filter><wd:As_Of_Effective_Date>")
                .append(xml.date(now.atZone(TENANT_ZONE).toLocalDate()))
                .append("</wd:As_Of_Effective_Date><wd:As_Of_Entry_DateTime>")
                .append(xml.moment(now))
                .append("</wd:As_Of_Entry_DateTime><wd:Page>")
                .append(page)
                .append("</wd:Page><wd:Count>")
                .append(count)
                .append("</wd:Count></wd:Response_Filter>");
        out.append("<wd:Response_Group><wd:Include_Reference>true</wd:Include_Reference>")
                .append("<wd:Include_Qualifications>")
                .append(qualifications ? 1 : 0)
                .append("</wd:Include_Qualifications><wd:Include_Transaction_Log_Data>")
                .append(transactionLog ? 1 : 0)
                .append("</wd:Include_Transaction_Log_Data></wd:Response_Group>");
        out.append("<wd:Response_Results><wd:Total_Results>")
                .append(total)
                .append("</wd:Total_Results><wd:Total_Pages>")
                .append(pages)
                .append("</wd:Total_Pages><wd:Page_Results>")
                .append(slice.size())
                .append("</wd:Page_Results><wd:Page>")
                .append(page)
                .append("</wd:Page></wd:Response_Results>");
        out.append("<wd:Response_Data>");
        for (Worker w : slice) {
            xml.worker(
                    out,
                    w,
                    hris.certifications(w.employeeId()),
                    changesOf(w.employeeId()),
                    qualifications,
                    transactionLog,
                    false,
                    employment
                            ? b -> xml.employment(
                                    b,
                                    w,
                                    hris.lineOf(w.employeeId()).orElse(null),
                                    hris.terminationDateOf(w.employeeId()).orElse(null),
                                    null,
                                    w.supervisorId() == null
                                            ? null
                                            : hris.worker(w.supervisorId()).orElse(null))
                            : null);
        }
        out.append("</wd:Response_Data></wd:Get_Workers_Response></env:Body></env:Envelope>");
        return WorkdayReply.xml(200, out.toString());
    }

    private boolean authenticated(Element envelope) {
        for (Element header : WorkdayXml.children(envelope, WorkdayXml.SOAP_ENV, "Header")) {
            for (Element security : WorkdayXml.children(header, WorkdayXml.WSSE, "Security")) {
                for (Element token : WorkdayXml.children(security, WorkdayXml.WSSE, "UsernameToken")) {
                    String user = childText(token, "Username");
                    String password = childText(token, "Password");
                    return user != null && password != null && same(user, username()) && same(password, PASSWORD);
                }
            }
        }
        return false;
    }

    private static @Nullable String childText(Element parent, String localName) {
        List<Element> found = WorkdayXml.children(parent, WorkdayXml.WSSE, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private boolean changedWithin(String employeeId, Instant from, @Nullable Instant through) {
        for (CertificationRecord r : hris.certifications(employeeId)) {
            Instant at = updated.get(r.sourceRecordId());
            if (at != null && !at.isBefore(from) && (through == null || !at.isAfter(through))) {
                return true;
            }
        }
        return false;
    }

    private List<Instant> changesOf(String employeeId) {
        Instant now = clock.instant();
        return hris.certifications(employeeId).stream()
                .map(r -> updated.get(r.sourceRecordId()))
                .filter(at -> at != null && !at.isAfter(now))
                .sorted()
                .distinct()
                .toList();
    }

    private static boolean flag(Element request, String name) {
        String v = WorkdayXml.text(request, "Response_Group", name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    private static int positive(@Nullable String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = (int) Double.parseDouble(value);
            if (n < 1) {
                throw new IllegalArgumentException("must be at least 1: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }

    /** An {@code xsd:dateTime}; without an offset it is a moment in the tenant's zone. */
    private static @Nullable Instant moment(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(TENANT_ZONE).toInstant();
        }
    }

    private WorkdayReply validation(String message, String element) {
        return soapFault(
                "Client.validationError",
                "Validation error occurred. " + message,
                "/ns0:Get_Workers_Request[1]/ns0:Request_Criteria[1]/ns0:" + element.replace("/", "[1]/ns0:") + "[1]");
    }

    private static WorkdayReply soapFault(String code, String message, @Nullable String xpath) {
        return WorkdayReply.xml(500, WorkdayXml.fault(code, message, xpath));
    }

    // ---------------------------------------------------------------------------------------------------------
    // RaaS

    private WorkdayReply report(Map<String, String> query, @Nullable String authorization) {
        if (!basicAuthenticated(authorization)) {
            return error(401, "invalid username or password");
        }
        String format = query.getOrDefault("format", "");
        if (!format.equalsIgnoreCase("json")) {
            return error(400, "this simulator serves the report as format=json only");
        }
        Instant from;
        Instant through;
        try {
            // prompts are named as the report defines them; a parameter of another name is not a prompt of it
            from = moment(query.get(fromPrompt));
            through = moment(query.get(throughPrompt));
        } catch (DateTimeParseException e) {
            return error(400, "invalid prompt value: " + e.getParsedString());
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode entries = root.putArray("Report_Entry");
        for (CertificationRecord r : hris.certifications()) {
            Instant at = updated.get(r.sourceRecordId());
            if (at == null || (from != null && at.isBefore(from)) || (through != null && at.isAfter(through))) {
                continue;
            }
            Optional<Worker> w = hris.worker(r.employeeId());
            ObjectNode e = entries.addObject();
            e.put(column("Employee_ID"), r.employeeId());
            w.ifPresent(worker -> e.put(column("Worker"), worker.displayName()));
            e.put(column("Learning_Record_ID"), r.sourceRecordId());
            e.put(column("Course_ID"), r.certificationId());
            e.put(column("Course_Title"), r.certificationName());
            e.put(column("Completion_Status"), r.revoked() ? "Revoked" : "Completed");
            e.put(column("Completion_Date"), xml.date(r.completedOn()));
            var expiry = xml.expiryDay(r);
            if (expiry != null) {
                e.put(column("Expiration_Date"), xml.date(expiry));
            }
            // RaaS writes numbers as text.
            e.put(column("Proficiency_Level"), Integer.toString(r.level()));
            e.put(column("Approved_By"), r.approvedBy());
            e.put(column("Approved_On"), xml.moment(r.approvedAt()));
            e.put(column("Last_Updated"), xml.moment(at));
            // columns the report author added for their own use: nobody has to read them
            w.ifPresent(worker -> e.put(column("Worker_Type"), "Employee"));
            w.ifPresent(worker -> e.put(column("Cost_Center"), "CC-" + worker.site()));
            e.put(column("Hours"), "2");
        }
        return new WorkdayReply(200, WorkdayReply.JSON, json.writeValueAsBytes(root));
    }

    private String column(String name) {
        return columns.getOrDefault(name, name);
    }

    private boolean basicAuthenticated(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        boolean userOk = same(user, username()) | same(user, INTEGRATION_USER);
        return userOk & same(decoded.substring(colon + 1), PASSWORD);
    }

    private WorkdayReply error(int status, String message) {
        ObjectNode node = json.createObjectNode();
        node.put("error", message);
        return new WorkdayReply(status, WorkdayReply.JSON, json.writeValueAsBytes(node));
    }
}
