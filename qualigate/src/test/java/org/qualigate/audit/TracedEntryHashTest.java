package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entry's trace id is inside its hashed content when it has one (decision 0065): the hash is that of the canonical
 * object with a thirteenth member {@code traceId}, and an entry without a trace hashes exactly as before.
 */
class TracedEntryHashTest {

    private static final Instant AT = Instant.parse("2026-12-06T08:00:00.123456Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Verifies("URS-AUD-275")
    @Test
    void hashesTheTraceIdAsAThirteenthMemberOfTheCanonicalObject() {
        ObjectNode n = objectForm();
        n.put("traceId", TRACE);
        String expected = CanonicalJson.sha256Hex(CanonicalJson.canonicalize(n));

        assertThat(content(TRACE).hash(7, AuditTrail.GENESIS)).isEqualTo(expected);
    }

    @Verifies("URS-AUD-275")
    @Test
    void anEntryWithoutATraceHashesAsEveryEntryDidBeforeTracesWereRecorded() {
        String expected = CanonicalJson.sha256Hex(CanonicalJson.canonicalize(objectForm()));

        assertThat(content(null).hash(7, AuditTrail.GENESIS)).isEqualTo(expected);
    }

    @Verifies("URS-AUD-275")
    @Test
    void aChangedOrRemovedTraceIdNoLongerMatchesTheHash() {
        String sealed = content(TRACE).hash(7, AuditTrail.GENESIS);

        assertThat(content("4bf92f3577b34da6a3ce929d0e0e4737").hash(7, AuditTrail.GENESIS))
                .isNotEqualTo(sealed);
        assertThat(content(null).hash(7, AuditTrail.GENESIS)).isNotEqualTo(sealed);
    }

    private static EntryContent content(String traceId) {
        return new EntryContent(
                AT,
                "source:trackwise",
                "quality.batch.blocked",
                "quality-batch",
                "MAT-1/B-1",
                null,
                null,
                "{\"desired\": \"BLOCKED\"}",
                "NC-1 holds it",
                "c0ffee",
                traceId);
    }

    private static ObjectNode objectForm() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("seq", 7);
        n.put("occurredAt", AT.toString());
        n.put("actor", "source:trackwise");
        n.put("action", "quality.batch.blocked");
        n.put("entityType", "quality-batch");
        n.put("entityId", "MAT-1/B-1");
        n.set("employeeId", f.nullNode());
        n.set("old", f.nullNode());
        n.set("new", f.objectNode().put("desired", "BLOCKED"));
        n.put("reason", "NC-1 holds it");
        n.put("correlationId", "c0ffee");
        n.put("prevHash", AuditTrail.GENESIS);
        return n;
    }
}
