package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.text.Sentence;
import org.qualigate.validation.Verifies;

class AlertCauseTest {

    @Test
    void aCauseIsKeptUnderItsKindAndSubject() {
        assertThat(AlertCause.target("mes").key()).isEqualTo("target:mes");
        assertThat(AlertCause.batch("MAT-1", "B7").key()).isEqualTo("batch:MAT-1/B7");
        assertThat(AlertCause.room("BSL-FILL-1").key()).isEqualTo("room:BSL-FILL-1");
        assertThat(AlertCause.source("workday").key()).isEqualTo("source:workday");
    }

    @Test
    void aCauseOfAnUnknownKindOrWithAControlCharacterIsRefused() {
        assertThatThrownBy(() -> new AlertCause("printer", "P1")).hasMessageContaining("kind must be one of");
        assertThatThrownBy(() -> AlertCause.source("work\nday")).hasMessageContaining("control characters");
    }

    @Verifies("URS-BCP-321")
    @Test
    void aDegradedDeliveryIsExplainedByATargetThatIsOutUnlessTheAuditSealerLags() {
        DeliveryCondition breaker = degraded(Sentence.of("health.breaker", "mes", "open"));
        DeliveryCondition sealer =
                degraded(Sentence.of("health.breaker", "mes", "open"), Sentence.of("health.seal-lag"));

        assertThat(Alerts.explainedByTargets(breaker, Set.of("mes"))).isTrue();
        assertThat(Alerts.explainedByTargets(breaker, Set.of())).isFalse();
        assertThat(Alerts.explainedByTargets(sealer, Set.of("mes"))).isFalse();
    }

    private static DeliveryCondition degraded(Sentence... said) {
        List<Sentence> reasons = List.of(said);
        return new DeliveryCondition(
                DeliveryCondition.Status.DEGRADED,
                reasons.stream().map(Sentence::key).toList(),
                reasons,
                new DeliveryOverview.Snapshot(List.of(), java.time.Duration.ZERO, 0, 0, 0),
                Optional.empty());
    }
}
