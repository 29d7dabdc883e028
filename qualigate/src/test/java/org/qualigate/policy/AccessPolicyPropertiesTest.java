package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.qualigate.validation.Verifies;

/**
 * Properties of the policy over generated qualifications and instants, checked against the demo
 * plant's rules: a role is held at t exactly when one of its sets is met at t (an oracle written
 * independently of the policy), adding a valid qualification never removes a role, and the answer does
 * not depend on the order of the records.
 */
class AccessPolicyPropertiesTest {

    private static final AccessRules RULES = AccessRulesFixtures.demoRules();
    private static final Instant ORIGIN = PolicyArbitraries.ORIGIN;
    private final AccessPolicy policy = new AccessPolicy();

    @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
    @Property(tries = 300)
    void aRoleIsHeldExactlyWhenOneOfItsSetsIsMetOrInGrace(
            @ForAll("records") List<HeldQualification> held,
            @ForAll @IntRange(min = 0, max = 800) int day,
            @ForAll("sites") String site) {
        Instant at = ORIGIN.plus(Duration.ofDays(day)).plusSeconds(day * 37L % 86_400);
        Entitlements e = policy.evaluate(RULES, site, held, at);
        for (AccessRule rule : RULES.forSite(site)) {
            boolean expected = rule.anyOf().stream().anyMatch(set -> met(set, held, at, rule.grace()));
            assertThat(e.justifiedRoles().contains(rule.roleAt(site)))
                    .as("%s at %s with %s", rule.roleAt(site), at, held)
                    .isEqualTo(expected);
        }
    }

    @Verifies("URS-SEQ-001")
    @Property(tries = 300)
    void addingAValidQualificationNeverRemovesARole(
            @ForAll("records") List<HeldQualification> held,
            @ForAll("records") List<HeldQualification> more,
            @ForAll @IntRange(min = 0, max = 800) int day,
            @ForAll("sites") String site) {
        Instant at = ORIGIN.plus(Duration.ofDays(day));
        List<HeldQualification> extended = new ArrayList<>(held);
        more.stream().filter(q -> q.validAt(at)).forEach(extended::add);
        assertThat(policy.evaluate(RULES, site, extended, at).justifiedRoles())
                .containsAll(policy.evaluate(RULES, site, held, at).justifiedRoles());
    }

    @Verifies("URS-SEQ-001")
    @Property(tries = 200)
    void theAnswerDoesNotDependOnTheOrderOfTheRecords(
            @ForAll("records") List<HeldQualification> held,
            @ForAll @IntRange(min = 0, max = 800) int day,
            @ForAll("sites") String site,
            @ForAll long seed) {
        Instant at = ORIGIN.plus(Duration.ofDays(day));
        List<HeldQualification> shuffled = new ArrayList<>(held);
        Collections.shuffle(shuffled, new Random(seed));
        Entitlements a = policy.evaluate(RULES, site, held, at);
        Entitlements b = policy.evaluate(RULES, site, shuffled, at);
        assertThat(b.justifiedRoles()).isEqualTo(a.justifiedRoles());
        assertThat(b.decisions().stream().map(RoleDecision::summary).toList())
                .isEqualTo(a.decisions().stream().map(RoleDecision::summary).toList());
    }

    /** The oracle: every requirement of the set has some record valid at t (or within grace of its expiry). */
    private static boolean met(RequirementSet set, List<HeldQualification> held, Instant at, Duration grace) {
        return set.allOf().stream()
                .allMatch(req -> held.stream()
                        .anyMatch(q -> q.code().equals(req.code())
                                && q.level() >= req.minimumLevel()
                                && !q.revoked()
                                && !q.completedAt().isAfter(at)
                                && (q.expiresAt() == null
                                        || at.isBefore(q.expiresAt().plus(grace)))));
    }

    @Provide
    Arbitrary<String> sites() {
        return PolicyArbitraries.sites();
    }

    @Provide
    Arbitrary<List<HeldQualification>> records() {
        return PolicyArbitraries.records();
    }
}
