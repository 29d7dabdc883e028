package org.qualigate.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class AlertRulesTest {

    static final Instant MAILED = Instant.parse("2026-12-01T08:00:00Z");
    static final AlertRules.Rule HOURLY = new AlertRules.Rule(true, 1, Duration.ofHours(1), List.of(), "configured");

    @Verifies("URS-BCP-320")
    @Test
    void anOpenAlertIsUpdatedOnlyWhenItsCountGrewAndTheIntervalHasPassedSinceTheLastMail() {
        assertThat(HOURLY.updateDue(12, 10, MAILED, MAILED.plus(Duration.ofMinutes(59))))
                .isFalse();
        assertThat(HOURLY.updateDue(12, 10, MAILED, MAILED.plus(Duration.ofHours(1))))
                .isTrue();
        assertThat(HOURLY.updateDue(10, 10, MAILED, MAILED.plus(Duration.ofDays(1))))
                .as("nothing new since the last mail: no update however long it has been")
                .isFalse();
    }

    @Test
    void everyKindHasItsFourParametersUnderAlertDotKind() {
        assertThat(AlertRules.parameters())
                .hasSize(AlertRules.KINDS.size() * 4)
                .contains(
                        "alert.target.open-after",
                        "alert.batch.recipient-roles",
                        "alert.room.update-every",
                        "alert.source.enabled");
    }
}
