package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.text.Refusal;
import org.qualigate.validation.Verifies;

class AlertRuleParametersTest {

    @Verifies("URS-BCP-323")
    @Test
    void anAlertRuleTakesOnlyValuesWithinItsBounds() {
        assertThat(Parameters.refusal("alert.target.open-after", "10")).isEmpty();
        assertThat(Parameters.refusal("alert.target.open-after", "0"))
                .map(Refusal::reason)
                .hasValue("must be from 1 to 10000");
        assertThat(Parameters.refusal("alert.batch.update-every", "PT30M")).isEmpty();
        assertThat(Parameters.refusal("alert.batch.update-every", "PT1M")).isPresent();
        assertThat(Parameters.refusal("alert.room.recipient-roles", "QA_APPROVER, PLANT_MANAGER"))
                .isEmpty();
        assertThat(Parameters.refusal("alert.room.recipient-roles", "")).isEmpty();
        assertThat(Parameters.refusal("alert.room.recipient-roles", "SERVICE"))
                .map(Refusal::reason)
                .hasValueSatisfying(r -> assertThat(r).startsWith("must be roles separated by commas"));
        assertThat(Parameters.refusal("alert.source.enabled", "maybe")).isPresent();
        assertThat(Parameters.refusal("alert.printer.enabled", "true"))
                .map(Refusal::reason)
                .hasValueSatisfying(r -> assertThat(r).startsWith("is not a parameter"));
    }
}
