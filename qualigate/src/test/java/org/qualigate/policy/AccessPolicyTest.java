package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.policy.AccessRulesFixtures.BSL_BATCH_REVIEWER;
import static org.qualigate.policy.AccessRulesFixtures.FILL_LEAD;
import static org.qualigate.policy.AccessRulesFixtures.FILL_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.IND_BATCH_REVIEWER;
import static org.qualigate.policy.AccessRulesFixtures.OSD_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.PACK_OPERATOR;
import static org.qualigate.policy.AccessRulesFixtures.SETUP_TECH;
import static org.qualigate.policy.AccessRulesFixtures.demoRules;
import static org.qualigate.policy.HeldQualificationFixtures.NOW;
import static org.qualigate.policy.HeldQualificationFixtures.aQualification;
import static org.qualigate.policy.HeldQualificationFixtures.all;
import static org.qualigate.policy.HeldQualificationFixtures.build;
import static org.qualigate.policy.HeldQualificationFixtures.fillOperator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class AccessPolicyTest {

    private static final Instant EXPIRY = Instant.parse("2026-09-30T21:59:59Z");

    private final AccessPolicy policy = new AccessPolicy();
    private final AccessRules rules = demoRules();

    private RoleDecision explain(String site, RoleName role, List<HeldQualification> held, Instant at) {
        return policy.explain(rules, site, role, held, at);
    }

    private static List<HeldQualification> fillOperatorWith(HeldQualificationFixtures.Builder replacement) {
        List<HeldQualificationFixtures.Builder> builders = new ArrayList<>(fillOperator());
        builders.replaceAll(builder -> builder.code().equals(replacement.code()) ? replacement : builder);
        return build(builders);
    }

    /** A granulation operator at Indianapolis (set 1 of IND.OSD-1.OPERATOR), optionally also a press operator. */
    private static List<HeldQualificationFixtures.Builder> granulationOperator() {
        return new ArrayList<>(List.of(
                aQualification("GMP-BASIC"),
                aQualification("GDP-DOC"),
                aQualification("GRAN-OP"),
                aQualification("LOTO")));
    }

    private static List<HeldQualificationFixtures.Builder> setupTechBySet(int set) {
        List<HeldQualificationFixtures.Builder> builders = new ArrayList<>(List.of(
                aQualification("GMP-BASIC"),
                aQualification("GDP-DOC"),
                aQualification("ASEPTIC-GOWN").level(2)));
        if (set == 1) {
            builders.add(aQualification("FILLER-OP").level(3));
        } else {
            builders.add(aQualification("ISOLATOR-OP").level(2));
            builders.add(aQualification("LINE-CLEARANCE"));
        }
        return builders;
    }

    @Nested
    class JustifiesARole {

        @Verifies("URS-SEQ-001")
        @Test
        void whileEveryQualificationOfASetIsValid() {
            RoleDecision decision = explain("BSL", FILL_OPERATOR, build(fillOperator()), NOW);

            assertThat(decision.justified()).isTrue();
            assertThat(decision.inGrace()).isFalse();
            assertThat(decision.basis()).hasValueSatisfying(set -> {
                assertThat(set.index()).isEqualTo(1);
                assertThat(set.requirements()).allMatch(RequirementOutcome::met);
            });
        }

        @Verifies("URS-SEQ-001")
        @Test
        void notWhenOneQualificationOfTheOnlySetIsMissing() {
            List<HeldQualification> held = build(fillOperator().stream()
                    .filter(builder -> !builder.code().equals("MEDIA-FILL"))
                    .toList());

            RoleDecision decision = explain("BSL", FILL_OPERATOR, held, NOW);

            assertThat(decision.justified()).isFalse();
            assertThat(decision.justifiedUntil()).isNull();
            assertThat(decision.sets().getFirst().unmet()).singleElement().satisfies(outcome -> {
                assertThat(outcome.reason()).isEqualTo("MEDIA-FILL not held");
                assertThat(outcome.evidence()).isNull();
            });
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void untilTheInstantBeforeExpiryButNotAtIt() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("CLEANROOM").expiring(EXPIRY));

            assertThat(explain("BSL", FILL_OPERATOR, held, EXPIRY.minusNanos(1)).justified())
                    .isTrue();
            RoleDecision atExpiry = explain("BSL", FILL_OPERATOR, held, EXPIRY);
            assertThat(atExpiry.justified()).isFalse();
            assertThat(atExpiry.sets().getFirst().unmet())
                    .extracting(RequirementOutcome::reason)
                    .containsExactly("CLEANROOM expired 2026-09-30T21:59:59Z");
        }

        @Verifies("URS-SEQ-001")
        @Test
        void fromTheInstantOfCompletionOn() {
            Instant completion = Instant.parse("2026-12-01T07:30:00Z");
            List<HeldQualification> held = fillOperatorWith(
                    aQualification("CLEANROOM").completed(completion).expiring(completion.plus(Duration.ofDays(365))));

            RoleDecision before = explain("BSL", FILL_OPERATOR, held, completion.minusNanos(1));
            assertThat(before.justified()).isFalse();
            assertThat(before.sets().getFirst().unmet())
                    .extracting(RequirementOutcome::reason)
                    .containsExactly("CLEANROOM completed in the future 2026-12-01T07:30:00Z");
            assertThat(explain("BSL", FILL_OPERATOR, held, completion).justified())
                    .isTrue();
        }

        @Verifies("URS-SEQ-001")
        @Test
        void notOnARevokedQualification() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("FILLER-OP").revoked());

            RoleDecision decision = explain("BSL", FILL_OPERATOR, held, NOW);

            assertThat(decision.justified()).isFalse();
            assertThat(decision.sets().getFirst().unmet()).singleElement().satisfies(outcome -> {
                assertThat(outcome.reason()).isEqualTo("FILLER-OP revoked");
                assertThat(outcome.evidence()).isNotNull();
            });
        }

        @Verifies("URS-SEQ-001")
        @Test
        void notBelowTheMinimumLevel() {
            List<HeldQualificationFixtures.Builder> builders = setupTechBySet(1);
            builders.set(2, aQualification("ASEPTIC-GOWN").level(1));

            RoleDecision decision = explain("BSL", SETUP_TECH, build(builders), NOW);

            assertThat(decision.justified()).isFalse();
            assertThat(decision.sets().getFirst().unmet())
                    .extracting(RequirementOutcome::reason)
                    .containsExactly("ASEPTIC-GOWN level 1 below required 2");
        }

        @Verifies("URS-SEQ-001")
        @Test
        void atAnyLevelAboveTheMinimum() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("FILLER-OP").level(3));

            assertThat(explain("BSL", FILL_OPERATOR, held, NOW).justified()).isTrue();
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void byAnotherSetWhenOneSetStopsBeingMet() {
            List<HeldQualificationFixtures.Builder> builders = setupTechBySet(1);
            builders.set(3, aQualification("FILLER-OP").level(3).expiring(EXPIRY));
            builders.add(aQualification("ISOLATOR-OP").level(2));
            builders.add(aQualification("LINE-CLEARANCE"));
            List<HeldQualification> held = build(builders);

            RoleDecision before = explain("BSL", SETUP_TECH, held, EXPIRY.minusSeconds(1));
            RoleDecision after = explain("BSL", SETUP_TECH, held, EXPIRY);

            assertThat(before.sets()).allMatch(SetOutcome::met);
            assertThat(after.justified()).isTrue();
            assertThat(after.sets()).extracting(SetOutcome::met).containsExactly(false, true);
            assertThat(after.basis()).map(SetOutcome::index).hasValue(2);
        }

        @Verifies("URS-SEQ-010")
        @Test
        void theSetThatLastsLongestIsTheBasis() {
            List<HeldQualificationFixtures.Builder> builders = setupTechBySet(1);
            builders.set(3, aQualification("FILLER-OP").level(3).expiring(EXPIRY));
            builders.add(aQualification("ISOLATOR-OP").level(2).expiring(EXPIRY.plus(Duration.ofDays(10))));
            builders.add(aQualification("LINE-CLEARANCE"));

            RoleDecision decision = explain("BSL", SETUP_TECH, build(builders), NOW);

            assertThat(decision.basis()).map(SetOutcome::index).hasValue(2);
            assertThat(decision.basis()).map(SetOutcome::metUntil).hasValue(EXPIRY.plus(Duration.ofDays(10)));
        }

        @Verifies("URS-SEQ-010")
        @Test
        void takesTheFirstSetAsBasisWhenTwoSetsLastEquallyLong() {
            List<HeldQualificationFixtures.Builder> builders = setupTechBySet(1);
            builders.add(aQualification("ISOLATOR-OP").level(2));
            builders.add(aQualification("LINE-CLEARANCE"));

            RoleDecision decision = explain("BSL", SETUP_TECH, build(builders), NOW);

            assertThat(decision.basis()).map(SetOutcome::index).hasValue(1);
        }

        @Verifies("URS-SEQ-001")
        @Test
        void atEverySiteForAWildcardRoleUnderTheSiteName() {
            List<HeldQualification> held =
                    all(aQualification("GMP-BASIC"), aQualification("GDP-DOC"), aQualification("BATCH-REVIEW"));

            assertThat(policy.evaluate(rules, "BSL", held, NOW).justifiedRoles())
                    .containsExactly(BSL_BATCH_REVIEWER);
            assertThat(policy.evaluate(rules, "IND", held, NOW).justifiedRoles())
                    .containsExactly(IND_BATCH_REVIEWER);
        }
    }

    @Nested
    class GracePeriod {

        private final Instant pressExpiry = Instant.parse("2026-03-02T05:00:00Z");
        private final Instant graceEnd = pressExpiry.plus(Duration.ofDays(3));

        private List<HeldQualification> pressOperator() {
            return all(
                    longHeld("GMP-BASIC"),
                    longHeld("GDP-DOC"),
                    longHeld("PRESS-OP").evidence("TR-4").expiring(pressExpiry),
                    longHeld("LOTO"));
        }

        private static HeldQualificationFixtures.Builder longHeld(String code) {
            return aQualification(code).completed("2024-03-01T08:00:00Z");
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void keepsTheRoleInGraceFromExpiryUntilJustBeforeGraceEnds() {
            RoleDecision atExpiry = explain("IND", OSD_OPERATOR, pressOperator(), pressExpiry);
            RoleDecision lastInstant = explain("IND", OSD_OPERATOR, pressOperator(), graceEnd.minusNanos(1));

            assertThat(atExpiry.justified()).isTrue();
            assertThat(atExpiry.inGrace()).isTrue();
            assertThat(atExpiry.justifiedUntil()).isEqualTo(graceEnd);
            assertThat(lastInstant.justified()).isTrue();
            assertThat(lastInstant.inGrace()).isTrue();
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void endsTheRoleAtTheEndOfGrace() {
            RoleDecision decision = explain("IND", OSD_OPERATOR, pressOperator(), graceEnd);

            assertThat(decision.justified()).isFalse();
            assertThat(decision.inGrace()).isFalse();
            assertThat(decision.sets().get(1).unmet())
                    .extracting(RequirementOutcome::reason)
                    .containsExactly("PRESS-OP expired 2026-03-02T05:00:00Z");
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isNotInGraceBeforeExpiryButCountsTheGraceInTheEnd() {
            RoleDecision decision = explain("IND", OSD_OPERATOR, pressOperator(), pressExpiry.minusNanos(1));

            assertThat(decision.inGrace()).isFalse();
            assertThat(decision.justifiedUntil()).isEqualTo(graceEnd);
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void marksTheRequirementAndSetThatAreInGrace() {
            RoleDecision decision = explain("IND", OSD_OPERATOR, pressOperator(), pressExpiry.plusSeconds(60));

            SetOutcome set = decision.sets().get(1);
            assertThat(set.met()).isTrue();
            assertThat(set.inGrace()).isTrue();
            assertThat(set.metUntil()).isEqualTo(graceEnd);
            assertThat(set.requirements())
                    .filteredOn(RequirementOutcome::inGrace)
                    .singleElement()
                    .satisfies(outcome -> assertThat(outcome.reason())
                            .isEqualTo("met in grace by TR-4 (level 1, expired 2026-03-02T05:00:00Z,"
                                    + " grace until 2026-03-05T05:00:00Z)"));
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isNotInGraceWhileAnotherSetStillJustifiesTheRole() {
            List<HeldQualification> held = new ArrayList<>(pressOperator());
            held.add(longHeld("GRAN-OP").build());

            RoleDecision decision = explain("IND", OSD_OPERATOR, held, pressExpiry.plusSeconds(60));

            assertThat(decision.justified()).isTrue();
            assertThat(decision.inGrace()).isFalse();
            assertThat(decision.basis()).map(SetOutcome::index).hasValue(1);
        }

        @Verifies("URS-SEQ-001")
        @Test
        void doesNotCoverARevokedQualification() {
            List<HeldQualification> held = all(
                    longHeld("GMP-BASIC"),
                    longHeld("GDP-DOC"),
                    longHeld("PRESS-OP").expiring(pressExpiry).revoked(),
                    longHeld("LOTO"));

            assertThat(explain("IND", OSD_OPERATOR, held, pressExpiry.plusSeconds(60))
                            .justified())
                    .isFalse();
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isNoneForARuleWithoutGrace() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("CLEANROOM").expiring(EXPIRY));

            RoleDecision decision = explain("BSL", FILL_OPERATOR, held, EXPIRY.minusNanos(1));

            assertThat(decision.justifiedUntil()).isEqualTo(EXPIRY);
        }
    }

    @Nested
    class Evidence {

        @Verifies({"URS-SEQ-001", "URS-SEQ-010"})
        @Test
        void isTheQualificationValidLongest() {
            List<HeldQualification> held = fillOperatorWith(
                    aQualification("GMP-BASIC").evidence("TR-OLD").expiring(EXPIRY));
            held = new ArrayList<>(held);
            held.add(aQualification("GMP-BASIC")
                    .evidence("TR-NEW")
                    .expiring(EXPIRY.plus(Duration.ofDays(200)))
                    .build());

            RoleDecision decision = explain("BSL", FILL_OPERATOR, held, NOW);

            assertThat(evidenceFor(decision, "GMP-BASIC")).isEqualTo("TR-NEW");
            assertThat(decision.justifiedUntil()).isEqualTo(EXPIRY.plus(Duration.ofDays(200)));
        }

        @Verifies("URS-SEQ-010")
        @Test
        void isTheHigherLevelWhenBothAreValidEquallyLong() {
            List<HeldQualification> held = new ArrayList<>(fillOperatorWith(
                    aQualification("FILLER-OP").evidence("TR-L1").level(1)));
            held.add(aQualification("FILLER-OP").evidence("TR-L2").level(2).build());

            assertThat(evidenceFor(explain("BSL", FILL_OPERATOR, held, NOW), "FILLER-OP"))
                    .isEqualTo("TR-L2");
        }

        @Verifies("URS-SEQ-010")
        @Test
        void isTheQualificationWithoutExpiryOverOneThatExpires() {
            List<HeldQualification> held = new ArrayList<>(
                    fillOperatorWith(aQualification("SOP-BSL-FILL-014").evidence("TR-A")));
            held.add(aQualification("SOP-BSL-FILL-014")
                    .evidence("TR-B")
                    .withoutExpiry()
                    .build());

            assertThat(evidenceFor(explain("BSL", FILL_OPERATOR, held, NOW), "SOP-BSL-FILL-014"))
                    .isEqualTo("TR-B");
        }

        @Verifies("URS-SEQ-010")
        @Test
        void isChosenByEvidenceIdWhenEverythingElseIsEqual() {
            List<HeldQualification> held = new ArrayList<>(build(fillOperator().stream()
                    .filter(builder -> !builder.code().equals("MEDIA-FILL"))
                    .toList()));
            held.add(aQualification("MEDIA-FILL").evidence("TR-C").build());
            held.add(aQualification("MEDIA-FILL").evidence("TR-A").build());

            assertThat(evidenceFor(explain("BSL", FILL_OPERATOR, held, NOW), "MEDIA-FILL"))
                    .isEqualTo("TR-A");
        }

        @Verifies("URS-SEQ-010")
        @Test
        void ofAMetRequirementSaysWhatMetItAndUntilWhen() {
            List<HeldQualification> held = fillOperatorWith(
                    aQualification("ASEPTIC-GOWN").evidence("TR-12345").level(2).expiring(EXPIRY));

            RequirementOutcome outcome = outcomeFor(explain("BSL", FILL_OPERATOR, held, NOW), "ASEPTIC-GOWN");

            assertThat(outcome.reason()).isEqualTo("met by TR-12345 (level 2, valid until 2026-09-30T21:59:59Z)");
        }

        @Verifies("URS-SEQ-010")
        @Test
        void ofAQualificationWithoutExpirySaysSo() {
            List<HeldQualification> held = fillOperatorWith(
                    aQualification("SOP-BSL-FILL-014").evidence("TR-77").withoutExpiry());

            RequirementOutcome outcome = outcomeFor(explain("BSL", FILL_OPERATOR, held, NOW), "SOP-BSL-FILL-014");

            assertThat(outcome.reason()).isEqualTo("met by TR-77 (level 1, no expiry)");
        }

        @Verifies("URS-SEQ-001")
        @Test
        void ofAMissingRequirementPrefersARenewalAlreadyRecordedOverAnExpiry() {
            List<HeldQualification> held = new ArrayList<>(fillOperatorWith(
                    aQualification("CLEANROOM").evidence("TR-OLD").expiring(NOW.minusSeconds(60))));
            held.add(aQualification("CLEANROOM")
                    .evidence("TR-NEXT")
                    .completed(NOW.plus(Duration.ofDays(2)))
                    .build());

            RequirementOutcome outcome = outcomeFor(explain("BSL", FILL_OPERATOR, held, NOW), "CLEANROOM");

            assertThat(outcome.met()).isFalse();
            assertThat(outcome.evidence())
                    .extracting(HeldQualification::evidenceId)
                    .isEqualTo("TR-NEXT");
        }

        private static RequirementOutcome outcomeFor(RoleDecision decision, String code) {
            return decision.sets().stream()
                    .flatMap(set -> set.requirements().stream())
                    .filter(outcome -> outcome.requirement().code().value().equals(code))
                    .findFirst()
                    .orElseThrow();
        }

        private static String evidenceFor(RoleDecision decision, String code) {
            HeldQualification evidence = outcomeFor(decision, code).evidence();
            assertThat(evidence).isNotNull();
            return evidence.evidenceId();
        }
    }

    @Nested
    class JustifiedUntil {

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isTheEarliestExpiryOfTheBasis() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("MEDIA-FILL").expiring(EXPIRY));

            assertThat(explain("BSL", FILL_OPERATOR, held, NOW).justifiedUntil())
                    .isEqualTo(EXPIRY);
        }

        @Verifies("URS-SEQ-001")
        @Test
        void isAbsentWhenNothingTheBasisRestsOnExpires() {
            List<HeldQualification> held = all(
                    aQualification("GMP-BASIC").withoutExpiry(),
                    aQualification("GDP-DOC").withoutExpiry(),
                    aQualification("BATCH-REVIEW").withoutExpiry());

            RoleDecision decision = explain("BSL", BSL_BATCH_REVIEWER, held, NOW);

            assertThat(decision.justified()).isTrue();
            assertThat(decision.justifiedUntil()).isNull();
            assertThat(decision.basis()).map(SetOutcome::metUntil).isEmpty();
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void carriesOnThroughARenewalAlreadyRecorded() {
            Instant renewal = EXPIRY.minus(Duration.ofDays(1));
            Instant renewedExpiry = EXPIRY.plus(Duration.ofDays(365));
            List<HeldQualification> held = new ArrayList<>(fillOperatorWith(
                    aQualification("GMP-BASIC").evidence("TR-OLD").expiring(EXPIRY)));
            held.add(aQualification("GMP-BASIC")
                    .evidence("TR-RENEWAL")
                    .completed(renewal)
                    .expiring(renewedExpiry)
                    .build());

            RoleDecision decision = explain("BSL", FILL_OPERATOR, held, NOW);

            assertThat(decision.basis()).map(SetOutcome::metUntil).hasValue(EXPIRY);
            assertThat(decision.justifiedUntil()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void coversTheHandOverFromOneSetToAnother() {
            Instant filler = EXPIRY;
            Instant isolator = EXPIRY.plus(Duration.ofDays(40));
            List<HeldQualificationFixtures.Builder> builders = setupTechBySet(1);
            builders.set(3, aQualification("FILLER-OP").level(3).expiring(filler));
            builders.add(aQualification("ISOLATOR-OP").level(2).expiring(isolator));
            builders.add(aQualification("LINE-CLEARANCE").completed(filler.minus(Duration.ofDays(1))));

            RoleDecision decision = explain("BSL", SETUP_TECH, build(builders), NOW);

            assertThat(decision.basis()).map(SetOutcome::index).hasValue(1);
            assertThat(decision.justifiedUntil()).isEqualTo(isolator);
        }
    }

    @Nested
    class Evaluation {

        @Verifies("URS-SEQ-001")
        @Test
        void decidesEveryRoleOfTheSiteInRoleOrder() {
            Entitlements entitlements = policy.evaluate(rules, "BSL", build(fillOperator()), NOW);

            assertThat(entitlements.decisions())
                    .extracting(RoleDecision::role)
                    .containsExactlyElementsOf(rules.rolesAt("BSL"))
                    .doesNotContain(OSD_OPERATOR);
            assertThat(entitlements.justifiedRoles()).containsExactly(FILL_OPERATOR);
            assertThat(entitlements.rulesVersion()).isEqualTo("demo-1");
            assertThat(entitlements.at()).isEqualTo(NOW);
        }

        @Verifies("URS-SEQ-001")
        @Test
        void givesTheSameDecisionAsExplainForEachRole() {
            List<HeldQualification> held = build(fillOperator());
            Entitlements entitlements = policy.evaluate(rules, "BSL", held, NOW);

            for (RoleName role : rules.rolesAt("BSL")) {
                assertThat(entitlements.decision(role)).hasValue(explain("BSL", role, held, NOW));
            }
        }

        @Verifies("URS-SEQ-001")
        @Test
        void explainsARoleThatNoRuleGivesAtTheSiteAsNotJustified() {
            RoleDecision decision = explain("BSL", OSD_OPERATOR, build(fillOperator()), NOW);

            assertThat(decision.justified()).isFalse();
            assertThat(decision.sets()).isEmpty();
            assertThat(decision.summary())
                    .isEqualTo("IND.OSD-1.OPERATOR not justified: no access rule gives this role at this site");
        }

        @Verifies("URS-SEQ-001")
        @Test
        void ignoresQualificationsNoRuleAsksFor() {
            List<HeldQualification> held = new ArrayList<>(build(fillOperator()));
            held.add(aQualification("REACTOR-OP").expiring(NOW.plusSeconds(5)).build());

            Entitlements entitlements = policy.evaluate(rules, "BSL", held, NOW);

            assertThat(entitlements.justifiedRoles()).containsExactly(FILL_OPERATOR);
            assertThat(entitlements.nextChangeAfter()).hasValue(NOW.plus(Duration.ofDays(365)));
        }
    }

    @Nested
    class NextChange {

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isTheEarliestExpiry() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("GDP-DOC").expiring(EXPIRY));

            assertThat(policy.evaluate(rules, "BSL", held, NOW).nextChangeAfter())
                    .hasValue(EXPIRY);
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void isTheEndOfGraceOnceTheExpiryHasPassed() {
            Instant expiry = Instant.parse("2026-05-30T04:00:00Z");
            List<HeldQualificationFixtures.Builder> builders = granulationOperator();
            builders.set(2, aQualification("GRAN-OP").expiring(expiry));

            Entitlements entitlements = policy.evaluate(rules, "IND", build(builders), expiry);

            assertThat(entitlements.decision(OSD_OPERATOR))
                    .hasValueSatisfying(
                            decision -> assertThat(decision.inGrace()).isTrue());
            assertThat(entitlements.nextChangeAfter()).hasValue(expiry.plus(Duration.ofDays(3)));
        }

        @Verifies("URS-SEQ-001")
        @Test
        void isACompletionDatedInTheFuture() {
            Instant completion = NOW.plus(Duration.ofDays(5));
            List<HeldQualificationFixtures.Builder> builders = granulationOperator();
            builders.set(3, aQualification("LOTO").completed(completion));

            Entitlements entitlements = policy.evaluate(rules, "IND", build(builders), NOW);

            assertThat(entitlements.justifiedRoles()).isEmpty();
            assertThat(entitlements.nextChangeAfter()).hasValue(completion);
            assertThat(policy.evaluate(rules, "IND", build(builders), completion)
                            .justifiedRoles())
                    .containsExactly(OSD_OPERATOR);
        }

        @Verifies("URS-SEQ-001")
        @Test
        void isStrictlyAfterTheInstantOfEvaluation() {
            List<HeldQualification> held =
                    fillOperatorWith(aQualification("GDP-DOC").expiring(EXPIRY));

            Entitlements entitlements = policy.evaluate(rules, "BSL", held, EXPIRY);

            assertThat(entitlements.nextChangeAfter())
                    .hasValueSatisfying(next -> assertThat(next).isAfter(EXPIRY));
        }

        @Verifies("URS-SEQ-001")
        @Test
        void isAbsentWhenNothingWillEverChange() {
            List<HeldQualification> held = all(
                    aQualification("GMP-BASIC").withoutExpiry(),
                    aQualification("GDP-DOC").withoutExpiry(),
                    aQualification("PACK-SERIAL").withoutExpiry());

            Entitlements entitlements = policy.evaluate(rules, "BSL", held, NOW);

            assertThat(entitlements.justifiedRoles()).containsExactly(PACK_OPERATOR);
            assertThat(entitlements.nextChangeAfter()).isEmpty();
        }

        @Verifies("URS-SEQ-001")
        @Test
        void ignoresRevokedQualifications() {
            List<HeldQualification> held = new ArrayList<>(build(fillOperator()));
            held.add(aQualification("CLEANROOM")
                    .evidence("TR-REVOKED")
                    .expiring(NOW.plusSeconds(10))
                    .revoked()
                    .build());

            assertThat(policy.evaluate(rules, "BSL", held, NOW).nextChangeAfter())
                    .hasValue(NOW.plus(Duration.ofDays(365)));
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void reevaluatingAtEachChangeFindsEveryTransition() {
            Instant gran = Instant.parse("2026-07-01T04:00:00Z");
            Instant press = Instant.parse("2026-08-01T04:00:00Z");
            List<HeldQualificationFixtures.Builder> builders = granulationOperator();
            builders.set(2, aQualification("GRAN-OP").expiring(gran));
            builders.add(aQualification("PRESS-OP").expiring(press));
            List<HeldQualification> held = build(builders);

            List<String> timeline = new ArrayList<>();
            Instant at = NOW;
            while (true) {
                Entitlements entitlements = policy.evaluate(rules, "IND", held, at);
                RoleDecision decision = entitlements.decision(OSD_OPERATOR).orElseThrow();
                timeline.add(at + " " + (decision.justified() ? "justified" : "not justified")
                        + (decision.inGrace() ? " in grace" : ""));
                if (entitlements.nextChangeAfter().isEmpty()) {
                    break;
                }
                at = entitlements.nextChangeAfter().get();
            }

            assertThat(timeline)
                    .containsSubsequence(
                            NOW + " justified",
                            press + " justified in grace",
                            press.plus(Duration.ofDays(3)) + " not justified")
                    .doesNotContain(gran + " justified in grace");
        }
    }

    @Nested
    class Properties {

        // Codes the Indianapolis rules ask for come up twice as often, so that roles are often justified.
        private static final List<String> CODES = List.of(
                "GMP-BASIC",
                "GDP-DOC",
                "GRAN-OP",
                "PRESS-OP",
                "LOTO",
                "PACK-SERIAL",
                "LINE-CLEARANCE",
                "BATCH-REVIEW",
                "GMP-BASIC",
                "GDP-DOC",
                "GRAN-OP",
                "PRESS-OP",
                "LOTO",
                "PACK-SERIAL",
                "LINE-CLEARANCE",
                "BATCH-REVIEW",
                "CLEANROOM",
                "ASEPTIC-GOWN",
                "MEDIA-FILL",
                "ISOLATOR-OP",
                "FILLER-OP",
                "SOP-BSL-FILL-014",
                "LYO-OP");

        private static HeldQualification randomQualification(Random random, int serial) {
            Instant completed = NOW.plus(Duration.ofDays(random.nextInt(-400, 30)));
            HeldQualificationFixtures.Builder builder = aQualification(CODES.get(random.nextInt(CODES.size())))
                    .evidence("TR-" + (serial % 7))
                    .level(1 + random.nextInt(3))
                    .completed(completed);
            builder = random.nextInt(5) == 0
                    ? builder.withoutExpiry()
                    : builder.expiring(completed.plus(Duration.ofDays(1 + random.nextInt(500))));
            if (random.nextInt(10) == 0) {
                builder = builder.revoked();
            }
            return builder.build();
        }

        private static List<HeldQualification> randomQualifications(Random random) {
            int count = 4 + random.nextInt(30);
            return Stream.iterate(0, i -> i + 1)
                    .limit(count)
                    .map(i -> randomQualification(random, i))
                    .toList();
        }

        /** Around now, or close after one of the expiries, where grace periods and hand-overs happen. */
        private static Instant randomInstant(Random random, List<HeldQualification> held) {
            List<Instant> expiries = held.stream()
                    .map(HeldQualification::expiresAt)
                    .filter(Objects::nonNull)
                    .toList();
            if (expiries.isEmpty() || random.nextBoolean()) {
                return NOW.plus(Duration.ofHours(random.nextInt(-2000, 2000)));
            }
            return expiries.get(random.nextInt(expiries.size())).plus(Duration.ofMinutes(random.nextInt(0, 6000)));
        }

        @Verifies("URS-SEQ-001")
        @Test
        void theOrderOfTheQualificationsNeverChangesTheOutcome() {
            Random random = new Random(20260601L);
            for (int run = 0; run < 300; run++) {
                List<HeldQualification> held = randomQualifications(random);
                Instant at = randomInstant(random, held);
                List<HeldQualification> shuffled = new ArrayList<>(held);
                Collections.shuffle(shuffled, random);
                for (String site : List.of("BSL", "IND")) {
                    assertThat(policy.evaluate(rules, site, shuffled, at))
                            .as("run %d at %s", run, site)
                            .isEqualTo(policy.evaluate(rules, site, held, at));
                }
            }
        }

        @Verifies("URS-SEQ-001")
        @Test
        void addingAValidQualificationNeverRemovesARole() {
            Random random = new Random(4242L);
            for (int run = 0; run < 300; run++) {
                List<HeldQualification> held = randomQualifications(random);
                Instant at = randomInstant(random, held);
                HeldQualification added = aQualification(CODES.get(random.nextInt(CODES.size())))
                        .evidence("TR-ADDED")
                        .level(1 + random.nextInt(3))
                        .completed(at.minus(Duration.ofDays(1)))
                        .expiring(at.plus(Duration.ofDays(1 + random.nextInt(100))))
                        .build();
                List<HeldQualification> more = new ArrayList<>(held);
                more.add(added);
                for (String site : List.of("BSL", "IND")) {
                    SortedSet<RoleName> before =
                            policy.evaluate(rules, site, held, at).justifiedRoles();
                    SortedSet<RoleName> after =
                            policy.evaluate(rules, site, more, at).justifiedRoles();
                    assertThat(after).as("run %d at %s", run, site).containsAll(before);
                }
            }
        }

        @Verifies({"URS-SEQ-001", "URS-SEQ-002"})
        @Test
        void aRoleIsJustifiedExactlyUntilItsJustifiedUntil() {
            Random random = new Random(7L);
            for (int run = 0; run < 200; run++) {
                List<HeldQualification> held = randomQualifications(random);
                Instant at = randomInstant(random, held);
                for (RoleDecision decision :
                        policy.evaluate(rules, "IND", held, at).decisions()) {
                    Instant until = decision.justifiedUntil();
                    if (decision.justified() && until != null) {
                        assertThat(explain("IND", decision.role(), held, until.minusNanos(1))
                                        .justified())
                                .as("run %d: %s just before %s", run, decision.role(), until)
                                .isTrue();
                        assertThat(explain("IND", decision.role(), held, until).justified())
                                .as("run %d: %s at %s", run, decision.role(), until)
                                .isFalse();
                    }
                }
            }
        }
    }

    @Verifies("URS-SEQ-001")
    @Test
    void aLeadNeedsHigherLevelsThanAnOperator() {
        List<HeldQualification> held = build(fillOperator());

        RoleDecision lead = explain("BSL", FILL_LEAD, held, NOW);

        assertThat(lead.justified()).isFalse();
        assertThat(lead.sets().getFirst().unmet())
                .extracting(RequirementOutcome::reason)
                .containsExactly(
                        "ASEPTIC-GOWN level 1 below required 2",
                        "ISOLATOR-OP level 1 below required 2",
                        "FILLER-OP level 1 below required 2",
                        "LINE-CLEARANCE not held");
    }
}
