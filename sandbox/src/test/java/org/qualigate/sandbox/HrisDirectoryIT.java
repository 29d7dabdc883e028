package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.SandboxHttp.json;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HrisDirectoryIT {

    static Sandbox sandbox;
    static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(
                SandboxOptions.forTests().withDemoData(true),
                Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        http = new SandboxHttp(sandbox.baseUri(), "sandbox-scim-token");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void servesTheDemoWorkforcePerSite() {
        Map<String, Integer> perSite = new HashMap<>();
        int pages = 0;
        int total;
        int page = 1;
        do {
            JsonNode body = json(http.get("/hris/v1/workers?page=" + page + "&pageSize=100"));
            total = body.get("total").asInt();
            body.get("workers")
                    .values()
                    .forEach(w -> perSite.merge(w.get("site").stringValue(), 1, Integer::sum));
            pages++;
            page++;
        } while ((page - 1) * 100 < total);

        assertThat(total).isEqualTo(847 + 420 + 190);
        assertThat(pages).isEqualTo(15);
        assertThat(perSite).containsExactlyInAnyOrderEntriesOf(Map.of("BSL", 847, "IND", 420, "SGP", 190));
    }

    @Test
    void pagesAreOneBasedAndTheLastOneIsPartial() {
        JsonNode last = json(http.get("/hris/v1/workers?page=15&pageSize=100"));
        JsonNode beyond = json(http.get("/hris/v1/workers?page=16&pageSize=100"));

        assertThat(last.get("page").asInt()).isEqualTo(15);
        assertThat(last.get("workers")).hasSize(57);
        assertThat(beyond.get("workers")).isEmpty();
        assertThat(http.get("/hris/v1/workers?page=0").statusCode()).isEqualTo(400);
    }

    @Test
    void servesOneWorkerWithTheContractFields() {
        Worker first = sandbox.hris().workers().get(0);

        JsonNode worker = json(http.get("/hris/v1/workers/" + first.employeeId()));

        assertThat(worker.propertyNames())
                .containsExactly(
                        "employeeId",
                        "givenName",
                        "familyName",
                        "email",
                        "site",
                        "supervisorId",
                        "status",
                        "hireDate",
                        "jobTitle");
        assertThat(worker.get("employeeId").stringValue()).isEqualTo(first.employeeId());
        assertThat(http.get("/hris/v1/workers/E00000").statusCode()).isEqualTo(404);
        assertThat(http.get("/hris/v1/workers/" + first.employeeId() + "/certifications")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theMesHasOneUserPerWorkerAndOneGroupPerRolePerSite() {
        assertThat(sandbox.scim().userCount()).isEqualTo(1457);
        assertThat(sandbox.scim().groupCount()).isEqualTo(11);
        assertThat(sandbox.scim().groupId("BSL.QA.BATCH_REVIEWER")).isPresent();
        assertThat(sandbox.scim().groupId("IND.QA.BATCH_REVIEWER")).isPresent();
        assertThat(sandbox.scim().groupId("SGP.QA.BATCH_REVIEWER")).isPresent();
        assertThat(sandbox.scim().groupId("BSL.FILL-1.SETUP_TECH")).isPresent();
        Worker worker = sandbox.hris().workers().get(100);
        assertThat(sandbox.scim().userId(worker.employeeId())).isPresent();
        assertThat(sandbox.sideEffects().all()).isEmpty();
    }
}
