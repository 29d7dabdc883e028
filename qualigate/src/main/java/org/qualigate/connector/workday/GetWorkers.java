package org.qualigate.connector.workday;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The SOAP {@code Get_Workers} operation of Workday's Human_Resources service, as the three readers here ask it:
 * the workers changed in a window (with their certifications and transaction log), one worker by reference (to
 * answer a thin event notification), and every worker, active and inactive, with their employment data (the
 * directory). Authentication is a WS-Security UsernameToken; every fault is HTTP 500 with a SOAP fault.
 */
final class GetWorkers {

    /** What a request asks Workday to include in each worker. */
    enum Include {
        QUALIFICATIONS("Include_Reference", "Include_Qualifications", "Include_Transaction_Log_Data"),
        EMPLOYMENT(
                "Include_Reference",
                "Include_Personal_Information",
                "Include_Employment_Information",
                "Include_Organizations",
                "Include_Management_Chain_Data");

        private final List<String> elements;

        Include(String... elements) {
            this.elements = List.of(elements);
        }
    }

    private final WorkdaySettings settings;
    private final HttpCalls calls;

    GetWorkers(WorkdaySettings settings, Traces.CallRecorder recorder) {
        this.settings = settings;
        this.calls = calls(settings, recorder);
    }

    static HttpCalls calls(WorkdaySettings settings, Traces.CallRecorder recorder) {
        return new HttpCalls(
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .build(),
                recorder);
    }

    /** Paths below the tenant's base address, as the settings name them. */
    static DefaultUriBuilderFactory uris(WorkdaySettings settings) {
        return new DefaultUriBuilderFactory(String.valueOf(settings.baseUrl()).replaceAll("/+$", ""));
    }

    /** One page of the workers with a transaction in the window. */
    Document changed(HrisSource.PullWindow window, int page) {
        String criteria = "<wd:Request_Criteria><wd:Transaction_Log_Criteria_Data><wd:Transaction_Date_Range_Data>"
                + "<wd:Updated_From>" + window.from() + "</wd:Updated_From>"
                + "<wd:Updated_Through>" + window.through() + "</wd:Updated_Through>"
                + "</wd:Transaction_Date_Range_Data></wd:Transaction_Log_Criteria_Data>"
                + "<wd:Exclude_Inactive_Workers>false</wd:Exclude_Inactive_Workers></wd:Request_Criteria>";
        return parse(call(envelope(criteria, page, Include.QUALIFICATIONS)), "page " + page);
    }

    /** One page of every worker, terminated ones included. */
    Document all(int page) {
        String criteria =
                "<wd:Request_Criteria><wd:Exclude_Inactive_Workers>false</wd:Exclude_Inactive_Workers></wd:Request_Criteria>";
        return parse(call(envelope(criteria, page, Include.EMPLOYMENT)), "page " + page);
    }

    /** The one worker a reference names ({@code Employee_ID} or {@code WID}); an unknown worker is an empty answer. */
    Document one(String idType, String id) {
        String references = "<wd:Request_References wd:Skip_Non_Existing_Instances=\"true\"><wd:Worker_Reference>"
                + "<wd:ID wd:type=\"" + esc(idType) + "\">" + esc(id) + "</wd:ID></wd:Worker_Reference>"
                + "</wd:Request_References>";
        return parse(call(envelope(references, 1, Include.QUALIFICATIONS)), "worker " + idType + " " + id);
    }

    /** The number of pages the answer says there are; a page without one is not a Get_Workers answer. */
    static int totalPages(Document doc, int page) {
        List<Element> results = WorkdayDom.descendants(doc.getDocumentElement(), "Response_Results");
        if (results.isEmpty()) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + " has no Response_Results (not a Get_Workers_Response)", null);
        }
        String text = WorkdayDom.text(results.get(0), "Total_Pages");
        if (text == null) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + " has no Response_Results/Total_Pages", null);
        }
        try {
            return (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + ": Response_Results/Total_Pages is not a number", null);
        }
    }

    /** The page number the answer says it is (else the one asked for). */
    static int thisPage(Document doc, int page) {
        List<Element> results = WorkdayDom.descendants(doc.getDocumentElement(), "Response_Results");
        String text = results.isEmpty() ? null : WorkdayDom.text(results.get(0), "Page");
        try {
            return text == null ? page : (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return page;
        }
    }

    /** A response that is not XML fails the read: the window is asked again rather than lost. */
    static Document parse(byte[] response, String what) {
        try {
            return WorkerXml.parse(response);
        } catch (SAXException e) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers " + what + " is not well-formed XML: " + e.getMessage(), null);
        }
    }

    private String envelope(String criteriaOrReferences, int page, Include include) {
        StringBuilder group = new StringBuilder();
        for (String element : include.elements) {
            group.append("<wd:")
                    .append(element)
                    .append(">true</wd:")
                    .append(element)
                    .append('>');
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                + " xmlns:wd=\"urn:com.workday/bsvc\">"
                + "<env:Header><wsse:Security env:mustUnderstand=\"1\"><wsse:UsernameToken>"
                + "<wsse:Username>" + esc(settings.soapUsername()) + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
                + esc(settings.password() == null ? "" : settings.password()) + "</wsse:Password>"
                + "</wsse:UsernameToken></wsse:Security></env:Header>"
                + "<env:Body><wd:Get_Workers_Request wd:version=\"" + esc(settings.version()) + "\">"
                + criteriaOrReferences
                + "<wd:Response_Filter><wd:Page>" + page + "</wd:Page><wd:Count>" + settings.pageSize()
                + "</wd:Count></wd:Response_Filter>"
                + "<wd:Response_Group>" + group + "</wd:Response_Group>"
                + "</wd:Get_Workers_Request></env:Body></env:Envelope>";
    }

    private byte[] call(String envelope) {
        HttpRequest request = HttpRequest.newBuilder(uris(settings).expand(settings.soapPath()))
                .timeout(settings.requestTimeout())
                .header("content-type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<byte[]> answer = calls.send(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> "Workday not reachable: " + e,
                "interrupted while asking Workday for workers");
        if (answer.statusCode() == 200) {
            return answer.body();
        }
        throw SoapFault.toException(answer.statusCode(), answer.body());
    }

    static String esc(@Nullable String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    static String moment(Instant instant) {
        return instant.toString();
    }
}
