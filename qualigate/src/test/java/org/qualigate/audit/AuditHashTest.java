package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry hash written directly in member order is the hash of decision 0002's canonical JSON object, as
 * it was computed before the sealer existed (an object node canonicalized by {@link CanonicalJson}): entries
 * chained before and after verify the same way.
 */
class AuditHashTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Verifies("URS-AUD-004")
    @Test
    void hashesAnEntryLikeTheCanonicalObjectOfItsTwelveMembers() {
        assertSameAsObjectForm(
                1,
                Instant.parse("2026-11-20T08:00:00.123456789Z"),
                "source:hris",
                "qualification.recorded",
                "qualification",
                "0b7c0d8e-5f7e-4a57-b1a5-7f0e3f0bd0a1",
                "E1001",
                null,
                "{\"code\": \"GMP-BASIC\", \"level\": 1, \"expiresAt\": null, \"rate\": 72.72727, \"big\": 1e21,"
                        + " \"nested\": {\"z\": [1, 2.50, \"€\"], \"a\": true}}",
                "hris record R-1 v1: GMP-BASIC completed",
                "c0ffee",
                AuditTrail.GENESIS);
        assertSameAsObjectForm(
                9_007_199_254_740_991L,
                Instant.parse("2026-11-20T08:00:00Z"),
                "an \"actor\"\twith\\escapes\u0001",
                "a",
                "b",
                "c",
                null,
                "[]",
                "\"just text\"",
                null,
                null,
                "f".repeat(64));
    }

    @Verifies("URS-AUD-004")
    @Property(tries = 300)
    void anyEntryHashesLikeItsCanonicalObject(
            @ForAll @LongRange(min = 1, max = 1L << 52) long seq,
            @ForAll("texts") String actor,
            @ForAll("texts") String reason,
            @ForAll("values") String oldJson,
            @ForAll("values") String newJson) {
        assertSameAsObjectForm(
                seq,
                Instant.ofEpochSecond(1_700_000_000L + seq % 100_000_000L, seq % 1_000_000_000L),
                actor,
                "qualification.updated",
                "qualification",
                reason,
                reason.isEmpty() ? null : reason,
                oldJson,
                newJson,
                reason,
                actor,
                AuditTrail.GENESIS);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .all()
                .ofMaxLength(20)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                texts().map(t -> JSON.writeValueAsString(t)),
                Arbitraries.of("true", "false", "null", "1e-7", "1.0", "-0", "123456789012345678901234567890"));
        return Arbitraries.oneOf(
                scalars,
                Arbitraries.maps(texts(), scalars).ofMaxSize(5).map(m -> {
                    StringBuilder b = new StringBuilder("{");
                    m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "")
                            .append(JSON.writeValueAsString(k))
                            .append(": ")
                            .append(v));
                    return b.append('}').toString();
                }),
                scalars.list().ofMaxSize(4).map(l -> "[" + String.join(", ", l) + "]"));
    }

    private static void assertSameAsObjectForm(
            long seq,
            Instant at,
            String actor,
            String action,
            String entityType,
            String entityId,
            @Nullable String employeeId,
            @Nullable String oldJson,
            @Nullable String newJson,
            @Nullable String reason,
            @Nullable String correlationId,
            String prevHash) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("seq", seq);
        n.put("occurredAt", at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
        n.put("actor", actor);
        n.put("action", action);
        n.put("entityType", entityType);
        n.put("entityId", entityId);
        n.set("employeeId", employeeId == null ? f.nullNode() : f.textNode(employeeId));
        n.set("old", oldJson == null ? f.nullNode() : parse(oldJson));
        n.set("new", newJson == null ? f.nullNode() : parse(newJson));
        n.set("reason", reason == null ? f.nullNode() : f.textNode(reason));
        n.set("correlationId", correlationId == null ? f.nullNode() : f.textNode(correlationId));
        n.put("prevHash", prevHash);
        String expected = CanonicalJson.sha256Hex(CanonicalJson.canonicalize(n));

        EntryContent content = new EntryContent(
                at, actor, action, entityType, entityId, employeeId, oldJson, newJson, reason, correlationId);
        assertThat(content.hash(seq, prevHash)).isEqualTo(expected);
    }

    private static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
