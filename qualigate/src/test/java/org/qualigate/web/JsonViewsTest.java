package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The records the API answers with are written as the maps before them were: fields in the same order, a field
 * put only under a condition absent otherwise, a module's map leading an answer in its own order — under the
 * service's mapper (values and contents {@code non_null}, as {@code spring.jackson.default-property-inclusion} sets
 * both) and under a mapper with Jackson's defaults (where a map wrote its {@code null}s).
 */
class JsonViewsTest {

    @Verifies("URS-INT-260")
    @Test
    void aBatchLeavesOutItsParkingFieldsUntilParkedAndKeepsTheOrderOfTheMap() {
        var batch = new QualityController.BatchView(
                "M-1", "P1", "B7", "BLOCKED", "FREE", false, null, "NC-1 blocks it", false, null, null, null, 0, null);

        assertThat(SERVICE.writeValueAsString(batch))
                .isEqualTo("{\"material\":\"M-1\",\"plant\":\"P1\",\"batch\":\"B7\",\"desired\":\"BLOCKED\","
                        + "\"erpState\":\"FREE\",\"inLine\":false,\"explanation\":\"NC-1 blocks it\",\"parked\":false,"
                        + "\"attempts\":0}");
        assertThat(DEFAULTS.writeValueAsString(batch))
                .as("the map wrote erpCheckedAt's null and never the parking fields it did not put")
                .isEqualTo("{\"material\":\"M-1\",\"plant\":\"P1\",\"batch\":\"B7\",\"desired\":\"BLOCKED\","
                        + "\"erpState\":\"FREE\",\"inLine\":false,\"erpCheckedAt\":null,\"explanation\":\"NC-1 blocks"
                        + " it\",\"parked\":false,\"attempts\":0}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anAnswerThatExtendsAViewWritesTheViewsFieldsFirstThenItsOwn() {
        var batch = new QualityController.BatchView(
                "M-1", "P1", "B7", "NONE", "FREE", true, AT, "nothing holds it", true, "ERP refused", AT, AT, 3, "503");
        var detail = new QualityController.BatchDetail(batch, "nothing holds it", List.of(), List.of());

        assertThat(SERVICE.writeValueAsString(detail))
                .isEqualTo("{\"material\":\"M-1\",\"plant\":\"P1\",\"batch\":\"B7\",\"desired\":\"NONE\","
                        + "\"erpState\":\"FREE\",\"inLine\":true,\"erpCheckedAt\":\"2026-12-07T08:00:00Z\","
                        + "\"explanation\":\"nothing holds it\",\"parked\":true,\"parkedReason\":\"ERP refused\","
                        + "\"parkedAt\":\"2026-12-07T08:00:00Z\",\"nextCheckAt\":\"2026-12-07T08:00:00Z\","
                        + "\"attempts\":3,\"lastError\":\"503\",\"decisionNow\":\"nothing holds it\",\"holding\":[],"
                        + "\"nonconformances\":[]}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aModulesMapLeadingAnAnswerKeepsItsOrderAndLosesItsNullsAsBefore() {
        Map<String, Object> suspension = new LinkedHashMap<>();
        suspension.put("id", "S-1");
        suspension.put("site", "BSL");
        suspension.put("liftedAt", null);
        suspension.put("suspendedAt", AT.toString());

        assertThat(SERVICE.writeValueAsString(new AccessReviewsController.SuspensionView(suspension, List.of())))
                .isEqualTo("{\"id\":\"S-1\",\"site\":\"BSL\",\"suspendedAt\":\"2026-12-07T08:00:00Z\","
                        + "\"signatures\":[]}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aWebhookAnswerHasTheFieldsOfItsOutcomeOnly() {
        assertThat(SERVICE.writeValueAsString(new QualityHookController.Received("E-1", true, null, null)))
                .isEqualTo("{\"eventId\":\"E-1\",\"duplicate\":true}");
        assertThat(DEFAULTS.writeValueAsString(new QualityHookController.Received("E-1", null, "kept", "no batch")))
                .isEqualTo("{\"eventId\":\"E-1\",\"outcome\":\"kept\",\"reason\":\"no batch\"}");
        assertThat(DEFAULTS.writeValueAsString(new WorkdayHookController.Answer(null, List.of(), null)))
                .isEqualTo("{\"events\":[]}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anInboundEventCarriesItsBodyAsTextOrAsBase64NeverBoth() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        var text = new ReviewController.EventView(
                id,
                "hris",
                "msg_1",
                AT,
                "rejected",
                "employeeId",
                "is required",
                null,
                null,
                null,
                null,
                "ab",
                null,
                "{}",
                null);

        assertThat(DEFAULTS.writeValueAsString(text))
                .isEqualTo(
                        "{\"eventId\":\"00000000-0000-0000-0000-000000000001\",\"source\":\"hris\","
                                + "\"webhookId\":\"msg_1\",\"receivedAt\":\"2026-12-07T08:00:00Z\",\"outcome\":\"rejected\","
                                + "\"field\":\"employeeId\",\"reason\":\"is required\",\"eventType\":null,\"employeeId\":null,"
                                + "\"sourceRecordId\":null,\"sourceVersion\":null,\"sha256\":\"ab\",\"traceId\":null,\"body\":\"{}\"}");
    }
}
