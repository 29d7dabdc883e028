package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.policy.RoleName;

/** The comparison a reconciliation makes, without a target or a database: held, justified, waiting. */
class TargetComparisonTest {

    private static final RoleName OPERATOR = RoleName.of("IND.FILL-1.OPERATOR");
    private static final RoleName SUPERVISOR = RoleName.of("IND.FILL-1.SUPERVISOR");

    @Test
    void aRoleHeldWithoutABasisIsExtraAndOneJustifiedButLackingIsMissing() {
        TargetComparison c = TargetComparison.of(
                "mes",
                holdings(Map.of("E1", roles(OPERATOR, SUPERVISOR)), List.of()),
                desired(Map.of("E1", roles(OPERATOR), "E2", roles(OPERATOR))),
                Map.of("E1", person("E1", Person.Status.ACTIVE), "E2", person("E2", Person.Status.ACTIVE)),
                Set.of());
        assertThat(c.extra()).isEqualTo(1);
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.differing()).containsExactly("E1", "E2");
        assertThat(c.drift())
                .extracting(TargetReconciliation.Drift::detail)
                .containsExactly(
                        "mes holds " + SUPERVISOR + " for E1 without a basis",
                        "mes lacks " + OPERATOR + " for E2 though it is justified");
    }

    @Test
    void aPersonWaitingForAnAccountIsNotMissingAnythingYet() {
        TargetComparison c = TargetComparison.of(
                "mes",
                holdings(Map.of(), List.of()),
                desired(Map.of("E3", roles(OPERATOR))),
                Map.of("E3", person("E3", Person.Status.ACTIVE)),
                Set.of("E3"));
        assertThat(c.missing()).isZero();
        assertThat(c.differing()).isEmpty();
        assertThat(c.drift()).isEmpty();
    }

    @Test
    void unknownMembersAndTerminatedHoldersAreExtraWithTheirReason() {
        TargetReconciliation.Drift stranger =
                new TargetReconciliation.Drift("?u-9", OPERATOR.value(), "extra", "u-9", "no known employee");
        TargetComparison c = TargetComparison.of(
                "mes",
                holdings(Map.of("E4", roles(OPERATOR), "E5", roles(OPERATOR)), List.of(stranger)),
                desired(Map.of()),
                Map.of("E4", person("E4", Person.Status.TERMINATED)),
                Set.of());
        assertThat(c.extra()).isEqualTo(3);
        assertThat(c.drift().getFirst()).isEqualTo(stranger);
        assertThat(c.drift())
                .extracting(TargetReconciliation.Drift::detail)
                .contains(
                        "mes holds " + OPERATOR + " for E4 without a basis (person is terminated)",
                        "mes holds " + OPERATOR + " for E5 without a basis (no such person in the ledger)");
    }

    private static TargetComparison.Holdings holdings(
            Map<String, SortedSet<RoleName>> held, List<TargetReconciliation.Drift> unknown) {
        Map<String, String> accounts = new TreeMap<>();
        held.keySet().forEach(e -> accounts.put(e, "acc-" + e));
        return new TargetComparison.Holdings(new TreeMap<>(held), accounts, unknown, held.size() + unknown.size());
    }

    private static SortedMap<String, SortedSet<RoleName>> desired(Map<String, SortedSet<RoleName>> wanted) {
        return new TreeMap<>(wanted);
    }

    private static SortedSet<RoleName> roles(RoleName... roles) {
        return new TreeSet<>(List.of(roles));
    }

    private static Person person(String id, Person.Status status) {
        return new Person(
                EmployeeId.of(id),
                null,
                null,
                null,
                "IND",
                null,
                null,
                null,
                status,
                "test",
                Instant.parse("2031-01-01T00:00:00Z"));
    }
}
