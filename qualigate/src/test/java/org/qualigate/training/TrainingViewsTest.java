package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The training module's answers written by the service's mapper (values and contents {@code non_null}) and by one
 * with Jackson's defaults: the same fields, order and nulls as the maps they replaced.
 */
class TrainingViewsTest {

    @Verifies("URS-INT-260")
    @Test
    void aSitesModeNamesItsDefaultAndLeavesOutAChangeNotMade() {
        var changed = new TrainingModes.SiteMode("BSL", TrainingModes.Mode.ENFORCE, false, "user:qa", "go live", AT);
        var untouched = new TrainingModes.SiteMode("ZRH", TrainingModes.Mode.OBSERVE, true, null, null, null);

        assertThat(SERVICE.writeValueAsString(changed.view()))
                .isEqualTo("{\"site\":\"BSL\",\"mode\":\"enforce\",\"default\":false,\"changedBy\":\"user:qa\","
                        + "\"reason\":\"go live\",\"changedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(SERVICE.writeValueAsString(untouched.view()))
                .isEqualTo("{\"site\":\"ZRH\",\"mode\":\"observe\",\"default\":true}");
        assertThat(DEFAULTS.writeValueAsString(untouched.view()))
                .isEqualTo("{\"site\":\"ZRH\",\"mode\":\"observe\",\"default\":true,\"changedBy\":null,"
                        + "\"reason\":null,\"changedAt\":null}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aConflictShowsBothVersionsItsStateAndItsSignaturesLast() {
        java.util.Map<String, Object> hris = new java.util.LinkedHashMap<>();
        hris.put("source", "HRIS");
        hris.put("completedOn", "2026-11-19");
        var open = new TrainingConflicts.Conflict(
                java.util.UUID.fromString("00000000-0000-0000-0000-000000000007"),
                "E1",
                "BSL",
                "GMP-1",
                "WD-GMP-1",
                hris,
                java.util.Map.of("source", "QMS"),
                "completedOn",
                AT,
                null,
                null,
                null,
                null);
        var resolved = new TrainingConflicts.Conflict(
                open.id(),
                "E1",
                "BSL",
                "GMP-1",
                "WD-GMP-1",
                hris,
                java.util.Map.of("source", "QMS"),
                "completedOn",
                AT,
                TrainingConflicts.Resolution.KEEP_QMS,
                "user:qa",
                "the QMS is right",
                AT);

        var before = open.view(java.util.List.of());
        assertThat(SERVICE.writeValueAsString(before))
                .isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000007\",\"state\":\"OPEN\",\"employeeId\":\"E1\","
                        + "\"site\":\"BSL\",\"courseCode\":\"GMP-1\",\"code\":\"WD-GMP-1\",\"hris\":{\"source\":"
                        + "\"HRIS\",\"completedOn\":\"2026-11-19\"},\"qms\":{\"source\":\"QMS\"},\"differences\":"
                        + "\"completedOn\",\"detectedAt\":\"2026-12-07T08:00:00Z\",\"signatures\":[]}");
        var after = resolved.view(java.util.List.of());
        assertThat(SERVICE.writeValueAsString(after))
                .isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000007\",\"state\":\"RESOLVED\",\"employeeId\":"
                        + "\"E1\",\"site\":\"BSL\",\"courseCode\":\"GMP-1\",\"code\":\"WD-GMP-1\",\"hris\":{\"source\":"
                        + "\"HRIS\",\"completedOn\":\"2026-11-19\"},\"qms\":{\"source\":\"QMS\"},\"differences\":"
                        + "\"completedOn\",\"detectedAt\":\"2026-12-07T08:00:00Z\",\"resolution\":\"KEEP_QMS\","
                        + "\"resolvedBy\":\"user:qa\",\"reason\":\"the QMS is right\",\"resolvedAt\":"
                        + "\"2026-12-07T08:00:00Z\",\"signatures\":[]}");
    }
}
