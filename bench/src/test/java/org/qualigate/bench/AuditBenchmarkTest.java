package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditBenchmarkTest {

    @Test
    void eightPhasesRunAbbaBaabSoThatALinearAndAQuadraticDriftFavourNeitherInstance() {
        List<Boolean> audited = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
            boolean first = AuditBenchmark.auditedFirst(round);
            audited.add(first);
            audited.add(!first);
        }
        assertThat(audited).containsExactly(true, false, false, true, false, true, true, false);
        long places = 0, squares = 0;
        for (int i = 0; i < audited.size(); i++) {
            int sign = audited.get(i) ? 1 : -1;
            places += sign * (i + 1L);
            squares += sign * (i + 1L) * (i + 1L);
        }
        assertThat(places).isZero();
        assertThat(squares).isZero();
    }
}
