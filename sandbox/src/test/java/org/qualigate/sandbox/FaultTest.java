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

        assertThat(fault.matches("scim", "PATCH", "/groups", "/scim/v2/Groups/g1"))
                .isTrue();
        assertThat(fault.matches("scim", "GET", "/Groups", "/scim/v2/Groups/g1"))
                .isFalse();
        assertThat(fault.matches("hris", "PATCH", "/Groups", "/hris/v1/Groups")).isFalse();
        assertThat(Fault.error("*", "GET", 500, 1).matches("hris", "GET", "/workers", "/hris/v1/workers"))
                .isTrue();
        assertThat(Fault.error("scim", "/Users", 500, 1).matches("scim", "DELETE", "/Users", "/scim/v2/Users/u1"))
                .isTrue();
    }

    @Test
    void isUsedUpAfterItsTimes() {
        Faults faults = new Faults(new Random(1));
        faults.inject(Fault.error("scim", "*", 503, 2));

        assertThat(faults.take("scim", "GET", "/Users", "/scim/v2/Users")).isPresent();
        assertThat(faults.active()).singleElement().extracting(Fault::times).isEqualTo(1);
        assertThat(faults.take("scim", "GET", "/Users", "/scim/v2/Users")).isPresent();
        assertThat(faults.take("scim", "GET", "/Users", "/scim/v2/Users")).isEmpty();
    }

    @Test
    void aFaultOnOnePathIsLeftForItsOwnRequestWhateverCallsBeforeIt() {
        Faults faults = new Faults(new Random(1));
        faults.inject(Fault.error("qms", "PATCH /sobjects", 403, 1).onPathContaining("/QG-hris-TR-2"));
        String other =
                "/qms/services/data/v60.0/sobjects/CMPL123TMS__Training_Record__c/CMPL123TMS__External_Id__c/QG-hris-TR-1";
        String own =
                "/qms/services/data/v60.0/sobjects/CMPL123TMS__Training_Record__c/CMPL123TMS__External_Id__c/QG-hris-TR-2";

        assertThat(faults.take("qms", "PATCH", "/sobjects", other)).isEmpty();
        assertThat(faults.active()).singleElement().extracting(Fault::times).isEqualTo(1);
        assertThat(faults.take("qms", "PATCH", "/sobjects", own)).isPresent();
        assertThat(faults.active()).isEmpty();
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
        assertThat(error.pathContains()).isNull();
        assertThat(SandboxControl.parseFault(
                                json.readTree("{\"mode\":\"ERROR\",\"status\":403,\"pathContains\":\"/QG-hris-TR-2\"}"))
                        .pathContains())
                .isEqualTo("/QG-hris-TR-2");
    }
}
