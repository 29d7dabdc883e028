package org.qualigate.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A packaging role that needs a balance in calibration, as the line would live it: nobody holds it before the two
 * systems agree on the balance; once they agree the trained operator gets it; at the end of the balance's due day in
 * Basel the role goes, audited with the reason; the QMS announces a recalibration by webhook, both systems are read
 * again and the role comes back. And a balance recalibrated early, its new calibration due sooner than the one it
 * replaced: the role ends with the new calibration's due day.
 */
class InstrumentCalibrationAccessIT extends QualigateIT {

    private static final String ROLE = "BSL.PACK-3.OPERATOR";
    private static final String PEOPLE_PART = "[GMP-BASIC, GDP-DOC, PACK-SERIAL]";
    private static final java.time.ZoneId BASEL = java.time.ZoneId.of("Europe/Zurich");

    @Autowired
    private ApplicationContext context;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private CalibrationRereads rereads;

    @Autowired
    private AccessPlanner planner;

    @Autowired
    private EntitlementProjection projection;

    @Verifies({"URS-QEV-271", "URS-QEV-272", "URS-QEV-273", "URS-QEV-274", "URS-QEV-330"})
    @Test
    void aRoleFollowsTheAgreedCalibrationOfItsBalanceToTheEndOfTheDueDayAtTheSiteAndBackAfterRecalibration()
            throws Exception {
        // after every rules version the shared context holds: the rules in force at an instant are the last put in
        // force before it, and an earlier test may have put some in force at a later time of its own clock
        Instant start = afterEverythingKnown(START);
        clock.set(start);
        String asset = newBalance();
        LocalDate due = LocalDate.ofInstant(start, BASEL).plusDays(5);
        Instant endOfDueDay = due.plusDays(1).atStartOfDay(BASEL).toInstant();
        String qmsId = inBothSystems(asset, due.minusDays(90), due);

        // Given a trained packaging operator, and the rule asking for the balance too
        String operator = trainedOperator();
        String inForce = get("/api/v1/rules").body();
        String run = Long.toString(System.nanoTime(), 36);
        approve(
                inForce,
                "balance-" + run,
                PEOPLE_PART,
                "[GMP-BASIC, GDP-DOC, PACK-SERIAL, \"equipment: " + asset + "\"]");
        try {
            // Then without an agreed calibration the role is not justified, and the explanation says why
            new DueWork(context).settle(operator);
            assertThat(mesGroupsOf(operator)).doesNotContain(ROLE);
            assertThat(reasonOf(operator, asset)).isEqualTo(asset + " has no agreed calibration record at this site");

            // When the two systems are compared and agree on the balance
            compare();
            new DueWork(context).settle(operator);

            // Then the operator holds the role until the end of the due day, and the explanation says so
            assertThat(mesGroupsOf(operator)).contains(ROLE);
            assertThat(reasonOf(operator, asset)).isEqualTo(asset + " calibrated until " + due);
            assertThat(audit
                            .find(new AuditQuery(
                                    null,
                                    "instrument",
                                    "BSL:" + asset,
                                    "instrument-calibration.agreed",
                                    null,
                                    null,
                                    0,
                                    10))
                            .stream()
                            .map(AuditEntry::reason))
                    .singleElement()
                    .asString()
                    .contains("agreed: CALIBRATED, due " + due)
                    .contains("the maintenance system and the QMS agree");

            // And the projection the reports read says the same, its basis naming the balance's agreed state
            Instant agreedAt = clock.instant();
            assertThat(projectedRole(operator, agreedAt, agreedAt))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.validTo()).isEqualTo(endOfDueDay);
                        assertThat(row.basis())
                                .filteredOn(EntitlementInterval.Evidence::isInstrument)
                                .singleElement()
                                .satisfies(e -> {
                                    assertThat(e.instrument()).isEqualTo(asset);
                                    assertThat(e.evidenceId()).isEqualTo("calibrated until " + due);
                                    assertThat(e.expiresAt()).isEqualTo(endOfDueDay);
                                });
                    });

            // When the due day ends in Basel the role goes, by the exact timer, audited with the reason
            clock.set(endOfDueDay.minusSeconds(30));
            new DueWork(context).settle(operator);
            assertThat(mesGroupsOf(operator)).contains(ROLE);
            clock.set(endOfDueDay);
            new DueWork(context).settle(operator);
            assertThat(mesGroupsOf(operator)).doesNotContain(ROLE);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> revocations(operator).stream().anyMatch(r -> r.contains("out of calibration")));
            assertThat(revocations(operator))
                    .filteredOn(r -> r.contains("out of calibration"))
                    .singleElement()
                    .asString()
                    .contains("equipment " + asset + " (out of calibration since " + due.plusDays(1) + " (due " + due
                            + "))");

            // When the balance is recalibrated and the QMS announces it by webhook
            LocalDate recalibrated = due.plusDays(1);
            recalibratedInBothSystems(asset, qmsId, recalibrated, recalibrated.plusDays(90));
            HttpResponse<String> announced = calibrationChanged(asset, qmsId);
            assertThat(announced.statusCode()).as(announced.body()).isBetween(200, 202);
            rereads.drain();
            new DueWork(context).settle(operator);

            // Then both systems were read again and the role is back, until the new due date
            assertThat(mesGroupsOf(operator)).contains(ROLE);
            // and the projection keeps each answer as it was known: the old state's span as known before the
            // recalibration, the new one's from then on
            Instant recalibratedAt = clock.instant();
            assertThat(projectedRole(operator, endOfDueDay.minusSeconds(60), agreedAt))
                    .singleElement()
                    .satisfies(row -> assertThat(row.validTo()).isEqualTo(endOfDueDay));
            // (the recalibration began a new cycle: the earlier one still covers the days before its due date)
            assertThat(projectedRole(operator, endOfDueDay.minusSeconds(60), recalibratedAt))
                    .isNotEmpty();
            assertThat(projectedRole(operator, recalibratedAt, recalibratedAt))
                    .singleElement()
                    .satisfies(row -> assertThat(row.validTo())
                            .isEqualTo(recalibrated
                                    .plusDays(91)
                                    .atStartOfDay(BASEL)
                                    .toInstant()));
            // (the rules in force now: the API's explanation is as known at an instant, under the rules in force then)
            assertThat(planner.explain(EmployeeId.of(operator), RoleName.of(ROLE), clock.instant())
                            .orElseThrow()
                            .decision()
                            .sets()
                            .getFirst()
                            .requirements()
                            .getLast()
                            .reason())
                    .isEqualTo(asset + " calibrated until " + recalibrated.plusDays(90));
            assertThat(audit.find(new AuditQuery(
                            null,
                            "calibration-record",
                            "BSL:" + asset,
                            "calibration.reread-requested",
                            null,
                            null,
                            0,
                            10)))
                    .isNotEmpty();
        } finally {
            approve(get("/api/v1/rules").body(), "balance-back-" + run, ", \"equipment: " + asset + "\"]", "]");
            new DueWork(context).settle(operator);
        }
    }

    /**
     * A balance recalibrated early, the new calibration falling due long before the one it replaced: once the new
     * one's due day is over in Basel the role goes, and the projection, the explanation and {@code access?at=} for
     * the next day say it was not justified — the replaced calibration's later due date covers none of the days after
     * the recalibration (decision 0087).
     */
    @Verifies({"URS-CAL-450", "URS-CAL-452"})
    @Test
    void theDayAfterAnEarlyShorterRecalibrationsDueDateIsNotJustifiedByTheCalibrationItReplaced() throws Exception {
        // after every rules version and instrument state the shared context holds (other tests' clocks included)
        Instant start = afterEverythingKnown(START);
        clock.set(start);
        String asset = newBalance();
        LocalDate today = LocalDate.ofInstant(start, BASEL);
        LocalDate firstCalibration = today.minusDays(30);
        LocalDate firstDue = today.plusDays(60);
        String qmsId = inBothSystems(asset, firstCalibration, firstDue);

        // Given a trained packaging operator, the rule asking for the balance, and both systems agreeing on it
        String operator = trainedOperator();
        String run = Long.toString(System.nanoTime(), 36);
        approve(
                get("/api/v1/rules").body(),
                "early-recalibration-" + run,
                PEOPLE_PART,
                "[GMP-BASIC, GDP-DOC, PACK-SERIAL, \"equipment: " + asset + "\"]");
        try {
            compare();
            new DueWork(context).settle(operator);
            assertThat(mesGroupsOf(operator)).contains(ROLE);

            // When the balance is recalibrated five days later, the new calibration due after ten days only
            clock.set(start.plus(Duration.ofDays(5)));
            LocalDate recalibrated = today.plusDays(5);
            LocalDate due = recalibrated.plusDays(10);
            recalibratedInBothSystems(asset, qmsId, recalibrated, due);
            compare();
            new DueWork(context).settle(operator);
            assertThat(mesGroupsOf(operator)).contains(ROLE);

            // and the new calibration's due day is over in Basel
            Instant endOfDueDay = due.plusDays(1).atStartOfDay(BASEL).toInstant();
            Instant dayAfter =
                    due.plusDays(1).atTime(LocalTime.NOON).atZone(BASEL).toInstant();
            clock.set(dayAfter.plus(Duration.ofHours(1)));
            new DueWork(context).settle(operator);

            // Then the role is gone from the MES, though the replaced calibration was due only on firstDue
            assertThat(mesGroupsOf(operator)).doesNotContain(ROLE);

            // and the projection the reports read holds no row for the day after, its last row ending with the due day
            Instant now = clock.instant();
            assertThat(projectedRole(operator, dayAfter, now)).isEmpty();
            assertThat(projectedRole(operator, endOfDueDay.minusSeconds(1), now))
                    .singleElement()
                    .satisfies(row -> assertThat(row.validTo()).isEqualTo(endOfDueDay));
            // (the days before the recalibration are still covered by the first calibration, up to its start)
            Instant beforeRecalibration = recalibrated
                    .minusDays(1)
                    .atTime(LocalTime.NOON)
                    .atZone(BASEL)
                    .toInstant();
            assertThat(projectedRole(operator, beforeRecalibration, now))
                    .singleElement()
                    .satisfies(row -> assertThat(row.basis())
                            .filteredOn(EntitlementInterval.Evidence::isInstrument)
                            .singleElement()
                            .satisfies(e -> {
                                assertThat(e.evidenceId())
                                        .isEqualTo("calibrated until " + firstDue + ", recalibrated " + recalibrated);
                                assertThat(e.expiresAt())
                                        .isEqualTo(
                                                recalibrated.atStartOfDay(BASEL).toInstant());
                            }));

            // and the explanation for the day after says why, naming the new calibration's due date
            JsonNode explained =
                    json(get("/api/v1/explain?employeeId=" + operator + "&role=" + ROLE + "&at=" + dayAfter));
            assertThat(explained.path("held").asBoolean())
                    .as(explained.toString())
                    .isFalse();
            assertThat(explained.path("summary").asString())
                    .contains("equipment " + asset + " (out of calibration since " + due.plusDays(1) + " (due " + due
                            + "))");

            // and access?at= for the day after lists the role nowhere
            JsonNode access = json(get("/api/v1/people/" + operator + "/access?at=" + dayAfter));
            assertThat(access.path("roles").findValuesAsString("role"))
                    .as(access.toString())
                    .doesNotContain(ROLE);
            JsonNode accessWithin =
                    json(get("/api/v1/people/" + operator + "/access?at=" + endOfDueDay.minusSeconds(60)));
            assertThat(accessWithin.path("roles").findValuesAsString("role")).contains(ROLE);
        } finally {
            approve(
                    get("/api/v1/rules").body(),
                    "early-recalibration-back-" + run,
                    ", \"equipment: " + asset + "\"]",
                    "]");
            new DueWork(context).settle(operator);
        }
    }

    private void compare() {
        assertThat(postAs("qa-approver", "/api/v1/calibration/comparisons", "{}")
                        .statusCode())
                .isEqualTo(201);
    }

    /** The projection's rows of the role for the operator at {@code at} as known at {@code knownAt}. */
    private List<EntitlementInterval> projectedRole(String operator, Instant at, Instant knownAt) {
        return projection.of(EmployeeId.of(operator), at, knownAt).stream()
                .filter(row -> row.role().value().equals(ROLE))
                .toList();
    }

    private static String newBalance() {
        return "BSL-BAL-" + Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase();
    }

    /** The balance on PACK-3 in the maintenance system and the QMS, calibrated on one day and due on another. */
    private String inBothSystems(String asset, LocalDate calibrated, LocalDate due) throws Exception {
        sandbox()
                .quality()
                .maximo()
                .putAsset(
                        asset,
                        "BSL",
                        "analytical balance",
                        "BSL-PACK-3",
                        "INSTRUMENT",
                        "OPERATING",
                        due,
                        calibrated,
                        "PASS");
        ObjectNode record = (ObjectNode) JSON.createObjectNode();
        record.put(QualityObject.EXTERNAL_ID, asset);
        record.put(QualityObject.SITE, "BSL");
        record.put(QualityObject.LINE, "PACK-3");
        record.put(QualityObject.LAST_CALIBRATION, calibrated.toString());
        record.put(QualityObject.CALIBRATION_DUE, due.toString());
        record.put(QualityObject.CALIBRATION_STATUS, "Calibrated");
        return sandbox()
                .quality()
                .records()
                .create(QualityObject.EQUIPMENT, record)
                .path("Id")
                .asString();
    }

    /** The balance recalibrated, as both systems record it. */
    private void recalibratedInBothSystems(String asset, String qmsId, LocalDate calibrated, LocalDate due)
            throws Exception {
        sandbox().quality().maximo().recordCalibration(asset, "OPERATING", due, calibrated, "PASS");
        ObjectNode fields = (ObjectNode) JSON.createObjectNode();
        fields.put(QualityObject.LAST_CALIBRATION, calibrated.toString());
        fields.put(QualityObject.CALIBRATION_DUE, due.toString());
        fields.put(QualityObject.CALIBRATION_STATUS, "Calibrated");
        sandbox().quality().records().update(QualityObject.EQUIPMENT, qmsId, fields);
    }

    /** A packaging operator at Basel trained for the role, holding it in the MES. */
    private String trainedOperator() {
        String operator = newPerson("BSL");
        for (String certification : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
            assertThat(hook(certification(operator, certification).json()).statusCode())
                    .isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesGroupsOf(operator).contains(ROLE));
        return operator;
    }

    /**
     * The reason given for the instrument's requirement under the rules in force now (the API's explanation is as
     * known at an instant, under the rules in force then, which other tests on the shared clock move).
     */
    private String reasonOf(String operator, String asset) {
        var decision = planner.explain(EmployeeId.of(operator), RoleName.of(ROLE), clock.instant())
                .orElseThrow()
                .decision();
        return decision.sets().getFirst().requirements().stream()
                .filter(r -> r.requirement().instrument().filter(asset::equals).isPresent())
                .map(r -> r.reason())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no requirement for " + asset + " in " + decision));
    }

    private List<String> revocations(String operator) {
        return audit.find(new AuditQuery(operator, "assignment", null, "role.revoked", null, null, 0, 10)).stream()
                .map(e -> String.valueOf(e.reason()))
                .toList();
    }

    private void approve(String inForce, String version, String from, String to) {
        String content = inForce.replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"")
                .replace(from, to);
        assertThat(content).isNotEqualTo(inForce);
        approvedChangeSet("RULES", "balance on PACK-3 " + version, content);
    }

    /** The QMS's signed {@code equipment.calibration-changed} event, version 1, as its webhook sends it. */
    private HttpResponse<String> calibrationChanged(String asset, String qmsId) throws Exception {
        Instant at = clock.instant();
        String body = JSON.writeValueAsString(Map.of(
                "type",
                "equipment.calibration-changed",
                "schemaVersion",
                1,
                "eventId",
                "evt_" + UUID.randomUUID(),
                "occurredAt",
                at.toString(),
                "source",
                "trackwise-digital",
                "recordId",
                qmsId,
                "recordName",
                asset,
                "lastModifiedAt",
                at.toString(),
                "assetNumber",
                asset,
                "site",
                "BSL"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_" + UUID.randomUUID();
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/hooks/trackwise"))
                        .header("content-type", "application/json")
                        .header("webhook-id", webhookId)
                        .header("webhook-timestamp", Long.toString(at.getEpochSecond()))
                        .header(
                                "webhook-signature",
                                new StandardWebhooks(SECRET).sign(webhookId, at.getEpochSecond(), bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
