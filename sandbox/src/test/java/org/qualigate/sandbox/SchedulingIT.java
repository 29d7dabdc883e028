package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.SandboxHttp.json;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SchedulingIT {

    static Sandbox sandbox;
    static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(
                SandboxOptions.forTests().withDemoData(true),
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        http = new SandboxHttp(sandbox.baseUri(), "sandbox-scim-token");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void servesEachSitesShiftsInLocalTimeWithTheOvernightOneMarked() {
        JsonNode body = json(http.get("/factorytalk/v1/sites/BSL/shifts"));
        assertThat(body.path("timeZone").asString()).isEqualTo("Europe/Zurich");
        assertThat(body.path("shifts").get(0).path("name").asString()).isEqualTo("early");
        assertThat(body.path("shifts").get(0).path("start").asString()).isEqualTo("06:00");
        assertThat(body.path("shifts").get(2).path("crossesMidnight").asBoolean())
                .isTrue();
    }

    @Test
    void answersTheShiftInProgressAsInstantsInWinterTime() {
        sandbox.scheduling().assignShift("S-EARLY", "BSL", "early");
        JsonNode body = json(http.get("/factorytalk/v1/people/S-EARLY/schedule?at=2026-12-01T09:00:00Z"));
        assertThat(body.path("currentShift").path("start").asString()).isEqualTo("2026-12-01T05:00:00Z");
        assertThat(body.path("currentShift").path("end").asString()).isEqualTo("2026-12-01T13:00:00Z");
        JsonNode after = json(http.get("/factorytalk/v1/people/S-EARLY/schedule?at=2026-12-01T13:00:00Z"));
        assertThat(after.path("currentShift").isNull()).isTrue();
    }

    @Test
    void aNightShiftAfterMidnightBelongsToTheShiftThatStartedTheDayBefore() {
        sandbox.scheduling().assignShift("S-NIGHT", "BSL", "night");
        JsonNode body = json(http.get("/factorytalk/v1/people/S-NIGHT/schedule?at=2026-12-02T02:30:00Z"));
        assertThat(body.path("currentShift").path("start").asString()).isEqualTo("2026-12-01T21:00:00Z");
        assertThat(body.path("currentShift").path("end").asString()).isEqualTo("2026-12-02T05:00:00Z");
    }

    @Test
    void listsActiveWorkOrdersUntilClosed() {
        sandbox.scheduling().openWorkOrder("S-WO", "WO-1", "FILL-1", Instant.parse("2026-12-01T15:00:00Z"));
        JsonNode open = json(http.get("/factorytalk/v1/people/S-WO/work-orders?status=active"));
        assertThat(open.path("workOrders").get(0).path("id").asString()).isEqualTo("WO-1");
        assertThat(open.path("workOrders").get(0).path("expectedClose").asString())
                .isEqualTo("2026-12-01T15:00:00Z");
        sandbox.scheduling().closeWorkOrder("WO-1");
        assertThat(json(http.get("/factorytalk/v1/people/S-WO/work-orders?status=active"))
                        .path("workOrders")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void rostersEveryDemoWorkerAndRefusesCallsWithoutTheToken() {
        Worker w = sandbox.hris().workers().getFirst();
        assertThat(sandbox.scheduling().rostered(w.employeeId())).isPresent();
        assertThat(http.get("/factorytalk/v1/sites/BSL/shifts", "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void faultsApplyToTheSchedulingApi() {
        sandbox.faults().inject(Fault.error("factorytalk", "GET /people", 503, 1));
        assertThat(http.get("/factorytalk/v1/people/S-X/schedule").statusCode()).isEqualTo(503);
        assertThat(http.get("/factorytalk/v1/people/S-X/schedule").statusCode()).isEqualTo(200);
    }
}
