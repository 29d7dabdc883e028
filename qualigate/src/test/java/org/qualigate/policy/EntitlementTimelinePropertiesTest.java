package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.qualigate.validation.Verifies;

/**
 * The timeline the planner stores and plans from ({@link AccessPolicy#timelineOf}, evaluated once per person)
 * answers exactly like the policy evaluated at the instant, for random people at random instants: the same roles,
 * the same grace, the same set, requirements and evidence as the basis, a run of touching spans ends where the
 * decision says the role ends, and the next change point is the decision's.
 */
class EntitlementTimelinePropertiesTest {

    private static final AccessRules RULES = AccessRulesFixtures.demoRules();
    private static final Instant ORIGIN = PolicyArbitraries.ORIGIN;
    private final AccessPolicy policy = new AccessPolicy();

    @Verifies("URS-SEQ-010")
    @Property(tries = 400)
    void theTimelineAnswersLikeThePolicyAtEveryInstant(
            @ForAll("records") List<HeldQualification> held,
            @ForAll("instants") List<Instant> instants,
            @ForAll("sites") String site) {
        EntitlementTimeline timeline = policy.timelineOf(RULES, site, held);
        assertThat(timeline.spans()).isEqualTo(policy.timeline(RULES, site, held));
        for (Instant at : instants) {
            Entitlements e = policy.evaluate(RULES, site, held, at);
            assertThat(timeline.justifiedRoles(at)).as("roles at %s", at).isEqualTo(e.justifiedRoles());
            assertThat(timeline.nextChangeAfter(at))
                    .as("next change after %s", at)
                    .isEqualTo(e.nextChangeAfter());
            for (RoleDecision d : e.decisions()) {
                Optional<EntitlementSpan> span = timeline.at(d.role(), at);
                assertThat(span.isPresent())
                        .as("%s at %s: span %s, decision %s", d.role(), at, span, d.summary())
                        .isEqualTo(d.justified());
                if (span.isEmpty()) {
                    continue;
                }
                SetOutcome basis = d.basis().orElseThrow();
                assertThat(span.get().inGrace())
                        .as("grace of %s at %s", d.role(), at)
                        .isEqualTo(d.inGrace());
                assertThat(span.get().set()).as("set of %s at %s", d.role(), at).isEqualTo(basis.index());
                assertThat(span.get().evidenceIds())
                        .as("evidence of %s at %s", d.role(), at)
                        .isEqualTo(basis.requirements().stream()
                                .map(r -> r.evidence().evidenceId())
                                .toList());
                assertThat(span.get().basis().stream().map(EntitlementSpan.Basis::requirement))
                        .as("requirements of %s at %s", d.role(), at)
                        .containsExactlyElementsOf(basis.requirements().stream()
                                .map(RequirementOutcome::requirement)
                                .toList());
                assertThat(timeline.justifiedUntil(span.get()))
                        .as("end of %s from %s", d.role(), at)
                        .isEqualTo(d.justifiedUntil());
            }
        }
    }

    @Property(tries = 200)
    void spansOfOneRoleNeverOverlap(@ForAll("records") List<HeldQualification> held, @ForAll("sites") String site) {
        List<EntitlementSpan> timeline = policy.timeline(RULES, site, held);
        for (int i = 1; i < timeline.size(); i++) {
            EntitlementSpan before = timeline.get(i - 1);
            EntitlementSpan after = timeline.get(i);
            if (before.role().equals(after.role())) {
                assertThat(before.until()).isNotNull();
                assertThat(before.until()).isBeforeOrEqualTo(after.from());
            }
        }
    }

    @Provide
    Arbitrary<String> sites() {
        return PolicyArbitraries.sites();
    }

    @Provide
    Arbitrary<List<Instant>> instants() {
        // whole days, and instants a second either side of them, so that spans' edges are met exactly
        Arbitrary<Instant> day = Arbitraries.integers().between(0, 900).map(d -> ORIGIN.plus(Duration.ofDays(d)));
        return Combinators.combine(day, Arbitraries.integers().between(-1, 1))
                .as((at, shift) -> at.plusSeconds(shift))
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<HeldQualification>> records() {
        return PolicyArbitraries.records();
    }
}
