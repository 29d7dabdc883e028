package org.qualigate.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A balance recalibrated in the maintenance system while the QMS still holds the calibration before, as QA would
 * live it: the comparison finds the difference and keeps both versions (once, however often it runs, and not at
 * all while Maximo is down); QA resolves it with a signed reason that the maintenance system is right; the QMS's
 * equipment record is corrected to that version, once, and every step is audited with both versions.
 */
class CalibrationConflictScenarioIT extends QualigateIT {

    private static final ZoneId BSL = ZoneId.of("Europe/Zurich");

    @Autowired
    private CalibrationCorrections corrections;

    @Autowired
    private AuditTrail audit;

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Verifies({"URS-QEV-205", "URS-QEV-206", "URS-QEV-207", "URS-QEV-208"})
    @Test
    void aDifferenceIsQueuedOnceResolvedUnderSignatureAndTheWrongSideCorrectedOnce() throws Exception {
        // Given balance X recalibrated in Maximo (due in 80 days) while the QMS holds the calibration before it
        String asset =
                "BSL-BAL-" + Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase();
        LocalDate today = LocalDate.ofInstant(clock.instant(), BSL);
        LocalDate last = today.minusDays(10);
        sandbox()
                .quality()
                .maximo()
                .putAsset(
                        asset,
                        "BSL",
                        "analytical balance",
                        "BSL-FILL-1",
                        "INSTRUMENT",
                        "OPERATING",
                        last.plusDays(90),
                        last,
                        "PASS");
        ObjectNode record = (ObjectNode) JSON.createObjectNode();
        record.put(QualityObject.EXTERNAL_ID, asset);
        record.put(QualityObject.SITE, "BSL");
        record.put(QualityObject.LINE, "FILL-1");
        record.put(QualityObject.LAST_CALIBRATION, last.minusDays(90).toString());
        record.put(QualityObject.CALIBRATION_DUE, last.toString());
        record.put(QualityObject.CALIBRATION_STATUS, "Due");
        String qmsId = sandbox()
                .quality()
                .records()
                .create(QualityObject.EQUIPMENT, record)
                .path("Id")
                .asString();

        // When the two are compared, twice
        HttpResponse<String> first = postAs("qa-approver", "/api/v1/calibration/comparisons", "{}");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(postAs("qa-approver", "/api/v1/calibration/comparisons", "{}")
                        .statusCode())
                .isEqualTo(201);

        // Then one conflict waits, with both versions
        List<JsonNode> mine = conflicts(asset, "open");
        assertThat(mine).hasSize(1);
        JsonNode conflict = mine.getFirst();
        assertThat(conflict.path("maintenance").path("dueDate").asString())
                .isEqualTo(last.plusDays(90).toString());
        assertThat(conflict.path("qms").path("dueDate").asString()).isEqualTo(last.toString());
        assertThat(conflict.path("qms").path("sourceStatus").asString()).isEqualTo("Due");
        assertThat(conflict.path("differences").asString())
                .contains("calibration due " + last.plusDays(90) + " (maintenance system) vs " + last + " (QMS)");

        // And while Maximo is down a comparison concludes nothing, and says so
        sandbox()
                .faults()
                .inject(new Fault(
                        "maximo", "GET /mxapiasset", Fault.Mode.ERROR, 503, Duration.ZERO, Fault.UNTIL_CLEARED, 1.0));
        HttpResponse<String> down = postAs("qa-approver", "/api/v1/calibration/comparisons", "{}");
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(json(down).path("outcome").asString()).isEqualTo("FAILED");
        assertThat(json(down).path("error").asString()).contains("503");
        sandbox().faults().clear();
        assertThat(conflicts(asset, "all")).hasSize(1);

        // Nothing is resolved without a resolution, a reason and a signature
        String path = "/api/v1/calibration/conflicts/" + conflict.path("id").asString() + "/resolution";
        String signing = ",\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"";
        HttpResponse<String> bad =
                postAs("qa-approver", path, "{\"reason\":\"certificate CAL-77 checked\"" + signing + "}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(json(bad).path("errors").get(0).path("field").asString()).isEqualTo("resolution");
        HttpResponse<String> wrong = postAs(
                "qa-approver",
                path,
                "{\"resolution\":\"KEEP_MAINTENANCE\",\"reason\":\"certificate CAL-77 checked\",\"userId\":\"qa-approver\","
                        + "\"password\":\"not-my-password\"}");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(post(path, "{\"resolution\":\"KEEP_MAINTENANCE\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);

        // When QA signs that the maintenance system is right
        HttpResponse<String> resolved = postAs(
                "qa-approver",
                path,
                "{\"resolution\":\"KEEP_MAINTENANCE\",\"reason\":\"calibration certificate CAL-77 checked\"" + signing
                        + "}");
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).path("state").asString()).isEqualTo("RESOLVED");
        assertThat(json(resolved).path("correction").asString()).isEqualTo("PENDING");
        assertThat(json(resolved).path("signatures").get(0).path("valid").asBoolean())
                .isTrue();

        // Then the QMS's record is corrected to Maximo's version, once
        corrections.applyDue();
        corrections.applyDue();
        ObjectNode corrected = sandbox()
                .quality()
                .records()
                .get(QualityObject.EQUIPMENT, qmsId)
                .orElseThrow();
        assertThat(corrected.path(QualityObject.CALIBRATION_DUE).asString())
                .isEqualTo(last.plusDays(90).toString());
        assertThat(corrected.path(QualityObject.LAST_CALIBRATION).asString()).isEqualTo(last.toString());
        assertThat(corrected.path(QualityObject.CALIBRATION_STATUS).asString()).isEqualTo("Calibrated");
        assertThat(json(get("/api/v1/calibration/conflicts/"
                                + conflict.path("id").asString()))
                        .path("correction")
                        .asString())
                .isEqualTo("APPLIED");

        // And the next comparison finds the two agreeing: nothing new opens
        assertThat(postAs("qa-approver", "/api/v1/calibration/comparisons", "{}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(conflicts(asset, "all")).hasSize(1);

        // And each step is audited once, the correction with both versions and QA's reason
        String id = conflict.path("id").asString();
        assertThat(entries(id, "calibration-conflict.opened")).hasSize(1);
        assertThat(entries(id, "calibration-conflict.resolved")).hasSize(1);
        assertThat(entries(id, "calibration-conflict.applied"))
                .singleElement()
                .satisfies(reason -> assertThat(reason)
                        .contains(asset)
                        .contains("qms corrected to the version QA chose")
                        .contains("because calibration certificate CAL-77 checked"));

        // And when the QMS falls back to the old values, the same difference is queued anew, not taken as settled
        ObjectNode stale = (ObjectNode) JSON.createObjectNode();
        stale.put(QualityObject.LAST_CALIBRATION, last.minusDays(90).toString());
        stale.put(QualityObject.CALIBRATION_DUE, last.toString());
        sandbox().quality().records().update(QualityObject.EQUIPMENT, qmsId, stale);
        assertThat(postAs("qa-approver", "/api/v1/calibration/comparisons", "{}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(conflicts(asset, "open"))
                .singleElement()
                .satisfies(again -> assertThat(again.path("id").asString()).isNotEqualTo(id));
    }

    @Verifies({"URS-QEV-207", "URS-QEV-208"})
    @Test
    void aCorrectionWhoseAnswerIsLostIsRecordedOnceOnTheRetryAndNeverWrittenTwice() throws Exception {
        // Given a balance Maximo says is out of service while the QMS holds it calibrated, and QA signs the QMS right
        String asset =
                "IND-BAL-" + Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase();
        LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneId.of("America/Indiana/Indianapolis"))
                .minusDays(20);
        sandbox()
                .quality()
                .maximo()
                .putAsset(
                        asset,
                        "IND",
                        "analytical balance",
                        "IND-OSD-1",
                        "INSTRUMENT",
                        "NOT READY",
                        last.plusDays(90),
                        last,
                        "PASS");
        ObjectNode record = (ObjectNode) JSON.createObjectNode();
        record.put(QualityObject.EXTERNAL_ID, asset);
        record.put(QualityObject.SITE, "IND");
        record.put(QualityObject.LAST_CALIBRATION, last.toString());
        record.put(QualityObject.CALIBRATION_DUE, last.plusDays(90).toString());
        record.put(QualityObject.CALIBRATION_STATUS, "Calibrated");
        sandbox().quality().records().create(QualityObject.EQUIPMENT, record);
        assertThat(postAs("qa-approver", "/api/v1/calibration/comparisons", "{}")
                        .statusCode())
                .isEqualTo(201);
        String id = conflicts(asset, "open").getFirst().path("id").asString();
        assertThat(postAs(
                                "qa-approver",
                                "/api/v1/calibration/conflicts/" + id + "/resolution",
                                "{\"resolution\":\"KEEP_QMS\",\"reason\":\"status set by mistake, work order WO-88 closed\","
                                        + "\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"}")
                        .statusCode())
                .isEqualTo(200);

        // When Maximo applies the correction but its answer never arrives
        long before = sandbox().sideEffects().latestSeq();
        sandbox()
                .faults()
                .inject(new Fault(
                        "maximo",
                        "POST /mxapiasset",
                        Fault.Mode.COMMIT_THEN_TIMEOUT,
                        0,
                        Duration.ofSeconds(5),
                        1,
                        1.0));
        corrections.applyDue();

        // Then the correction is still pending, with the failure shown
        JsonNode pending = json(get("/api/v1/calibration/conflicts/" + id));
        assertThat(pending.path("correction").asString()).isEqualTo("PENDING");
        assertThat(pending.path("correctionAttempts").asInt()).isEqualTo(1);
        assertThat(pending.path("correctionError").asString()).isNotBlank();
        assertThat(sandbox().quality().maximo().asset(asset).orElseThrow().status())
                .isEqualTo("OPERATING");

        // When the retry comes due, it finds Maximo already right: recorded once, nothing written again
        clock.advance(Duration.ofMinutes(1));
        corrections.applyDue();
        corrections.applyDue();
        assertThat(json(get("/api/v1/calibration/conflicts/" + id))
                        .path("correction")
                        .asString())
                .isEqualTo("APPLIED");
        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.target().equals("maximo") && e.resource().equals(asset)))
                .hasSize(1);
        assertThat(entries(id, "calibration-conflict.applied"))
                .singleElement()
                .satisfies(reason -> assertThat(reason).contains("maintenance already held the version QA chose"));
    }

    private List<JsonNode> conflicts(String asset, String state) {
        return json(get("/api/v1/calibration/conflicts?state=" + state))
                .path("conflicts")
                .valueStream()
                .filter(c -> c.path("assetNumber").asString().equals(asset))
                .toList();
    }

    private List<String> entries(String conflictId, String action) {
        return audit.find(new AuditQuery(null, "calibration-conflict", conflictId, action, null, null, 0, 100)).stream()
                .map(e -> String.valueOf(e.reason()))
                .toList();
    }
}
