package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class AccessRuleTest {

    private static final List<List<String>> REVIEW = List.of(List.of("GMP-BASIC", "GDP-DOC", "BATCH-REVIEW"));

    @Verifies("URS-SEQ-001")
    @Test
    void putsTheSiteInPlaceOfALeadingWildcard() {
        AccessRule rule = AccessRule.of("*.QA.BATCH_REVIEWER", "*", REVIEW, Duration.ZERO);

        assertThat(rule.roleAt("BSL")).isEqualTo(RoleName.of("BSL.QA.BATCH_REVIEWER"));
        assertThat(rule.appliesTo("BSL")).isTrue();
        assertThat(rule.appliesTo("SGP")).isTrue();
    }

    @Verifies("URS-SEQ-001")
    @Test
    void aSiteRuleAppliesOnlyAtItsSiteAndKeepsItsRoleName() {
        AccessRule rule =
                AccessRule.of("BSL.PACK-3.OPERATOR", "BSL", List.of(List.of("PACK-SERIAL")), Duration.ofDays(7));

        assertThat(rule.appliesTo("BSL")).isTrue();
        assertThat(rule.appliesTo("IND")).isFalse();
        assertThat(rule.roleAt("BSL")).isEqualTo(RoleName.of("BSL.PACK-3.OPERATOR"));
        assertThatThrownBy(() -> rule.roleAt("IND")).isInstanceOf(IllegalArgumentException.class);
    }

    @Verifies("URS-SEQ-009")
    @Test
    void parsesItsSetsInOrder() {
        AccessRule rule = AccessRule.of(
                "BSL.FILL-1.SETUP_TECH",
                "BSL",
                List.of(List.of("GMP-BASIC", "FILLER-OP>=3"), List.of("GMP-BASIC", "ISOLATOR-OP>=2")),
                Duration.ZERO);

        assertThat(rule.anyOf())
                .extracting(RequirementSet::toString)
                .containsExactly("[GMP-BASIC, FILLER-OP>=3]", "[GMP-BASIC, ISOLATOR-OP>=2]");
        assertThat(rule.line()).isNull();
    }

    @Verifies("URS-SEQ-009")
    @Test
    void rejectsARuleWithoutSetsANegativeGraceOrAWildcardInsideTheName() {
        assertThatThrownBy(() -> AccessRule.of("BSL.X", "BSL", List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one requirement set");
        assertThatThrownBy(() -> AccessRule.of("BSL.X", "BSL", REVIEW, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> AccessRule.of("BSL.*.X", "BSL", REVIEW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leading site segment");
        assertThatThrownBy(() -> AccessRule.of("BSL.X", "B SL", REVIEW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("site code");
    }
}
