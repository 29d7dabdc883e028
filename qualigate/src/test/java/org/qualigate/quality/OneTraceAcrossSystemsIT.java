package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.QualigateIT;
import org.qualigate.trace.TraceParent;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * One trace across systems (decision 0065): a non-conformance sent with a W3C {@code traceparent} is followed from the
 * QMS's webhook to the ERP's material document — the ERP simulator logs the {@code traceparent} it received, a new
 * span of the sender's trace; every audit entry the event caused carries the trace id inside its hash and the chain
 * still verifies; the API lists every step with times. A webhook with an invalid {@code traceparent} is accepted and
 * given a trace of its own; an HRIS webhook's ledger entries and its stored event carry its trace too.
 */
class OneTraceAcrossSystemsIT extends QualigateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String SENDERS_SPAN = "00f067aa0ba902b7";

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Verifies({"URS-INT-276", "URS-INT-277", "URS-AUD-275", "URS-INT-279"})
    @Test
    void anNcsTraceReachesTheErpAndEveryAuditEntryItCausedAndTheApiListsEveryStepWithTimes() throws Exception {
        // Given a batch in unrestricted stock, and a QMS that sends its NC under a trace of its own
        NcLot lot = NcLot.inStock(sandbox(), "QGT", "B1", 40);
        String material = lot.material();
        String traceId = TraceParent.start().traceId();
        String sent = "00-" + traceId + "-" + SENDERS_SPAN + "-01";

        // When the NC arrives with that traceparent
        HttpResponse<String> answer = lot.nc(http, port, clock.instant(), "Opened", null, sent);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

        // Then the ERP receives its material document under a new span of the same trace
        await().atMost(WITHIN).until(() -> lot.stock(StockType.BLOCKED) == 40);
        List<SideEffect> postings = sandbox().sideEffects().all().stream()
                .filter(e -> e.operation().equals("material-document.post")
                        && e.detail().contains(material))
                .toList();
        assertThat(postings).hasSize(1);
        TraceParent received =
                TraceParent.parse(postings.getFirst().traceparent()).orElseThrow();
        assertThat(received.traceId()).isEqualTo(traceId);
        assertThat(received.spanId()).isNotEqualTo(SENDERS_SPAN);

        // And every audit entry the event caused, at intake and at delivery, carries the trace id, hashed
        await().atMost(WITHIN)
                .until(() -> audit.ofTrace(traceId, 100).stream()
                        .anyMatch(e -> e.action().equals("quality.batch.blocked")));
        List<AuditEntry> traced = audit.ofTrace(traceId, 100);
        assertThat(traced).allSatisfy(e -> assertThat(e.traceId()).isEqualTo(traceId));
        assertThat(traced).extracting(AuditEntry::action).contains("quality.batch.blocked");
        assertThat(traced).allSatisfy(e -> assertThat(audit.check(e)).isEmpty());
        assertThat(audit.verify().valid()).isTrue();

        // And the stored event and the batch's work carried the trace
        assertThat(jdbc.sql("SELECT traceparent FROM quality_inbound_event WHERE traceparent LIKE ?")
                        .param("00-" + traceId + "-%")
                        .query(String.class)
                        .list())
                .hasSize(1);

        // And the API lists every step: received, planned, the calls to the ERP with their answers, the entries
        JsonNode steps = json(get("/api/v1/traces/" + traceId)).path("steps");
        assertThat(kinds(steps)).contains("intake", "plan", "call", "audit");
        JsonNode intake = first(steps, "intake");
        assertThat(intake.path("outcome").asString()).isEqualTo("202");
        assertThat(intake.path("name").asString()).isEqualTo("POST /api/v1/hooks/trackwise");
        assertThat(steps.values()).anySatisfy(s -> {
            assertThat(s.path("kind").asString()).isEqualTo("call");
            assertThat(s.path("name").asString()).contains("POST").contains("A_MaterialDocumentHeader");
            assertThat(s.path("outcome").asString()).isEqualTo("201");
            assertThat(s.path("subject").asString()).isEqualTo(received.spanId());
            assertThat(s.path("durationMs").isNumber()).isTrue();
        });
        assertThat(Instant.parse(steps.get(0).path("at").asString()))
                .isBeforeOrEqualTo(
                        Instant.parse(steps.get(steps.size() - 1).path("at").asString()));
    }

    @Verifies("URS-INT-276")
    @Test
    void anInvalidTraceparentIsNeverARefusalTheEventIsGivenATraceOfItsOwn() throws Exception {
        NcLot lot = NcLot.inStock(sandbox(), "QGT", "B1", 40);
        String material = lot.material();

        HttpResponse<String> answer = lot.nc(http, port, clock.instant(), "Opened", null, "00-NOT-A-TRACE-01");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        await().atMost(WITHIN).until(() -> lot.stock(StockType.BLOCKED) == 40);
        String stored = jdbc.sql("SELECT traceparent FROM quality_inbound_event WHERE record_id = ?")
                .param("a0N" + material)
                .query(String.class)
                .single();
        String own = TraceParent.parse(stored).orElseThrow().traceId();
        assertThat(sandbox().sideEffects().all())
                .filteredOn(e -> e.detail().contains(material))
                .allSatisfy(e -> assertThat(e.traceparent()).contains(own));
    }

    @Verifies("URS-INT-279")
    @Test
    void anHrisWebhooksStoredEventAndItsLedgerEntriesCarryItsTrace() throws Exception {
        String person = newPerson("BSL");
        String traceId = TraceParent.start().traceId();

        HttpResponse<String> answer = hookUnderTrace(
                certification(person, "WD-CERT-1001").json(), "00-" + traceId + "-" + SENDERS_SPAN + "-00");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String eventId = json(answer).path("eventId").asString();
        assertThat(json(get("/api/v1/inbound-events/" + eventId))
                        .path("traceId")
                        .asString())
                .isEqualTo(traceId);
        assertThat(audit.ofTrace(traceId, 100))
                .extracting(AuditEntry::employeeId)
                .isNotEmpty()
                .containsOnly(person);
    }

    @Verifies("URS-INT-276")
    @Test
    void aTraceIsAskedForByItsIdAMalformedIdIsAProblemNamingTheField() {
        HttpResponse<String> malformed = get("/api/v1/traces/not-a-trace");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(malformed.body()).contains("traceId");

        assertThat(get("/api/v1/traces/" + TraceParent.start().traceId()).statusCode())
                .isEqualTo(404);
    }

    private static List<String> kinds(JsonNode steps) {
        return steps.values().stream().map(s -> s.path("kind").asString()).toList();
    }

    private static JsonNode first(JsonNode steps, String kind) {
        return steps.values().stream()
                .filter(s -> s.path("kind").asString().equals(kind))
                .findFirst()
                .orElseThrow();
    }
}
