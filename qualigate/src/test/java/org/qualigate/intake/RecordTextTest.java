package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.validation.Verifies;

/** A pulled or imported record with text that cannot be stored becomes an unreadable record naming its field. */
class RecordTextTest {

    @Verifies("URS-DI-034")
    @Test
    void aFieldWithANulMakesTheRecordUnreadableNamingTheFieldUnderAStorableKey() {
        SourceRecord pulled = SourceRecord.read(
                "TR-1\u0000@1", "{}".getBytes(StandardCharsets.UTF_8), "application/json", fields("TR-1\u0000"));

        SourceRecord checked = RecordText.checked(pulled);

        assertThat(checked.fields()).isNull();
        assertThat(checked.problem().field()).isEqualTo("sourceRecordId");
        assertThat(checked.problem().reason()).contains("U+0000");
        assertThat(checked.key()).startsWith("sha256:").doesNotContain("\u0000");
        assertThat(checked.raw()).isEqualTo(pulled.raw());
        assertThat(RecordText.checked(pulled).key())
                .as("the same record again: the same key")
                .isEqualTo(checked.key());
    }

    @Verifies("URS-DI-034")
    @Test
    void aCleanRecordIsLeftAsItIsAndAProblemQuotingThePayloadIsMadePrintable() {
        SourceRecord clean = SourceRecord.read("TR-2@1", new byte[0], "application/json", fields("TR-2"));
        assertThat(RecordText.checked(clean)).isSameAs(clean);

        SourceRecord drifted =
                SourceRecord.drifted("TR-3@1", new byte[0], "application/json", "new\u0001Field", "unknown member");
        SourceRecord checked = RecordText.checked(drifted);
        assertThat(checked.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(checked.problem().field()).isEqualTo("new\\u0001Field");
    }

    private static SourceRecord.CertificationFields fields(String sourceRecordId) {
        return new SourceRecord.CertificationFields(
                "certification.completed",
                "E10023",
                "WD-CERT-1001",
                "Aseptic gowning",
                1,
                "2026-11-19",
                null,
                sourceRecordId,
                1,
                "TC-0042",
                null);
    }
}
