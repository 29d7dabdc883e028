package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.mock.env.MockEnvironment;

/** Auditing can be switched off only for the benchmark, never in service by a stray setting. */
class AuditOffSwitchTest {

    @Verifies("URS-AUD-081")
    @Test
    void theSwitchIsRefusedUnlessTheBenchProfileIsActive() {
        MockEnvironment production = new MockEnvironment().withProperty(AuditTrail.BENCH_AUDIT_OFF, "true");
        assertThatThrownBy(() -> AuditTrail.auditOff(production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused unless the 'bench' profile is active");
        production.setActiveProfiles("prod", "demo");
        assertThatThrownBy(() -> AuditTrail.auditOff(production)).isInstanceOf(IllegalStateException.class);
    }

    @Verifies("URS-AUD-081")
    @Test
    void auditingIsOnUnlessTheBenchmarkSwitchesItOff() {
        assertThat(AuditTrail.auditOff(new MockEnvironment())).isFalse();
        MockEnvironment bench = new MockEnvironment().withProperty(AuditTrail.BENCH_AUDIT_OFF, "true");
        bench.setActiveProfiles("bench");
        assertThat(AuditTrail.auditOff(bench)).isTrue();
    }
}
