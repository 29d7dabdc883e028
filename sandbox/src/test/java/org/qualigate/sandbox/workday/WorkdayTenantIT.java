package org.qualigate.sandbox.workday;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;

/** The Workday tenant simulator over HTTP, on the demo workforce at a fixed instant. */
class WorkdayTenantIT {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static Sandbox sandbox;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests().withDemoData(true), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void getWorkersAnswersAPageWithQualificationsOnlyWhenAskedFor() throws Exception {
        String with = soap(request(WorkdayTenant.PASSWORD, "2026-01-01T00:00:00Z", "2026-11-20T10:00:00Z", true))
                .body();
        assertThat(with)
                .contains("<wd:Total_Pages>")
                .contains("wd:type=\"Employee_ID\"")
                .contains("wd:type=\"Certification_ID\">WD-CERT-")
                .containsPattern("<wd:Issued_Date>\\d{4}-\\d{2}-\\d{2}-0[78]:00</wd:Issued_Date>");
        String without = soap(request(WorkdayTenant.PASSWORD, "2026-01-01T00:00:00Z", "2026-11-20T10:00:00Z", false))
                .body();
        assertThat(without).contains("<wd:Worker>").doesNotContain("Qualification_Data");
    }

    @Test
    void everyFaultIsHttp500WithASoapFault() throws Exception {
        HttpResponse<String> badPassword = soap(request("wrong", "2026-11-01T00:00:00Z", "2026-11-20T10:00:00Z", true));
        assertThat(badPassword.statusCode()).isEqualTo(500);
        assertThat(badPassword.body()).contains("Client.authenticationError");

        HttpResponse<String> future =
                soap(request(WorkdayTenant.PASSWORD, "2026-11-01T00:00:00Z", "2026-11-20T11:00:00Z", true));
        assertThat(future.statusCode()).isEqualTo(500);
        assertThat(future.body()).contains("Client.validationError").contains("Updated_Through");

        sandbox.faults().inject(Fault.error("workday", "POST /Human_Resources", 503, 1));
        HttpResponse<String> injected =
                soap(request(WorkdayTenant.PASSWORD, "2026-11-01T00:00:00Z", "2026-11-20T10:00:00Z", true));
        assertThat(injected.statusCode()).isEqualTo(503);
        assertThat(injected.body()).contains("SOAP-ENV:Fault");
    }

    @Test
    void theReportNeedsBasicAuthenticationAndAnswersJson() throws Exception {
        URI uri = URI.create(sandbox.workdayBaseUri() + sandbox.workday().reportPath()
                + "?format=json&Updated_From=2026-01-01T00:00:00Z&Updated_Through=2026-11-20T10:00:00Z");
        HttpResponse<String> refused =
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        String basic = Base64.getEncoder()
                .encodeToString((WorkdayTenant.INTEGRATION_USER + ":" + WorkdayTenant.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> report = http.send(
                HttpRequest.newBuilder(uri)
                        .header("authorization", "Basic " + basic)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).startsWith("{\"Report_Entry\":[{").contains("\"Course_ID\":\"WD-CERT-");
    }

    private static HttpResponse<String> soap(String envelope) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                sandbox.workdayBaseUri() + sandbox.workday().soapPath()))
                        .header("content-type", "text/xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String password, String from, String through, boolean qualifications) {
        return "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:wsse=\"" + WorkdayXml.WSSE + "\" xmlns:wd=\"urn:com.workday/bsvc\">"
                + "<env:Header><wsse:Security><wsse:UsernameToken><wsse:Username>"
                + sandbox.workday().username() + "</wsse:Username><wsse:Password>" + password
                + "</wsse:Password></wsse:UsernameToken></wsse:Security></env:Header><env:Body>"
                + "<wd:Get_Workers_Request wd:version=\"v42.0\"><wd:Request_Criteria><wd:Transaction_Log_Criteria_Data>"
                + "<wd:Transaction_Date_Range_Data><wd:Updated_From>" + from + "</wd:Updated_From><wd:Updated_Through>"
                + through + "</wd:Updated_Through></wd:Transaction_Date_Range_Data></wd:Transaction_Log_Criteria_Data>"
                + "</wd:Request_Criteria><wd:Response_Filter><wd:Page>1</wd:Page><wd:Count>20</wd:Count>"
                + "</wd:Response_Filter><wd:Response_Group><wd:Include_Qualifications>" + qualifications
                + "</wd:Include_Qualifications></wd:Response_Group></wd:Get_Workers_Request></env:Body></env:Envelope>";
    }
}
