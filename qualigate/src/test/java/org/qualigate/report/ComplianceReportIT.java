package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/** The compliance report of a site: states of required qualifications, roles justified, access without basis. */
class ComplianceReportIT extends QualigateIT {

    @Verifies("URS-REP-001")
    @Test
    void showsEachRequiredQualificationsStateAndAccessHeldWithoutBasisAsJsonAndCsv() throws Exception {
        clock.set(START);
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json()); // GMP-BASIC, no expiry: valid
        hook(certification(person, "WD-CERT-1002").expiring("2026-11-30").json()); // GDP-DOC: expiring
        hook(certification(person, "WD-CERT-2101")
                .completed("2025-10-01")
                .expiring("2026-10-01")
                .json()); // CLEANROOM: expired
        hook(certification(person, "WD-CERT-3010").json()); // PACK-SERIAL: with GMP + GDP, PACK-3 operator
        assertThat(overrideForTwoHours(person, "BSL.FILL-1.LEAD").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.FILL-1.LEAD"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !json(get("/api/v1/people/" + person))
                        .path("assignments")
                        .isEmpty());

        JsonNode report = json(get("/api/v1/reports/compliance?site=BSL"));
        JsonNode line = null;
        for (JsonNode p : report.get("people")) {
            if (p.get("employeeId").asString().equals(person)) {
                line = p;
            }
        }
        assertThat(line).isNotNull();
        Map<String, String> states = new LinkedHashMap<>();
        line.get("qualifications")
                .forEach(
                        q -> states.put(q.get("code").asString(), q.get("state").asString()));
        assertThat(states)
                .containsEntry("GMP-BASIC", "valid")
                .containsEntry("GDP-DOC", "expiring")
                .containsEntry("CLEANROOM", "expired")
                .containsEntry("MEDIA-FILL", "missing");
        assertThat(line.get("rolesJustified").toString()).contains("BSL.PACK-3.OPERATOR");
        // no training matrix entry for the job "Operator": measured against the roles held, here the packing
        // role the rules justify and the filling lead role the MES holds through the override
        assertThat(line.get("measuredAgainst").get("kind").asString()).isEqualTo("roles-held");
        assertThat(line.get("rolesRequired").toString()).contains("BSL.PACK-3.OPERATOR", "BSL.FILL-1.LEAD");
        JsonNode without = line.get("accessWithoutBasis");
        assertThat(without.toString()).contains("BSL.FILL-1.LEAD").contains("override");

        HttpResponse<String> csv = http.send(
                HttpRequest.newBuilder(uri("/api/v1/reports/compliance?site=BSL"))
                        .header(
                                "authorization",
                                "Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString((USER + ":" + PASSWORD).getBytes()))
                        .header("accept", "text/csv")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("site,at,employee_id,");
        assertThat(csv.body().lines().filter(l -> l.contains(person) && l.contains(",CLEANROOM,expired,")))
                .hasSize(1);

        // as known before any of it was recorded: nothing held yet
        JsonNode before = json(get("/api/v1/reports/compliance?site=BSL&at=2026-01-01T00:00:00Z"));
        for (JsonNode p : before.get("people")) {
            if (p.get("employeeId").asString().equals(person)) {
                p.get("qualifications")
                        .forEach(q -> assertThat(q.get("state").asString()).isEqualTo("missing"));
            }
        }
        assertThat(get("/api/v1/reports/compliance").statusCode()).isEqualTo(400);
    }

    @Verifies("URS-REP-071")
    @Test
    void aFullyQualifiedPackerIsMeasuredAgainstThePackingLinesTrainingMatrixOnly() {
        clock.set(START);
        String packer = newPersonWithJob("BSL", "Packaging Operator");
        String filler = newPersonWithJob("BSL", "Aseptic Filling Operator");
        for (String cert : java.util.List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
            hook(certification(packer, cert).json());
            hook(certification(filler, cert).json());
        }

        JsonNode report = json(get("/api/v1/reports/compliance?site=BSL"));
        JsonNode packing = lineOf(report, packer);
        assertThat(packing.get("measuredAgainst").get("kind").asString()).isEqualTo("training-matrix");
        assertThat(packing.get("measuredAgainst").get("description").asString())
                .isEqualTo("training matrix BSL PACK-3: Packaging Operator");
        Map<String, String> states = new LinkedHashMap<>();
        packing.get("qualifications")
                .forEach(
                        q -> states.put(q.get("code").asString(), q.get("state").asString()));
        assertThat(states)
                .containsOnlyKeys("GMP-BASIC", "GDP-DOC", "PACK-SERIAL")
                .allSatisfy((code, state) -> assertThat(state).isEqualTo("valid"));
        // the same certificates do not make a filler: the filling line's matrix asks for much more
        JsonNode filling = lineOf(report, filler);
        assertThat(filling.get("rolesRequired").toString()).contains("BSL.FILL-1.OPERATOR");
        assertThat(filling.get("qualifications").toString()).contains("\"code\":\"MEDIA-FILL\",\"state\":\"missing\"");
        assertThat(filling.get("qualifications").toString()).doesNotContain("PACK-SERIAL");
    }

    private static JsonNode lineOf(JsonNode report, String employeeId) {
        for (JsonNode p : report.get("people")) {
            if (p.get("employeeId").asString().equals(employeeId)) {
                return p;
            }
        }
        throw new AssertionError("no line for " + employeeId);
    }
}
