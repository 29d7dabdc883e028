package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.environment.ExcursionRaising;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An excursion QA accepts under signature is raised in the sandbox's QMS as one non-conformance, over real HTTP: its
 * record number is stored, shown and audited; a create the QMS applied but never answered, and a crash after the QMS
 * made the record, still leave one; the record the pull then reads back is the same non-conformance, naming the
 * excursion and no batch. Each excursion is a row written as the consumer writes a draft (the Kafka path has its own
 * test, {@code EmsExcursionsIT}); the review and everything after it go through the service.
 */
class ExcursionRaisedInQmsIT extends QualigateIT {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ExcursionRaising raising;

    @Autowired
    private NonconformancePull pull;

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Test
    @Verifies({"URS-QEV-390", "URS-QEV-391", "URS-QEV-393"})
    void anAcceptedExcursionIsRaisedOnceWithItsNumberStoredShownAuditedAndReadBackAsTheSameRecord() {
        UUID id = pendingExcursion();
        accept(id, "counter alarm confirmed during filling");

        JsonNode raised = raisedInQms(id);
        List<ObjectNode> ncs = nonconformancesOf(id);
        assertThat(ncs).hasSize(1);
        ObjectNode nc = ncs.getFirst();
        assertThat(raised.path("recordName").asString())
                .isEqualTo(nc.path("Name").asString());
        assertThat(raised.path("recordId").asString()).isEqualTo(nc.path("Id").asString());
        assertThat(nc.path(QualityObject.SITE).asString()).isEqualTo("BSL");
        assertThat(nc.path(QualityObject.SEVERITY).asString()).isEqualTo("Major");
        assertThat(nc.path(QualityObject.STATUS).asString()).isEqualTo("Opened");
        assertThat(nc.path(QualityObject.BLOCK_STOCK).asBoolean()).isFalse();
        assertThat(nc.path(QualityObject.ROOM).asString()).isEqualTo(roomOf(id));
        assertThat(nc.path(QualityObject.DESCRIPTION).asString())
                .contains("counter alarm confirmed during filling", "user:qa-approver", id.toString());
        assertThat(audited(id))
                .containsExactly("raised in the QMS as " + nc.path("Name").asString() + " because excursion "
                        + roomOf(id) + " PARTICLES_0_5_UM above 3520 particles/m3 since 2026-11-20T08:00:00Z was"
                        + " accepted by user:qa-approver with reason \"counter alarm confirmed during filling\"");

        // the pull reads the record back: the same non-conformance, once, naming the excursion and no batch
        Instant testTime = clock.instant();
        clock.set(Instant.now().plusSeconds(2));
        try {
            pull.pull();
            List<String> kept = jdbc.sql(
                            "SELECT description FROM quality_nonconformance WHERE record_id = ? AND batch IS NULL")
                    .param(nc.path("Id").asString())
                    .query(String.class)
                    .list();
            assertThat(kept).singleElement().asString().contains(id.toString());
        } finally {
            clock.set(testTime);
        }
    }

    @Test
    @Verifies({"URS-QEV-392"})
    void aCreateTheQmsAppliedButNeverAnsweredIsFoundUnderItsKeyAtTheRetryNotMadeTwice() {
        sandbox()
                .faults()
                .inject(Fault.commitThenTimeout("qms", "POST /sobjects", 1).withDelay(Duration.ofMillis(300)));
        UUID id = pendingExcursion();
        accept(id, "pressure cascade lost during the door alarm");

        await("the first attempt failed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    raising.workDue();
                    return raising.of(id).orElseThrow().attempts() > 0
                            || raising.of(id).orElseThrow().state() == ExcursionRaising.State.RAISED;
                });
        assertThat(nonconformancesOf(id)).hasSize(1);
        clock.advance(Duration.ofSeconds(30)); // past the shared backoff's first wait (at most 10 s)

        JsonNode raised = raisedInQms(id);
        assertThat(nonconformancesOf(id)).hasSize(1);
        assertThat(raised.path("recordName").asString())
                .isEqualTo(nonconformancesOf(id).getFirst().path("Name").asString());
        assertThat(raised.path("attempts").asInt()).isEqualTo(1);
        assertThat(audited(id)).singleElement().asString().contains("(found there under its key)");
    }

    @Test
    @Verifies({"URS-QEV-392"})
    void theSameAcceptanceReplayedOrRaisedAgainAfterACrashLeavesOneNonconformance() {
        UUID id = pendingExcursion();
        accept(id, "viable count confirmed by the settle plate");
        String first = raisedInQms(id).path("recordId").asString();

        // the acceptance sent again is refused: it is not a draft any more
        assertThat(review(id, "viable count confirmed by the settle plate").statusCode())
                .isEqualTo(409);
        // a crash after the QMS made the record, before the service stored it: due again, found under its key
        jdbc.sql("UPDATE ems_excursion SET qms_record_id = NULL, qms_record_name = NULL, qms_due_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();

        assertThat(raisedInQms(id).path("recordId").asString()).isEqualTo(first);
        assertThat(nonconformancesOf(id)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A draft waiting for QA, as the consumer writes one, in a room of its own. */
    private UUID pendingExcursion() {
        UUID id = UUID.randomUUID();
        String room = "IT-RAISE-" + id.toString().substring(0, 8).toUpperCase();
        Instant began = START;
        jdbc.sql("""
                        INSERT INTO ems_excursion (id, room, site, grade, parameter, unit, limit_value, limit_below,
                            started_at, first_reading, first_position, worst_value, readings_beyond, sensors_beyond,
                            draft_at, review)
                        VALUES (?, ?, 'BSL', 'A', 'PARTICLES_0_5_UM', 'particles/m3', 3520, false, ?, ?::jsonb,
                            'ems.readings/0@1', 5000, 2, ARRAY['S1', 'S2'], ?, 'PENDING')""")
                .params(
                        id,
                        room,
                        Timestamp.from(began),
                        "{\"readingId\":\"" + room + "-S1-1\",\"room\":\"" + room + "\",\"sensor\":\"S1\","
                                + "\"parameter\":\"PARTICLES_0_5_UM\",\"value\":4210,\"unit\":\"particles/m3\","
                                + "\"measuredAt\":\"" + began + "\",\"position\":\"ems.readings/0@1\"}",
                        Timestamp.from(began))
                .update();
        return id;
    }

    private String roomOf(UUID id) {
        return jdbc.sql("SELECT room FROM ems_excursion WHERE id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private void accept(UUID id, String reason) {
        assertThat(review(id, reason).statusCode()).isEqualTo(200);
    }

    private java.net.http.HttpResponse<String> review(UUID id, String reason) {
        return postAs(
                "qa-approver",
                "/api/v1/environment/excursions/" + id + "/review",
                "{\"decision\":\"ACCEPT\",\"reason\":\"" + reason + "\",\"userId\":\"qa-approver\",\"password\":\""
                        + PASSWORD + "\"}");
    }

    /** Works the raising until the excursion's QMS record is stored, then answers the API's view of it. */
    private JsonNode raisedInQms(UUID id) {
        await("excursion " + id + " raised in the QMS")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    raising.workDue();
                    return raising.of(id).orElseThrow().state() == ExcursionRaising.State.RAISED;
                });
        JsonNode answer = json(get("/api/v1/environment/excursions/" + id + "/qms"));
        assertThat(answer.path("state").asString()).isEqualTo("RAISED");
        return answer;
    }

    private List<ObjectNode> nonconformancesOf(UUID id) {
        return sandbox().quality().records().all(QualityObject.NONCONFORMANCE).stream()
                .filter(r -> ("QG-EMS-" + id)
                        .equals(r.path(QualityObject.EXTERNAL_ID).asString(null)))
                .toList();
    }

    private List<String> audited(UUID id) {
        sealAuditTrail();
        return jdbc.sql("SELECT reason FROM audit_event WHERE entity_type = 'ems-excursion' AND entity_id = ?"
                        + " AND action = 'ems.excursion.raised' ORDER BY seq")
                .param(id.toString())
                .query(String.class)
                .list();
    }
}
