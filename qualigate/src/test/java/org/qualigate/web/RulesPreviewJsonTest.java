package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.access.ImpactPreview;
import org.qualigate.policy.RoleName;
import org.qualigate.support.AnswerFixtures;
import org.qualigate.validation.Verifies;

/** The answer of {@code POST /api/v1/rules/preview}, written by the service's mapper: kept here as text. */
class RulesPreviewJsonTest {

    private static final Instant AT = AnswerFixtures.AT;
    private static final Instant LATER = AnswerFixtures.LATER;

    @Verifies("URS-INT-260")
    @Test
    void aRulesPreviewCountsTheChangesTellsEachAsItsViewAndSaysItWasNotApplied() {
        RoleName role = RoleName.of("BSL.OPERATOR");
        var impact = new ImpactPreview.Impact(
                AT,
                "3",
                "4",
                12,
                List.of(
                        new ImpactPreview.Change(
                                "E1", "BSL", role, ImpactPreview.Kind.GAIN, AT, null, LATER, "GMP-1 held", null),
                        new ImpactPreview.Change(
                                "E2", "BSL", role, ImpactPreview.Kind.LOSS, AT, LATER, null, "GMP-1 missing", null)));

        assertThat(AnswerFixtures.SERVICE.writeValueAsString(RulesController.answer(impact)))
                .isEqualTo("{\"at\":\"2026-12-07T08:00:00Z\",\"currentVersion\":\"3\",\"proposedVersion\":\"4\","
                        + "\"activePeople\":12,\"gains\":1,\"losses\":1,\"endsMoved\":0,\"changes\":[{\"employeeId\":"
                        + "\"E1\",\"site\":\"BSL\",\"role\":\"BSL.OPERATOR\",\"kind\":\"GAIN\",\"when\":"
                        + "\"2026-12-07T08:00:00Z\",\"proposedUntil\":\"2026-12-07T08:00:01.250Z\",\"basis\":\"GMP-1"
                        + " held\"},{\"employeeId\":\"E2\",\"site\":\"BSL\",\"role\":\"BSL.OPERATOR\",\"kind\":\"LOSS\","
                        + "\"when\":\"2026-12-07T08:00:00Z\",\"currentUntil\":\"2026-12-07T08:00:01.250Z\",\"basis\":"
                        + "\"GMP-1 missing\"}],\"applied\":false}");
    }
}
