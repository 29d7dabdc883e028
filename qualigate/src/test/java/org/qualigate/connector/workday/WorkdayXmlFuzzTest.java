package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;
import org.qualigate.connector.SourceRecord;
import org.qualigate.validation.Verifies;

/**
 * Fuzzing of Workday's XML: an outbound message (the same worker XML as a Get_Workers page) of any bytes
 * gives records or one unreadable record that keeps the body — never an exception, never an empty answer.
 */
class WorkdayXmlFuzzTest {

    @Verifies({"URS-INT-003", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyMessageGivesRecordsOrOneUnreadableRecordKeepingTheBody(byte @NotNull [] body) {
        List<SourceRecord> records = WorkdayOutboundMessage.read(body, 1);

        assertThat(records).isNotEmpty();
        for (SourceRecord r : records) {
            assertThat(r.key()).isNotBlank();
            if (r.problem() != null) {
                assertThat(r.problem().reason()).isNotBlank();
            }
        }
    }

    @Verifies({"URS-INT-003", "URS-DI-003"})
    @FuzzTest(maxDuration = "10s")
    void aDayIsReadOnlyFromAnXsdDate(@NotNull String text) {
        WorkerXml.day(text)
                .ifPresent(day -> assertThat(java.time.LocalDate.parse(day)).isNotNull());
    }
}
