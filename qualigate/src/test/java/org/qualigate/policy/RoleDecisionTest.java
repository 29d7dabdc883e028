package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.policy.AccessRulesFixtures.BSL_BATCH_REVIEWER;
import static org.qualigate.policy.AccessRulesFixtures.FILL_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.OSD_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.demoRules;
import static org.qualigate.policy.HeldQualificationFixtures.NOW;
import static org.qualigate.policy.HeldQualificationFixtures.aQualification;
import static org.qualigate.policy.HeldQualificationFixtures.all;
import static org.qualigate.policy.HeldQualificationFixtures.build;
import static org.qualigate.policy.HeldQualificationFixtures.fillOperator;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class RoleDecisionTest {

    private static final String LONG_AGO = "2024-03-01T08:00:00Z";
    private static final Instant PRESS_EXPIRY = Instant.parse("2026-03-02T05:00:00Z");

    private final AccessPolicy policy = new AccessPolicy();
    private final AccessRules rules = demoRules();

    @Verifies({"URS-SEQ-001", "URS-AUD-005"})
    @Test
    void summarisesAJustifiedRoleWithItsEvidenceAndEnd() {
        List<HeldQualificationFixtures.Builder> builders = fillOperator();
        for (int i = 0; i < builders.size(); i++) {
            builders.get(i).evidence("TR-" + (i + 1));
        }
        builders.get(4).expiring("2027-05-20T21:59:59Z");

        RoleDecision decision = policy.explain(rules, "BSL", FILL_OPERATOR, build(builders), NOW);

        assertThat(decision.summary())
                .isEqualTo("BSL.FILL-1.OPERATOR justified by set 1: GMP-BASIC (TR-1), GDP-DOC (TR-2),"
                        + " CLEANROOM (TR-3), ASEPTIC-GOWN (TR-4), MEDIA-FILL (TR-5), ISOLATOR-OP (TR-6),"
                        + " FILLER-OP (TR-7), SOP-BSL-FILL-014 (TR-8) until 2027-05-20T21:59:59Z");
    }

    @Verifies({"URS-SEQ-001", "URS-AUD-005"})
    @Test
    void summarisesWhatEachSetMisses() {
        List<HeldQualification> held = all(
                aQualification("GMP-BASIC").completed(LONG_AGO),
                aQualification("GDP-DOC").completed(LONG_AGO),
                aQualification("PRESS-OP").completed(LONG_AGO).expiring(PRESS_EXPIRY),
                aQualification("LOTO").completed(LONG_AGO));

        RoleDecision decision = policy.explain(rules, "IND", OSD_OPERATOR, held, Instant.parse("2026-03-10T12:00:00Z"));

        assertThat(decision.summary())
                .isEqualTo("IND.OSD-1.OPERATOR not justified: set 1 missing GRAN-OP (not held);"
                        + " set 2 missing PRESS-OP (expired 2026-03-02T05:00:00Z)");
    }

    @Verifies({"URS-SEQ-001", "URS-AUD-005"})
    @Test
    void summarisesEverythingASetMisses() {
        List<HeldQualification> held =
                all(aQualification("GMP-BASIC"), aQualification("BATCH-REVIEW").revoked());

        RoleDecision decision = policy.explain(rules, "BSL", BSL_BATCH_REVIEWER, held, NOW);

        assertThat(decision.summary())
                .isEqualTo("BSL.QA.BATCH_REVIEWER not justified: set 1 missing GDP-DOC (not held),"
                        + " BATCH-REVIEW (revoked)");
    }

    @Verifies({"URS-SEQ-001", "URS-AUD-005"})
    @Test
    void summarisesARoleHeldInGrace() {
        List<HeldQualification> held = all(
                aQualification("GMP-BASIC").evidence("TR-1").completed(LONG_AGO),
                aQualification("GDP-DOC").evidence("TR-2").completed(LONG_AGO),
                aQualification("PRESS-OP").evidence("TR-4").completed(LONG_AGO).expiring(PRESS_EXPIRY),
                aQualification("LOTO").evidence("TR-5").completed(LONG_AGO));

        RoleDecision decision = policy.explain(rules, "IND", OSD_OPERATOR, held, PRESS_EXPIRY.plusSeconds(3600));

        assertThat(decision.summary())
                .isEqualTo("IND.OSD-1.OPERATOR justified in grace by set 2: GMP-BASIC (TR-1), GDP-DOC (TR-2),"
                        + " PRESS-OP (TR-4, in grace after expiry 2026-03-02T05:00:00Z), LOTO (TR-5)"
                        + " until 2026-03-05T05:00:00Z");
    }

    @Verifies({"URS-SEQ-001", "URS-AUD-005"})
    @Test
    void summarisesARoleWithoutEnd() {
        List<HeldQualification> held = all(
                aQualification("GMP-BASIC").withoutExpiry(),
                aQualification("GDP-DOC").withoutExpiry(),
                aQualification("BATCH-REVIEW").withoutExpiry());

        assertThat(policy.explain(rules, "BSL", BSL_BATCH_REVIEWER, held, NOW).summary())
                .endsWith("BATCH-REVIEW (TR-BATCH-REVIEW), with no end date");
    }

    @Verifies("URS-SEQ-001")
    @Test
    void rejectsAnInconsistentDecision() {
        SetOutcome unmet = new SetOutcome(1, false, false, List.of(), null);

        assertThatThrownBy(() -> new RoleDecision(FILL_OPERATOR, true, false, null, List.of(unmet)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoleDecision(FILL_OPERATOR, false, true, null, List.of(unmet)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoleDecision(FILL_OPERATOR, false, false, NOW, List.of(unmet)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
