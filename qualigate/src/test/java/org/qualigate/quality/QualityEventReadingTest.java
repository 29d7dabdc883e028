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
            "\"eventId\":\"evt_1\",\"recordId\":\"a0N1\",\"recordName\":\"NC-2026-000001\","
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
                + "\"lastModifiedAt\":\"2026-12-06T10:00:00Z\",\"status\":\"Opened\"}");
        var halfLot = read("{\"type\":\"nonconformance.opened\",\"schemaVersion\":1," + COMMON
                + ",\"material\":\"M1\",\"plant\":\"CH10\"}");

        assertThat(((QualityEventReading.Refused) noName).field()).isEqualTo("recordName");
        assertThat(((QualityEventReading.Refused) halfLot).field()).isEqualTo("batch");
    }

    @Test
    void eventsOfOtherTypesAreKeptAsReceived() {
        var r = read("{\"type\":\"capa.opened\",\"schemaVersion\":1,\"recordId\":\"a0C1\"}");

        assertThat(r).isInstanceOf(QualityEventReading.Kept.class);
        assertThat(((QualityEventReading.Kept) r).reason()).contains("not acted on yet");
    }
}
