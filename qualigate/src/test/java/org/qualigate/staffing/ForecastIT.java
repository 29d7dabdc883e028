package org.qualigate.staffing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.access.PlantDefinition;
import org.qualigate.notify.NoticeMailer;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.Rosters;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The staffing forecast through the API, on rosters read from the scheduling simulator: Indianapolis' PACK-2 needs
 * three certified operators per shift (Friday 20 November 2026, 03:00 in Indianapolis, UTC−5: the day shift
 * 07:00–19:00 is 12:00–00:00 UTC). Three operators are rostered on every day shift; one's serialisation
 * certificate expires on 24 November, so with the role's grace week her role lapses at the end of 1 December.
 */
class ForecastIT extends QualigateIT {

    private static final String SUPERVISOR = "pack2.supervisor@pharma.example";
    private static final String ROLE = "IND.PACK-2.OPERATOR";

    @Autowired
    StaffingAlerts alerts;

    @Autowired
    NoticeMailer mailer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlantDefinition plant;

    @Autowired
    ApplicationContext context;

    private final Rosters rosters = new Rosters(this);

    @AfterEach
    void offTheRoster() {
        rosters.offTheRoster();
    }

    @Verifies("URS-REP-103")
    @Test
    void forecastsEachRosteredShiftAndNamesWhoseCertificationLapsesAndWhichTrainingRestoresIt() {
        clock.set(START);
        List<String> crew = crew("2026-11-24");
        String lapsing = crew.getFirst();

        HttpResponse<String> response = get("/api/v1/forecast?site=IND&days=30");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode forecast = json(response);
        assertThat(forecast.get("timeZone").asString()).isEqualTo("America/Indiana/Indianapolis");
        assertThat(forecast.get("days").asInt()).isEqualTo(30);
        JsonNode line = line(forecast, "PACK-2");
        assertThat(line.get("supervisor").asString()).isEqualTo(SUPERVISOR);

        JsonNode first = shift(line, "2026-11-20", "day");
        assertThat(first.get("start").asString()).isEqualTo("2026-11-20T12:00:00Z");
        JsonNode fine = role(first);
        assertThat(fine.get("minimum").asInt()).isEqualTo(3);
        assertThat(fine.get("holding").asInt()).isEqualTo(3);
        assertThat(fine.get("atRisk").asBoolean()).isFalse();

        JsonNode inGrace = role(shift(line, "2026-11-28", "day"));
        assertThat(holder(inGrace, lapsing).get("how").asString()).isEqualTo("GRACE");

        JsonNode december = shift(line, "2026-12-02", "day");
        assertThat(december.get("atRisk").asBoolean()).isTrue();
        JsonNode short2 = role(december);
        assertThat(short2.get("holding").asInt()).isEqualTo(2);
        assertThat(short2.get("rostered").asInt()).isEqualTo(3);
        JsonNode who = short2.get("shortfalls").get(0);
        assertThat(who.get("employeeId").asString()).isEqualTo(lapsing);
        assertThat(who.get("why").asString()).isEqualTo("LAPSES");
        // valid through 24 November at the site, then the grace week: until 2 December 00:00 there
        assertThat(who.get("lapsesAt").asString()).isEqualTo("2026-12-02T05:00:00Z");
        JsonNode missing = who.get("missing").get(0);
        assertThat(missing.get("code").asString()).isEqualTo("PACK-SERIAL");
        assertThat(missing.get("name").asString()).isEqualTo("Serialisation and aggregation");
        assertThat(missing.get("expiredAt").asString()).isEqualTo("2026-11-25T05:00:00Z");
        assertThat(missing.get("validThrough").asString()).isEqualTo("2026-11-24");
        assertThat(forecast.get("shiftsAtRisk").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Verifies("URS-REP-103")
    @Test
    void aRenewedCertificateTakesTheShiftOutOfRisk() {
        clock.set(START);
        List<String> crew = crew("2026-11-24");
        assertThat(role(shift(line(json(get("/api/v1/forecast?site=IND")), "PACK-2"), "2026-12-02", "day"))
                        .get("atRisk")
                        .asBoolean())
                .isTrue();

        assertThat(hook(certification(crew.getFirst(), "WD-CERT-3010")
                                .completed("2026-11-19")
                                .expiring("2028-11-19")
                                .json())
                        .statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !role(shift(line(json(get("/api/v1/forecast?site=IND")), "PACK-2"), "2026-12-02", "day"))
                        .get("atRisk")
                        .asBoolean());
    }

    @Verifies("URS-REP-103")
    @Test
    void refusesAForecastItCannotAnswerNamingTheParameter() {
        assertThat(problemField(get("/api/v1/forecast"))).isEqualTo("site");
        assertThat(problemField(get("/api/v1/forecast?site=XYZ"))).isEqualTo("site");
        assertThat(problemField(get("/api/v1/forecast?site=IND&days=0"))).isEqualTo("days");
        assertThat(problemField(get("/api/v1/forecast?site=IND&days=93"))).isEqualTo("days");
        assertThat(problemField(get("/api/v1/forecast?site=IND&days=soon"))).isEqualTo("days");
    }

    @Verifies("URS-REP-104")
    @Test
    void theLineSupervisorHearsOnceOfEachShiftAndRoleAtRiskWithinTwoWeeksHoweverOftenItIsChecked() throws Exception {
        clock.set(START);
        List<String> crew = crew("2026-11-24");
        int before = SharedMailSink.subjectsTo(SUPERVISOR).size();

        // two checks at once, as on two instances, then one more: one e-mail per shift and role
        try (ExecutorService two = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> checks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                checks.add(two.submit((Callable<Integer>) () -> alerts.check("IND")));
            }
            int queued = 0;
            for (Future<Integer> f : checks) {
                queued += f.get();
            }
            assertThat(queued).isLessThanOrEqualTo(2);
        }
        alerts.check("IND");
        // within 14 days of 20 November 08:00 UTC: the day shifts of 2 and 3 December (4 December starts after)
        List<String> keys = jdbc.sql("SELECT dedupe_key FROM notice WHERE dedupe_key LIKE 'staffing/IND/PACK-2/%' "
                        + "AND created_at >= ? ORDER BY dedupe_key")
                .param(java.sql.Timestamp.from(START.minusSeconds(60)))
                .query(String.class)
                .list();
        assertThat(keys)
                .containsExactly(
                        "staffing/IND/PACK-2/day/2026-12-02T12:00:00Z/" + ROLE,
                        "staffing/IND/PACK-2/day/2026-12-03T12:00:00Z/" + ROLE);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    mailer.poll();
                    return SharedMailSink.subjectsTo(SUPERVISOR).size() >= before + 2;
                });
        alerts.check("IND");
        new DueWork(context).settle(crew.toArray(String[]::new));
        mailer.poll();
        List<String> subjects = SharedMailSink.subjectsTo(SUPERVISOR);
        assertThat(subjects.subList(before, subjects.size()))
                .containsExactlyInAnyOrder(
                        "Staffing at risk: PACK-2 day shift on Wed 2 Dec 2026 has 2 of 3 " + ROLE,
                        "Staffing at risk: PACK-2 day shift on Thu 3 Dec 2026 has 2 of 3 " + ROLE);
        String body = bodyTo(SUPERVISOR, "Wed 2 Dec 2026");
        assertThat(body)
                .contains("2 of the 3 people rostered will hold " + ROLE)
                .contains(crew.getFirst())
                .contains("the role lapses on 2 Dec 2026, 00:00 EST unless renewed")
                .doesNotContain("??")
                .contains("training that would restore it: Serialisation and aggregation (PACK-SERIAL)");
        // each notice is audited once, in the transaction that queued it
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'notice.queued' AND reason = ?")
                        .param("staffing/IND/PACK-2/day/2026-12-02T12:00:00Z/" + ROLE)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Verifies("URS-SEQ-100")
    @Test
    void aStaffingMinimumChangesOnlyThroughAnApprovedRulesChangeSetAndABadOneIsRefused() {
        clock.set(START);
        crew("2026-11-24");
        String inForce = get("/api/v1/rules").body();
        String run = Long.toString(System.nanoTime(), 36);

        HttpResponse<String> refused = postAs(
                "hr-editor",
                "/api/v1/change-sets",
                JSON.writeValueAsString(java.util.Map.of(
                        "kind",
                        "RULES",
                        "title",
                        "no PACK-2 operators",
                        "content",
                        inForce.replaceFirst("(?m)^version: .*$", "version: \"staffing-bad-" + run + "\"")
                                .replace(
                                        "{ role: IND.PACK-2.OPERATOR, minimum: 3 }",
                                        "{ role: IND.PACK-2.OPERATOR, minimum: 0 }"))));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("staffing of IND.PACK-2.OPERATOR").contains("minimum");

        // the rules are put in force after every version other tests recorded; the forecast is read on 20 November
        Instant forecastAt = clockAfterEverythingKnown();
        approve(
                inForce,
                run + "-2",
                "{ role: IND.PACK-2.OPERATOR, minimum: 3 }",
                "{ role: IND.PACK-2.OPERATOR, minimum: 2 }");
        try {
            clock.set(forecastAt);
            JsonNode december =
                    role(shift(line(json(get("/api/v1/forecast?site=IND")), "PACK-2"), "2026-12-02", "day"));
            assertThat(december.get("minimum").asInt()).isEqualTo(2);
            assertThat(december.get("atRisk").asBoolean()).isFalse();
        } finally {
            clockAfterEverythingKnown();
            approve(
                    get("/api/v1/rules").body(),
                    run + "-3",
                    "{ role: IND.PACK-2.OPERATOR, minimum: 2 }",
                    "{ role: IND.PACK-2.OPERATOR, minimum: 3 }");
        }
        assertThat(plant.current().staffingAt("IND").stream()
                        .filter(m -> m.role().value().equals(ROLE))
                        .findFirst()
                        .orElseThrow()
                        .minimum())
                .isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Three new PACK-2 operators at IND, rostered on the day shift every day from 20 November; the first one's
     * serialisation certificate expires on {@code firstExpires}, the others' in two years.
     */
    private List<String> crew(String firstExpires) {
        return rosters.aCrewOf(3)
                .at("IND", "PACK-2", "day")
                .holding("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3001")
                .lapsing("WD-CERT-3010", firstExpires)
                .rostered();
    }

    private void approve(String inForce, String version, String from, String to) {
        String content = inForce.replaceFirst("(?m)^version: .*$", "version: \"staffing-" + version + "\"")
                .replace(from, to);
        assertThat(content).isNotEqualTo(inForce);
        approvedChangeSet("RULES", "PACK-2 staffing " + to, content);
    }

    private static JsonNode line(JsonNode forecast, String code) {
        for (JsonNode l : forecast.get("lines")) {
            if (l.get("line").asString().equals(code)) {
                return l;
            }
        }
        throw new AssertionError("no line " + code + " in " + forecast);
    }

    private static JsonNode shift(JsonNode line, String date, String name) {
        for (JsonNode s : line.get("shifts")) {
            if (s.get("date").asString().equals(date)
                    && s.get("shift").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " shift on " + date + " in " + line);
    }

    private static JsonNode role(JsonNode shift) {
        for (JsonNode r : shift.get("roles")) {
            if (r.get("role").asString().equals(ROLE)) {
                return r;
            }
        }
        throw new AssertionError("no " + ROLE + " in " + shift);
    }

    private static JsonNode holder(JsonNode role, String employeeId) {
        for (JsonNode h : role.get("holders")) {
            if (h.get("employeeId").asString().equals(employeeId)) {
                return h;
            }
        }
        throw new AssertionError(employeeId + " does not hold " + role);
    }

    private String problemField(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        return json(response).get("errors").get(0).get("field").asString();
    }

    private static String bodyTo(String address, String subjectContains) throws Exception {
        for (jakarta.mail.internet.MimeMessage m : SharedMailSink.get().getReceivedMessages()) {
            if (m.getSubject().contains(subjectContains)
                    && java.util.Arrays.stream(m.getAllRecipients())
                            .anyMatch(r -> r.toString().equals(address))) {
                return m.getContent().toString();
            }
        }
        throw new AssertionError("no e-mail to " + address + " about " + subjectContains);
    }
}
