package org.qualigate.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.support.PdfText;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The interface control documents as an integrator reads them: the SCIM target's and the ERP's, filled from the
 * configuration this instance runs with (the sandbox's endpoints, the kind of each credential and never its value),
 * as Markdown and as PDF; and the list of every interface with its live state.
 */
class InterfaceControlDocumentsIT extends QualigateIT {

    @Verifies("URS-QEV-285")
    @Test
    void theScimTargetsDocumentIsFilledFromItsConfigurationAndNamesItsCredentialOnlyByKind() {
        HttpResponse<String> md = icd("/api/v1/interfaces/mes/icd", "text/markdown");

        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("content-type").orElseThrow()).startsWith("text/markdown");
        assertThat(md.body())
                .contains("# Interface control document: MES roles in mes (scim)")
                .contains("| Direction | outbound |")
                .contains("| Endpoint | " + stripSlash(sandbox().scimBaseUri().toString()) + " |")
                .contains("| Authentication | Static bearer token from configuration |")
                .contains("SCIM 2.0 (RFC 7643/7644)")
                .contains("Users found by userName")
                .contains("GET /api/v1/dead-letters")
                .contains("| Pause | never paused |")
                .contains("## Live state")
                .doesNotContain("sandbox-scim-token");
    }

    @Verifies("URS-QEV-285")
    @Test
    void theErpsDocumentComesAsPdfWithItsServiceLevelAndWithoutItsPassword() {
        HttpResponse<byte[]> pdf = exchangeBytes(HttpRequest.newBuilder(uri("/api/v1/interfaces/erp-blocking/icd"))
                .header("authorization", basic(USER))
                .header("accept", "application/pdf")
                .GET()
                .build());

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type").orElseThrow()).isEqualTo("application/pdf");
        String text = PdfText.of(pdf.body()).replaceAll("\\s+", " ");
        assertThat(text)
                .contains("Interface control document: Batch stock blocked and released in the ERP")
                .contains("ERP (SAP S/4HANA)")
                .contains("API_MATERIAL_DOCUMENT_SRV")
                .contains("HTTP Basic (communication user from configuration)")
                .contains("CSRF token")
                .contains("Blocked within 5 min of the NC raised")
                .contains("Parked batches")
                .doesNotContain("sandbox-erp-secret")
                .doesNotContain("QUALIGATE_COMM");
        assertThat(icd("/api/v1/interfaces/erp-blocking/icd?format=markdown", "application/pdf")
                        .body())
                .startsWith("# Interface control document: Batch stock blocked");
    }

    @Verifies("URS-QEV-285")
    @Test
    void everyInterfaceIsListedWithItsStateAndAnUnknownOneOrFormatIsAProblem() {
        JsonNode items = json(get("/api/v1/interfaces")).get("items");
        List<String> names =
                items.valueStream().map(i -> i.get("name").asString()).toList();
        assertThat(names)
                .contains(
                        "hook-hris",
                        "workday-pull",
                        "hris-directory",
                        "mes",
                        "qms-training",
                        "qms-quality-feed",
                        "erp-blocking",
                        "task-tool",
                        "regulatory-store",
                        "maximo-calibration");
        JsonNode taskTool = items.valueStream()
                .filter(i -> i.get("name").asString().equals("task-tool"))
                .findFirst()
                .orElseThrow();
        assertThat(taskTool.get("pausable").asBoolean()).isTrue();
        assertThat(taskTool.get("configured").asBoolean()).isTrue();
        assertThat(taskTool.get("state").has("backlog")).isTrue();
        assertThat(taskTool.get("icd").asString()).isEqualTo("/api/v1/interfaces/task-tool/icd");

        HttpResponse<String> unknown = get("/api/v1/interfaces/telex/icd");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> badFormat = get("/api/v1/interfaces/mes/icd?format=docx");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(badFormat).get("detail").asString()).contains("format");
    }

    private HttpResponse<String> icd(String path, String accept) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(USER))
                .header("accept", accept)
                .GET()
                .build());
    }

    private HttpResponse<byte[]> exchangeBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
