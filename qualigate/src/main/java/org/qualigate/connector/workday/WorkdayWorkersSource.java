package org.qualigate.connector.workday;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Pulls certifications from Workday with SOAP {@code Get_Workers} (Human_Resources): the workers changed in the
 * window ({@code Transaction_Log_Criteria_Data}), with {@code Include_Qualifications} and the transaction log,
 * page by page ({@code Response_Filter} Page/Count; the page token is the next page number). A record's version
 * is the worker's latest transaction entry moment (epoch ms), or the window's end when the log is absent.
 */
public final class WorkdayWorkersSource implements HrisSource {

    private final String name;
    private final WorkdaySettings settings;
    private final RestClient http;

    public WorkdayWorkersSource(String name, WorkdaySettings settings) {
        this.name = name;
        this.settings = settings;
        this.http = client(settings);
    }

    static RestClient client(WorkdaySettings settings) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(settings.requestTimeout());
        return RestClient.builder()
                .baseUrl(String.valueOf(settings.baseUrl()).replaceAll("/+$", ""))
                .requestFactory(factory)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        int page = page(pageToken);
        byte[] response = call(request(window, page));
        return page(response, window, page);
    }

    /** Reads one {@code Get_Workers} response (HTTP 200) into a page of records. */
    static PullPage page(byte[] response, PullWindow window, int page) {
        Document doc;
        try {
            doc = WorkerXml.parse(response);
        } catch (SAXException e) {
            // The whole page is unreadable: fail the pull so that the window is asked again, rather than lose it.
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + " is not well-formed XML: " + e.getMessage(), null);
        }
        Element root = doc.getDocumentElement();
        List<Element> results = WorkerXml.descendants(root, "Response_Results");
        if (results.isEmpty()) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + " has no Response_Results (not a Get_Workers_Response)", null);
        }
        int totalPages = number(WorkerXml.text(results.get(0), "Total_Pages"), "Total_Pages", page);
        int thisPage = results.get(0) == null ? page : numberOr(WorkerXml.text(results.get(0), "Page"), page);
        List<SourceRecord> records =
                WorkerXml.certifications(root, window.through().toEpochMilli());
        String next = thisPage < totalPages ? Integer.toString(thisPage + 1) : null;
        return new PullPage(records, next);
    }

    private String request(PullWindow window, int page) {
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
                + "<wd:Request_Criteria><wd:Transaction_Log_Criteria_Data><wd:Transaction_Date_Range_Data>"
                + "<wd:Updated_From>" + moment(window.from()) + "</wd:Updated_From>"
                + "<wd:Updated_Through>" + moment(window.through()) + "</wd:Updated_Through>"
                + "</wd:Transaction_Date_Range_Data></wd:Transaction_Log_Criteria_Data>"
                + "<wd:Exclude_Inactive_Workers>false</wd:Exclude_Inactive_Workers></wd:Request_Criteria>"
                + "<wd:Response_Filter><wd:Page>" + page + "</wd:Page><wd:Count>" + settings.pageSize()
                + "</wd:Count></wd:Response_Filter>"
                + "<wd:Response_Group><wd:Include_Reference>true</wd:Include_Reference>"
                + "<wd:Include_Qualifications>true</wd:Include_Qualifications>"
                + "<wd:Include_Transaction_Log_Data>true</wd:Include_Transaction_Log_Data></wd:Response_Group>"
                + "</wd:Get_Workers_Request></env:Body></env:Envelope>";
    }

    private byte[] call(String envelope) {
        Answer answer;
        try {
            answer = http.post()
                    .uri(settings.soapPath())
                    .header("content-type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"\"")
                    .body(envelope.getBytes(StandardCharsets.UTF_8))
                    .exchange((req, res) -> new Answer(
                            res.getStatusCode().value(), res.getBody().readAllBytes()));
        } catch (ResourceAccessException e) {
            throw TargetException.transientFailure("Workday not reachable: " + e.getMessage(), e);
        }
        if (answer == null) {
            throw TargetException.transientFailure("Workday answered nothing", null);
        }
        if (answer.status() == 200) {
            return answer.body();
        }
        throw SoapFault.toException(answer.status(), answer.body());
    }

    private record Answer(int status, byte[] body) {}

    private static int page(@Nullable String token) {
        if (token == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(token);
            if (page < 1) {
                throw new IllegalArgumentException("page token must be a page number >= 1: " + token);
            }
            return page;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("page token must be a page number: " + token, e);
        }
    }

    private static int number(@Nullable String text, String field, int page) {
        if (text == null) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + " has no Response_Results/" + field, null);
        }
        try {
            return (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw TargetException.transientFailure(
                    "Workday Get_Workers page " + page + ": Response_Results/" + field + " is not a number", null);
        }
    }

    private static int numberOr(@Nullable String text, int fallback) {
        try {
            return text == null ? fallback : (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String moment(Instant instant) {
        return instant.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    @Override
    public String toString() {
        return "WorkdayWorkersSource[" + name + ", " + settings.baseUrl() + settings.soapPath() + "]";
    }

    /** For tests: the URI the source posts to. */
    URI endpoint() {
        return URI.create(settings.baseUrl() + settings.soapPath());
    }
}
