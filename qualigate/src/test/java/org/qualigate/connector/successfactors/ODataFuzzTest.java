package org.qualigate.connector.successfactors;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import org.qualigate.connector.SourceRecord;
import org.qualigate.validation.Verifies;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fuzzing of SuccessFactors OData v2: {@code /Date(…)/} values and learning history records. */
class ODataFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Plausibility (1970–2200) is the caller's judgement (LearningHistory refuses an implausible date as
    // unreadable); the parser only reads the documented shape, whatever instant it names.
    @Verifies({"URS-INT-004", "URS-DI-003", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anODataDateIsReadOnlyFromItsDocumentedShape(@NotNull String text) {
        ODataDate.parse(text).ifPresent(at -> {
            assertThat(text.strip()).startsWith("/Date(").endsWith(")/");
            assertThat(text.strip()).contains(Long.toString(at.toEpochMilli()));
            assertThat(ODataDate.of(JSON.getNodeFactory().stringNode(text))).contains(at);
        });
    }

    @Verifies({"URS-INT-004", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyLearningHistoryRecordIsReadOrKeptWithItsProblem(@NotNull String record) {
        JsonNode json;
        try {
            json = JSON.readTree(record);
        } catch (JacksonException notJson) {
            return;
        }
        if (json == null) {
            return;
        }
        byte[] raw = record.getBytes(StandardCharsets.UTF_8);

        SourceRecord read = LearningHistory.read("E10023", json, raw, CompletionStatuses.DEFAULT);

        assertThat(read.key()).isNotBlank();
        if (read.problem() != null) {
            assertThat(read.problem().reason()).isNotBlank();
        }
    }
}
