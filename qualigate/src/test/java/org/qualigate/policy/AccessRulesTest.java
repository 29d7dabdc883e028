package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.policy.AccessRulesFixtures.BSL_BATCH_REVIEWER;
import static org.qualigate.policy.AccessRulesFixtures.IND_BATCH_REVIEWER;
import static org.qualigate.policy.AccessRulesFixtures.OSD_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.demoRules;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class AccessRulesTest {

    private final AccessRules rules = demoRules();

    @Verifies("URS-SEQ-001")
    @Test
    void forSiteKeepsRuleOrderAndIncludesRulesForEverySite() {
        assertThat(rules.forSite("IND"))
                .extracting(AccessRule::role)
                .extracting(RoleName::value)
                .containsExactly("IND.OSD-1.OPERATOR", "IND.PACK-2.OPERATOR", "*.QA.BATCH_REVIEWER");
    }

    @Verifies("URS-SEQ-001")
    @Test
    void rolesAtASiteAreNamedForThatSite() {
        assertThat(rules.rolesAt("SGP"))
                .extracting(RoleName::value)
                .containsExactly("SGP.API-1.OPERATOR", "SGP.QA.BATCH_REVIEWER");
        assertThat(rules.rolesAt("XYZ")).containsExactly(RoleName.of("XYZ.QA.BATCH_REVIEWER"));
    }

    @Verifies("URS-SEQ-001")
    @Test
    void allRolesJoinsTheSites() {
        assertThat(rules.allRoles(List.of("BSL", "IND")))
                .hasSize(9)
                .contains(BSL_BATCH_REVIEWER, IND_BATCH_REVIEWER, OSD_OPERATOR);
        assertThat(List.copyOf(rules.allRoles(List.of("IND", "BSL")))).isSorted();
    }

    @Verifies("URS-SEQ-001")
    @Test
    void findsTheRuleOfARoleAtASite() {
        assertThat(rules.ruleFor(IND_BATCH_REVIEWER, "IND"))
                .map(AccessRule::role)
                .hasValue(RoleName.of("*.QA.BATCH_REVIEWER"));
        assertThat(rules.ruleFor(IND_BATCH_REVIEWER, "BSL")).isEmpty();
        assertThat(rules.ruleFor(OSD_OPERATOR, "BSL")).isEmpty();
    }

    @Verifies("URS-SEQ-009")
    @Test
    void rejectsTwoRulesThatGiveTheSameRoleAtTheSameSite() {
        AccessRule everywhere = AccessRule.of("*.QA.BATCH_REVIEWER", "*", List.of(List.of("GMP-BASIC")), Duration.ZERO);
        AccessRule atBasel = AccessRule.of("BSL.QA.BATCH_REVIEWER", "BSL", List.of(List.of("GDP-DOC")), Duration.ZERO);

        assertThatThrownBy(() -> new AccessRules("v2", List.of(everywhere, atBasel)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same role at site BSL");
        assertThatThrownBy(() -> new AccessRules("v2", List.of(atBasel, atBasel)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Verifies("URS-SEQ-009")
    @Test
    void requiresAVersion() {
        assertThatThrownBy(() -> new AccessRules(" ", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
    }
}
