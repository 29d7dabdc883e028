package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The directory sync's log line names every reason workers were set aside for, each with its count, in one order
 * whatever order the workers came in.
 */
class DirectorySyncReasonsTest {

    @Verifies("URS-UI-494")
    @Test
    void everyReasonIsCountedAndTheLineIsTheSameInWhateverOrderTheWorkersCame() {
        List<Map<String, String>> rejected = new ArrayList<>(List.of(
                Map.of("employeeId", "E1", "reason", "status must be ACTIVE or TERMINATED"),
                Map.of("employeeId", "E2", "reason", "site is missing"),
                Map.of("employeeId", "E3", "reason", "site is missing"),
                Map.of("employeeId", "x", "reason", "employeeId is not a valid employee ID")));
        String expected = "1 × employeeId is not a valid employee ID; 2 × site is missing; "
                + "1 × status must be ACTIVE or TERMINATED";

        assertThat(DirectorySync.reasons(rejected)).isEqualTo(expected);
        Collections.reverse(rejected);
        assertThat(DirectorySync.reasons(rejected)).isEqualTo(expected);
    }
}
