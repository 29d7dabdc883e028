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
    void readsTheRosterOfADateRangeWithEachShiftsLineAndPositionAPageAtATime() {
        sandbox.scheduling()
                .roster(
                        "S-ROSTER",
                        "SGP",
                        "API-1",
                        "OPERATOR",
                        "night",
                        java.time.LocalDate.parse("2026-12-01"),
                        null,
                        2,
                        2);
        JsonNode page = json(http.get("/factorytalk/v1/sites/SGP/roster?startDate=2026-12-01&endDate=2026-12-08"
                + "&workCenter=API-1&pageSize=1000"));
        var mine = new java.util.ArrayList<JsonNode>();
        page.path("scheduledShifts").forEach(s -> {
            if (s.path("employeeId").asString().equals("S-ROSTER")) {
                mine.add(s);
            }
        });
        // two nights on, two off: 1, 2, 5 and 6 December; a night shift at 20:00 Singapore time is 12:00 UTC
        assertThat(mine)
                .extracting(s -> s.path("date").asString())
                .containsExactly("2026-12-01", "2026-12-02", "2026-12-05", "2026-12-06");
        assertThat(mine.getFirst().path("start").asString()).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(mine.getFirst().path("end").asString()).isEqualTo("2026-12-02T00:00:00Z");
        assertThat(mine.getFirst().path("workCenter").asString()).isEqualTo("API-1");
        assertThat(mine.getFirst().path("position").asString()).isEqualTo("OPERATOR");
        assertThat(mine.getFirst().path("status").asString()).isEqualTo("PUBLISHED");

        int total = page.path("paging").path("totalCount").asInt();
        assertThat(total).isGreaterThan(4);
        JsonNode first = json(http.get("/factorytalk/v1/sites/SGP/roster?startDate=2026-12-01&endDate=2026-12-08"
                + "&workCenter=API-1&pageSize=3"));
        assertThat(first.path("scheduledShifts")).hasSize(3);
        String next = first.path("paging").path("nextPageToken").asString();
        JsonNode second = json(http.get("/factorytalk/v1/sites/SGP/roster?startDate=2026-12-01&endDate=2026-12-08"
                + "&workCenter=API-1&pageSize=3&pageToken=" + next));
        assertThat(second.path("scheduledShifts").get(0).path("scheduleId").asString())
                .isEqualTo(
                        page.path("scheduledShifts").get(3).path("scheduleId").asString());
    }

    @Test
    void refusesARosterRangeThatIsMissingBackwardsOrTooLong() {
        assertThat(http.get("/factorytalk/v1/sites/BSL/roster?endDate=2026-12-08")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/factorytalk/v1/sites/BSL/roster?startDate=2026-12-08&endDate=2026-12-01")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/factorytalk/v1/sites/BSL/roster?startDate=2026-12-01&endDate=2027-06-01")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/factorytalk/v1/sites/XXX/roster?startDate=2026-12-01&endDate=2026-12-02")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theDemoRostersLineCrewsAndTwoPackagingOperatorsWhoseCertificatesRunOut() {
        // crews of minimum + 1 on every shift of every staffed line, four days on and four off
        JsonNode pack = json(http.get("/factorytalk/v1/sites/BSL/roster?startDate=2026-12-01&endDate=2026-12-08"
                + "&workCenter=PACK-3&pageSize=1000"));
        var nightsOnTheFirst = new java.util.ArrayList<String>();
        pack.path("scheduledShifts").forEach(s -> {
            if (s.path("date").asString().equals("2026-12-01")
                    && s.path("shift").asString().equals("night")) {
                nightsOnTheFirst.add(s.path("employeeId").asString());
            }
        });
        assertThat(nightsOnTheFirst).hasSize(4);
        // crew B of the night shift: two of them hold PACK-SERIAL certificates that expire on 4 and 5 December
        var expiring = sandbox.hris().certifications().stream()
                .filter(r -> r.certificationId().equals("WD-CERT-3010"))
                .filter(r -> "2026-12-04".equals(r.expiresOn()) || "2026-12-05".equals(r.expiresOn()))
                .map(CertificationRecord::employeeId)
                .toList();
        assertThat(expiring).hasSizeGreaterThanOrEqualTo(2);
        JsonNode crewB = json(http.get("/factorytalk/v1/sites/BSL/roster?startDate=2026-12-13&endDate=2026-12-13"
                + "&workCenter=PACK-3&pageSize=1000"));
        var crewBNight = new java.util.ArrayList<String>();
        crewB.path("scheduledShifts").forEach(s -> {
            if (s.path("shift").asString().equals("night")) {
                crewBNight.add(s.path("employeeId").asString());
            }
        });
        assertThat(crewBNight).hasSize(4);
        assertThat(crewBNight.stream().filter(expiring::contains)).hasSize(2);
    }

    @Test
    void faultsApplyToTheSchedulingApi() {
        sandbox.faults().inject(Fault.error("factorytalk", "GET /people", 503, 1));
        assertThat(http.get("/factorytalk/v1/people/S-X/schedule").statusCode()).isEqualTo(503);
        assertThat(http.get("/factorytalk/v1/people/S-X/schedule").statusCode()).isEqualTo(200);
    }
}
