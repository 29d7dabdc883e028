package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.events.EventSink;
import org.qualigate.support.QualigateIT;
import org.qualigate.trace.TraceParent;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Quality outcomes as CloudEvents (decision 0073), as the sandbox's subscriber sees them: a non-conformance that blocks
 * its batch in the ERP yields one event at the sink, with the attributes CloudEvents 1.0 asks for and the NC's trace;
 * a sink that fails and then takes events without answering still ends with each event once, in order per subject,
 * every repeat carrying the same id — counted from the sink's own log, not from the service's view.
 */
class CloudEventsOutIT extends QualigateIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String BLOCKED = "org.qualigate.quality.batch.blocked.v1";
    private static final String RELEASED = "org.qualigate.quality.batch.released.v1";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditTrail audit;

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Verifies({"URS-INT-310", "URS-INT-311"})
    @Test
    void anNcBlockingABatchYieldsOneCloudEventAtTheSinkWithTheAttributesTheSpecificationAsks() throws Exception {
        // Given a batch in unrestricted stock, and a QMS that sends its NC under a trace of its own
        NcLot lot = NcLot.inStock(sandbox(), "QGC", "B1", 40);
        String material = lot.material();
        String traceId = TraceParent.start().traceId();

        // When the NC arrives and blocks the batch in the ERP
        HttpResponse<String> answer =
                lot.nc(http, port, clock.instant(), "Opened", null, "00-" + traceId + "-00f067aa0ba902b7-01");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        await().atMost(WITHIN).until(() -> lot.stock(StockType.BLOCKED) == 40);

        // Then the sink receives one event about the batch, once
        String subject = "batch/" + material + "/B1";
        await().atMost(WITHIN).until(() -> !received(subject).isEmpty());
        List<EventSink.Received> received = received(subject);
        assertThat(received).hasSize(1);
        JsonNode e = received.getFirst().event();
        assertThat(sink().receipts(received.getFirst().id())).isEqualTo(1);

        // with every required attribute and the optional ones the outcome has
        assertThat(e.path("specversion").asString()).isEqualTo("1.0");
        assertThat(UUID.fromString(e.path("id").asString())).isNotNull();
        assertThat(e.path("source").asString()).isEqualTo("/qualigate/test-plant");
        assertThat(e.path("type").asString()).isEqualTo(BLOCKED);
        assertThat(e.path("subject").asString()).isEqualTo(subject);
        assertThat(OffsetDateTime.parse(e.path("time").asString()).getOffset().getTotalSeconds())
                .isZero();
        assertThat(e.path("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(e.path("dataschema").asString()).endsWith("/org.qualigate.quality.batch.blocked.v1.schema.json");
        assertThat(e.path("data").path("material").asString()).isEqualTo(material);
        assertThat(e.path("data").path("movementType").asString()).isEqualTo("344");
        assertThat(e.path("data").path("materialDocument").asString()).isNotBlank();
        // and the trace of the NC that caused it, as the Distributed Tracing extension carries it
        assertThat(TraceParent.parse(e.path("traceparent").asString())
                        .orElseThrow()
                        .traceId())
                .isEqualTo(traceId);

        // And the sink logged it once; the outbox row is sent, and its sending is audited under the event's id
        assertThat(receives(subject)).hasSize(1);
        String id = e.path("id").asString();
        // (the sink answers before the sender records the answer: both are awaited)
        await().atMost(WITHIN).until(() -> delivered(subject) == 1);
        assertThat(outbox(subject)).containsExactly(id);
        await().atMost(WITHIN)
                .until(() ->
                        audit.count(new AuditQuery(null, "event", id, "quality.event.delivered", null, null, 0, 1), 10)
                                == 1);
    }

    @Verifies("URS-INT-311")
    @Test
    void aSinkFailingThenTakingEventsWithoutAnsweringStillGetsEachEventOnceInOrderWithTheSameIds() throws Exception {
        NcLot lot = NcLot.inStock(sandbox(), "QGC", "B1", 40);
        String material = lot.material();
        String subject = "batch/" + material + "/B1";

        // Given a sink that answers 503 to everything
        sandbox().faults().inject(Fault.error("events", "POST /cloudevents", 503, Fault.UNTIL_CLEARED));

        // When an NC blocks the batch and its closure with release gives it back
        assertThat(lot.nc(http, port, clock.instant(), "Opened", null, null).statusCode())
                .isEqualTo(202);
        await().atMost(WITHIN).until(() -> lot.stock(StockType.BLOCKED) == 40);
        assertThat(lot.nc(http, port, clock.instant(), "Closed - Done", "Release", null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(WITHIN).until(() -> lot.stock(StockType.UNRESTRICTED) == 40);

        // Then both outcomes wait in the outbox, the first tried again and again, the second behind it
        await().atMost(WITHIN).until(() -> outbox(subject).size() == 2 && attempts(subject) >= 2);
        List<String> ids = outbox(subject);
        assertThat(received(subject)).isEmpty();

        // When the sink takes events but its answers are lost
        sandbox().faults().clear();
        sandbox()
                .faults()
                .inject(Fault.commitThenTimeout("events", "POST /cloudevents", Fault.UNTIL_CLEARED)
                        .withDelay(Duration.ofSeconds(3)));
        // (each lost answer costs the sender its call's timeout and a backoff; other tests' events share the
        // sender, so this waits for the state, however long the machine takes)
        await().atMost(Duration.ofMinutes(3)).until(() -> sink().receipts(ids.getFirst()) >= 2);

        // and then recovers
        sandbox().faults().clear();
        await().atMost(Duration.ofMinutes(3)).until(() -> delivered(subject) == 2);

        // Then the sink holds each event once, blocked before released, with the ids the outbox gave them
        List<EventSink.Received> received = received(subject);
        assertThat(received).extracting(EventSink.Received::type).containsExactly(BLOCKED, RELEASED);
        assertThat(received).extracting(EventSink.Received::id).containsExactlyElementsOf(ids);
        // the first was posted more than once, always with its own id: no event lost, none taken twice
        int posts = sink().receipts(ids.get(0)) + sink().receipts(ids.get(1));
        assertThat(sink().receipts(ids.getFirst())).isGreaterThanOrEqualTo(2);
        assertThat(posts).isGreaterThan(received.size());
        assertThat(receives(subject)).hasSize(2);
    }

    private EventSink sink() {
        return sandbox().quality().eventSink();
    }

    private List<EventSink.Received> received(String subject) {
        return sink().events().stream().filter(r -> subject.equals(r.subject())).toList();
    }

    /** The sink's own log of the events it took about the subject. */
    private List<SideEffect> receives(String subject) {
        return sandbox().sideEffects().all().stream()
                .filter(s -> s.target().equals("events")
                        && s.operation().equals("event.receive")
                        && s.detail().contains("subject=" + subject + " "))
                .toList();
    }

    private List<String> outbox(String subject) {
        return jdbc.sql("SELECT event_id::text FROM quality_outbound_event WHERE subject = ? ORDER BY seq")
                .param(subject)
                .query(String.class)
                .list();
    }

    private int attempts(String subject) {
        return jdbc.sql("SELECT attempts FROM quality_outbound_event WHERE subject = ? ORDER BY seq LIMIT 1")
                .param(subject)
                .query(Integer.class)
                .single();
    }

    private int delivered(String subject) {
        return jdbc.sql("SELECT count(*) FROM quality_outbound_event WHERE subject = ? AND delivered_at IS NOT NULL")
                .param(subject)
                .query(Integer.class)
                .single();
    }
}
