package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FaultTest {

    @Test
    void matchesMethodAndResourceIgnoringCase() {
        Fault fault = Fault.error("scim", "PATCH /Groups", 503, 1);

        assertThat(fault.matches("scim", "PATCH", "/groups")).isTrue();
        assertThat(fault.matches("scim", "GET", "/Groups")).isFalse();
        assertThat(fault.matches("hris", "PATCH", "/Groups")).isFalse();
        assertThat(Fault.error("*", "GET", 500, 1).matches("hris", "GET", "/workers"))
                .isTrue();
        assertThat(Fault.error("scim", "/Users", 500, 1).matches("scim", "DELETE", "/Users"))
                .isTrue();
    }

    @Test
    void isUsedUpAfterItsTimes() {
        Faults faults = new Faults(new Random(1));
        faults.inject(Fault.error("scim", "*", 503, 2));

        assertThat(faults.take("scim", "GET", "/Users")).isPresent();
        assertThat(faults.active()).singleElement().extracting(Fault::times).isEqualTo(1);
        assertThat(faults.take("scim", "GET", "/Users")).isPresent();
        assertThat(faults.take("scim", "GET", "/Users")).isEmpty();
    }

    @Test
    void refusesAnErrorWithoutAnErrorStatus() {
        assertThatThrownBy(() -> Fault.error("scim", "*", 200, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.error("mes", "*", 500, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesAFaultFromJsonWithDefaults() {
        JsonMapper json = JsonMapper.builder().build();

        Fault fault = SandboxControl.parseFault(
                json.readTree("{\"target\":\"scim\",\"mode\":\"rate_limit\",\"delay\":\"PT5S\",\"times\":3}"));
        Fault error = SandboxControl.parseFault(json.readTree("{\"mode\":\"ERROR\"}"));

        assertThat(fault).isEqualTo(new Fault("scim", "*", Fault.Mode.RATE_LIMIT, 429, Duration.ofSeconds(5), 3, 1));
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.target()).isEqualTo("*");
        assertThat(error.times()).isEqualTo(Fault.UNTIL_CLEARED);
    }
}
