package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzing of the webhook body parser: any bytes become either checked fields or a refusal naming a field,
 * never an exception (which would answer 500 instead of a problem naming the field).
 */
class WebhookBodyFuzzTest {

    @Verifies({"URS-INT-015", "URS-INT-002"})
    @FuzzTest(maxDuration = "10s")
    void anyBodyIsReadOrRefusedNamingAField(byte @NotNull [] body) {
        Object json = EventBody.json(body);
        if (json instanceof InvalidEvent refused) {
            assertThat(refused.field()).isEqualTo("body");
            return;
        }
        Object read = EventBody.read((JsonNode) json);
        if (read instanceof InvalidEvent refused) {
            assertThat(refused.field()).isNotBlank();
            assertThat(refused.reason()).isNotBlank();
            return;
        }
        EventBody event = (EventBody) read;
        assertThat(event.level()).isBetween(1, 9);
        assertThat(event.sourceVersion()).isPositive();
        assertThat(event.sourceRecordId()).hasSizeLessThanOrEqualTo(128);
    }

    // Found by fuzzing the body parser: Jackson 3's asInt()/asLong() throw on a number beyond the type's
    // range, so a level of 4294967297 ended the request with an exception instead of a problem naming the field.
    @Verifies({"URS-DI-004", "URS-INT-015"})
    @Test
    void aNumberBeyondTheRangeOfItsFieldIsRefusedNotWrapped() {
        String tooBigLevel =
                "{\"eventType\":\"certification.completed\",\"employeeId\":\"E1\",\"certificationId\":\"C\","
                        + "\"sourceRecordId\":\"R\",\"sourceVersion\":1,\"level\":4294967297,\"completedOn\":\"2026-11-19\"}";
        String tooBigVersion = tooBigLevel
                .replace("\"level\":4294967297", "\"level\":2")
                .replace("\"sourceVersion\":1", "\"sourceVersion\":18446744073709551617");

        assertThat(read(tooBigLevel))
                .isInstanceOf(InvalidEvent.class)
                .extracting("field")
                .isEqualTo("level");
        assertThat(read(tooBigVersion))
                .isInstanceOf(InvalidEvent.class)
                .extracting("field")
                .isEqualTo("sourceVersion");
        assertThat(read(tooBigVersion.replace("18446744073709551617", "7")))
                .isInstanceOf(EventBody.class)
                .extracting("level", "sourceVersion")
                .containsExactly(2, 7L);
    }

    private static Object read(String body) {
        return EventBody.read((JsonNode) EventBody.json(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
