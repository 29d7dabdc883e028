package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of outcome sent out: a reverse-DNS, versioned type, a subject per batch, recall or CAPA, and data that
 * its own JSON Schema (the file its {@code dataschema} names) accepts.
 */
class OutcomeEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Lot LOT = new Lot("MAT-1", "CH10", "B1");

    @Verifies("URS-INT-310")
    @Test
    void everyKindOfOutcomesDataIsAcceptedByTheSchemaItsDataschemaNames() throws Exception {
        for (OutcomeEvent e : everyKind()) {
            Schema schema = schema(e.type());
            JsonNode data = JSON.readTree(JSON.writeValueAsString(e.data()));

            assertThat(schema.validate(data)).as(e.type()).isEmpty();
            assertThat(e.dataschema()).isEqualTo(schemaId(e.type()));
        }
    }

    @Verifies("URS-INT-310")
    @Test
    void everyTypeIsReverseDnsAndVersionedAndEverySubjectNamesWhatItIsAbout() {
        assertThat(everyKind())
                .extracting(OutcomeEvent::type)
                .containsExactly(
                        "org.qualigate.quality.batch.blocked.v1",
                        "org.qualigate.quality.batch.released.v1",
                        "org.qualigate.quality.recall.step.done.v1",
                        "org.qualigate.quality.recall.completed.v1",
                        "org.qualigate.quality.recall.cancelled.v1",
                        "org.qualigate.quality.capa.escalated.v1")
                .allSatisfy(t -> assertThat(t).matches("^org\\.qualigate\\.quality(\\.[a-z]+)+\\.v[0-9]+$"));
        assertThat(everyKind())
                .extracting(OutcomeEvent::subject)
                .containsExactly(
                        "batch/MAT-1/B1",
                        "batch/MAT-1/B1",
                        "recall/RCL-1",
                        "recall/RCL-1",
                        "recall/RCL-1",
                        "capa/CAPA-1");
    }

    @Test
    void dataThatBreaksItsSchemaIsRefusedByIt() throws Exception {
        OutcomeEvent blocked = everyKind().getFirst();
        Map<String, Object> broken = new LinkedHashMap<>(blocked.data());
        broken.put("movementType", "343");
        broken.remove("batch");

        JsonNode data = JSON.readTree(JSON.writeValueAsString(broken));

        assertThat(schema(blocked.type()).validate(data)).hasSizeGreaterThanOrEqualTo(2);
    }

    private static List<OutcomeEvent> everyKind() {
        RecallRecord recall = new RecallRecord(
                "a1R1",
                "RCL-1",
                Instant.parse("2026-11-20T08:00:00Z"),
                "BSL",
                "MAT-1",
                "CH10",
                "B1",
                "B3",
                null,
                null,
                "II",
                "particulates",
                "Open",
                Instant.parse("2026-11-20T08:00:00Z"),
                null);
        CapaRecord capa = new CapaRecord(
                "a2C1",
                "CAPA-1",
                Instant.parse("2026-11-20T08:00:00Z"),
                "BSL",
                "NC-1",
                "corrective action",
                "E10001",
                "owner@plant.example",
                "E10002",
                "manager@plant.example",
                LocalDate.parse("2026-12-01"),
                "Open",
                null);
        return List.of(
                OutcomeEvent.batchMoved(LOT, true, "s4hana", "4900000001", "2026", "40 EA", "NC-1 holds it", false),
                OutcomeEvent.batchMoved(LOT, false, "s4hana", "4900000002", "2026", "40 EA", "released", true),
                OutcomeEvent.recallStepDone(recall, "plan", "planned", List.of("B1", "B2")),
                OutcomeEvent.recallCompleted(recall, "RR-1", List.of("B1", "B2"), "reported"),
                OutcomeEvent.recallCancelled(recall, Map.of("B1", "RELEASED")),
                OutcomeEvent.capaEscalated(capa, 1, "jira QA-1", "escalated because due 2026-12-01 passed"));
    }

    private static Schema schema(String type) throws Exception {
        try (InputStream in = OutcomeEventTest.class.getClassLoader().getResourceAsStream(file(type))) {
            assertThat(in).as(file(type)).isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
    }

    private static String schemaId(String type) throws Exception {
        try (InputStream in = OutcomeEventTest.class.getClassLoader().getResourceAsStream(file(type))) {
            return JSON.readTree(in).path("$id").asString();
        }
    }

    private static String file(String type) {
        return "outbound-events/" + type + ".schema.json";
    }
}
