package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class QualityEventReadingTest {

    private static QualityEventReading read(String json) {
        return QualityEventReading.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String COMMON =
            "\"eventId\":\"evt_1\",\"occurredAt\":\"2026-12-06T10:00:00Z\",\"recordId\":\"a0N1\","
                    + "\"recordName\":\"NC-2026-000001\","
                    + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\",\"site\":\"BSL\",\"status\":\"Opened\","
                    + "\"disposition\":null,\"blockStock\":true,\"openedAt\":\"2026-12-06T10:00:00Z\",\"closedAt\":null";

    @Verifies("URS-QEV-129")
    @Test
    void versionOneIsUpcastToTheSameRecordAsVersionTwo() {
        var v1 = (QualityEventReading.Nonconformance) read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":1,"
                + COMMON + ",\"material\":\"M1\",\"plant\":\"CH10\",\"batch\":\"B1\",\"severity\":\"Major\"}");
        var v2 = (QualityEventReading.Nonconformance) read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":2,"
                + COMMON + ",\"lot\":{\"material\":\"M1\",\"plant\":\"CH10\",\"batch\":\"B1\"},"
                + "\"classification\":\"MAJOR\"}");

        assertThat(v1.record()).isEqualTo(v2.record());
        assertThat(v1.record().severity()).isEqualTo("Major");
    }

    @Verifies("URS-QEV-129")
    @Test
    void anUnknownVersionIsKeptForReviewNotGuessed() {
        var r = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":3," + COMMON + "}");

        assertThat(r).isInstanceOf(QualityEventReading.Kept.class);
        assertThat(((QualityEventReading.Kept) r).field()).isEqualTo("schemaVersion");
    }

    @Verifies("URS-QEV-121")
    @Test
    void aMissingFieldOrAHalfLotIsRefusedNamingTheField() {
        var noName = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":1,\"recordId\":\"x\","
                + "\"eventId\":\"evt_2\",\"occurredAt\":\"2026-12-06T10:00:00Z\","
                + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\",\"status\":\"Opened\"}");
        var halfLot = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":1," + COMMON
                + ",\"material\":\"M1\",\"plant\":\"CH10\"}");

        assertThat(((QualityEventReading.Refused) noName).field()).isEqualTo("recordName");
        assertThat(((QualityEventReading.Refused) halfLot).field()).isEqualTo("batch");
    }

    @Verifies("URS-QEV-129")
    @Test
    void anEventThatBreaksItsSchemaIsRefusedNamingTheFieldOfItsVersion() {
        var lotWithoutBatch = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":2," + COMMON
                + ",\"lot\":{\"material\":\"M1\",\"plant\":\"CH10\"},\"classification\":\"MAJOR\"}");
        var blockAsText = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":1,"
                + COMMON.replace("\"blockStock\":true", "\"blockStock\":\"yes\"")
                + ",\"material\":\"M1\",\"plant\":\"CH10\",\"batch\":\"B1\",\"severity\":\"Major\"}");
        var v1SeverityInV2 = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":2," + COMMON
                + ",\"lot\":null,\"classification\":\"Major\"}");

        assertThat(((QualityEventReading.Refused) lotWithoutBatch).field()).isEqualTo("lot.batch");
        assertThat(((QualityEventReading.Refused) blockAsText).field()).isEqualTo("blockStock");
        assertThat(((QualityEventReading.Refused) v1SeverityInV2).field()).isEqualTo("classification");
    }

    @Test
    void capaEventsAreReadAndOtherTypesAreCheckedAgainstTheirSchema() {
        var capa = read("{\"type\":\"capa.opened\",\"schemaVersion\":1,\"eventId\":\"evt_3\","
                + "\"occurredAt\":\"2026-12-06T10:00:00Z\",\"source\":\"trackwise-digital\",\"recordId\":\"a0C1\","
                + "\"recordName\":\"CAPA-2026-000001\",\"lastModifiedAt\":\"2026-12-06T10:00:00Z\","
                + "\"dueDate\":\"2026-12-20\",\"status\":\"Opened\",\"escalationLevel\":0}");
        var capaWithoutStatus = read("{\"type\":\"capa.opened\",\"schemaVersion\":1,\"eventId\":\"evt_4\","
                + "\"occurredAt\":\"2026-12-06T10:00:00Z\",\"recordId\":\"a0C1\",\"recordName\":\"CAPA-1\","
                + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\"}");
        var recall = read("{\"type\":\"recall.opened\",\"schemaVersion\":1,\"eventId\":\"evt_5\","
                + "\"occurredAt\":\"2026-12-06T10:00:00Z\",\"recordId\":\"a0R1\",\"recordName\":\"RCL-1\","
                + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\",\"status\":\"Opened\",\"recallClass\":\"II\"}");
        var unknownType = read("{\"type\":\"audit.opened\",\"schemaVersion\":1}");

        assertThat(capa).isInstanceOf(QualityEventReading.Capa.class);
        assertThat(((QualityEventReading.Capa) capa).record().dueDate())
                .isEqualTo(java.time.LocalDate.parse("2026-12-20"));
        assertThat(((QualityEventReading.Refused) capaWithoutStatus).field()).isEqualTo("status");
        assertThat(((QualityEventReading.Refused) recall).field()).isEqualTo("material");
        assertThat(((QualityEventReading.Kept) unknownType).field()).isEqualTo("type");
    }

    @Verifies("URS-QEV-247")
    @Test
    void aRecallIsReadWithItsBatchRangeAndOneWithoutAUsableRangeIsRefusedNamingTheField() {
        String head = "{\"type\":\"recall.opened\",\"schemaVersion\":1,\"eventId\":\"evt_6\","
                + "\"occurredAt\":\"2026-12-06T10:00:00Z\",\"recordId\":\"a1R1\",\"recordName\":\"RCL-1\","
                + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\",\"status\":\"Opened\",\"recallClass\":\"II\","
                + "\"material\":\"M-1\",\"plant\":\"CH10\",";
        var recall = read(head + "\"firstBatch\":\"B9\",\"lastBatch\":\"B12\",\"manufacturedFrom\":\"2026-10-01\"}");
        var reversed = read(head + "\"firstBatch\":\"B12\",\"lastBatch\":\"B9\"}");
        var noRange = read(head + "\"firstBatch\":\"B1\"}");
        var badDate = read(head + "\"firstBatch\":\"B1\",\"lastBatch\":\"B2\",\"manufacturedTo\":\"31.10.2026\"}");

        RecallRecord r = ((QualityEventReading.Recall) recall).record();
        assertThat(r.covers("B10")).isTrue();
        assertThat(r.covers("B8")).isFalse();
        assertThat(r.covers("B13")).isFalse();
        assertThat(r.scope()).isEqualTo("product M-1 batches B9..B12 made 2026-10-01..");
        assertThat(((QualityEventReading.Refused) reversed).field()).isEqualTo("lastBatch");
        assertThat(((QualityEventReading.Refused) noRange).field()).isEqualTo("lastBatch");
        assertThat(((QualityEventReading.Refused) badDate).field()).isEqualTo("manufacturedTo");
    }
}
