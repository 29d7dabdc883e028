package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.policy.AccessRulesFixtures.FILL_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.OSD_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.PACK_OPERATOR;
import static org.qualigate.policy.HeldQualificationFixtures.NOW;
import static org.qualigate.policy.HeldQualificationFixtures.aQualification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class EntitlementsTest {

    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(20));

    private static RoleDecision justified(RoleName role, HeldQualification evidence) {
        Requirement requirement = new Requirement(evidence.code());
        RequirementOutcome outcome = new RequirementOutcome(requirement, true, false, evidence, "met");
        return new RoleDecision(
                role,
                true,
                false,
                evidence.expiresAt(),
                List.of(new SetOutcome(1, true, false, List.of(outcome), evidence.expiresAt())));
    }

    private static RoleDecision notJustified(RoleName role) {
        RequirementOutcome outcome =
                new RequirementOutcome(Requirement.parse("LOTO"), false, false, null, "LOTO not held");
        return new RoleDecision(
                role, false, false, null, List.of(new SetOutcome(1, false, false, List.of(outcome), null)));
    }

    @Verifies("URS-SEQ-001")
    @Test
    void listsTheJustifiedRolesSortedByName() {
        HeldQualification gmp = aQualification("GMP-BASIC").build();
        Entitlements entitlements = new Entitlements(
                NOW,
                "v7",
                List.of(justified(PACK_OPERATOR, gmp), notJustified(OSD_OPERATOR), justified(FILL_OPERATOR, gmp)));

        assertThat(entitlements.justifiedRoles()).containsExactly(FILL_OPERATOR, PACK_OPERATOR);
        assertThat(entitlements.decision(OSD_OPERATOR))
                .map(RoleDecision::justified)
                .hasValue(false);
        assertThat(entitlements.decision(RoleName.of("SGP.API-1.OPERATOR"))).isEmpty();
    }

    @Verifies("URS-SEQ-001")
    @Test
    void readsItsChangePointsFromTheDecisionsWhenNotGivenThem() {
        HeldQualification future =
                aQualification("GRAN-OP").completed(NOW.plusSeconds(30)).build();
        RequirementOutcome outcome = new RequirementOutcome(
                Requirement.parse("GRAN-OP"), false, false, future, "GRAN-OP completed in the future");
        RoleDecision waiting = new RoleDecision(
                OSD_OPERATOR, false, false, null, List.of(new SetOutcome(1, false, false, List.of(outcome), null)));
        HeldQualification expiring =
                aQualification("PACK-SERIAL").expiring(EXPIRY).build();

        Entitlements entitlements = new Entitlements(NOW, "v7", List.of(waiting, justified(PACK_OPERATOR, expiring)));

        assertThat(entitlements.nextChangeAfter()).hasValue(NOW.plusSeconds(30));
        assertThat(entitlements.changePoints()).containsExactly(NOW.plusSeconds(30), EXPIRY, future.expiresAt());
    }

    @Verifies("URS-SEQ-001")
    @Test
    void keepsOnlyChangePointsAfterItsInstantInOrder() {
        Entitlements entitlements = new Entitlements(
                NOW, "v7", List.of(), List.of(EXPIRY, NOW, NOW.minusSeconds(1), EXPIRY, NOW.plusNanos(1)));

        assertThat(entitlements.changePoints()).containsExactly(NOW.plusNanos(1), EXPIRY);
        assertThat(entitlements.nextChangeAfter()).hasValue(NOW.plusNanos(1));
        assertThat(new Entitlements(NOW, "v7", List.of()).nextChangeAfter()).isEmpty();
    }

    @Verifies("URS-SEQ-001")
    @Test
    void rejectsTwoDecisionsForOneRole() {
        assertThatThrownBy(() ->
                        new Entitlements(NOW, "v7", List.of(notJustified(OSD_OPERATOR), notJustified(OSD_OPERATOR))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two decisions");
    }
}
