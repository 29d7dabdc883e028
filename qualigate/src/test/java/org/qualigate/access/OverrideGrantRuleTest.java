package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;
import org.qualigate.ledger.Person;
import org.qualigate.text.Refusal;
import org.qualigate.validation.Verifies;

/** An override is granted for at most 24 hours, with a reason, to an active person, for a role not suspended. */
class OverrideGrantRuleTest {

    private static OverrideGrantRule.Request aRequest() {
        return new OverrideGrantRule.Request(
                8, "line 3 fill, qualified operator ill", Person.Status.ACTIVE, true, false);
    }

    @Verifies("URS-SEQ-006")
    @Test
    void aWellFormedRequestForAnActivePersonIsAllowed() {
        assertThat(OverrideGrantRule.check(aRequest())).isEmpty();
    }

    @Verifies("URS-SEQ-006")
    @Test
    void moreThanADayOrNoTimeAtAllIsRefusedByItsHours() {
        for (double hours : new double[] {0, -1, 24.01, Double.NaN}) {
            var r = aRequest();
            assertThat(OverrideGrantRule.check(
                            new OverrideGrantRule.Request(hours, r.reason(), r.personStatus(), true, false)))
                    .extracting(Refusal::field)
                    .containsExactly("hours");
        }
        assertThat(OverrideGrantRule.check(
                        new OverrideGrantRule.Request(24, "a reason long enough", Person.Status.ACTIVE, true, false)))
                .isEmpty();
    }

    @Verifies("URS-SEQ-006")
    @Test
    void aShortReasonAndAnUnknownPersonAndAForeignRoleAreEachNamed() {
        assertThat(OverrideGrantRule.check(new OverrideGrantRule.Request(8, "  too short ", null, false, false)))
                .extracting(Refusal::field, Refusal::reason)
                .containsExactly(
                        tuple("reason", "is required, at least 10 characters"),
                        tuple("employeeId", "is not a known person"),
                        tuple("role", "is not a role of the plant"));
    }

    @Verifies("URS-SEQ-006")
    @Test
    void aTerminatedPersonOrASuspendedRoleIsRefusedWithTheReason() {
        assertThat(OverrideGrantRule.check(
                        new OverrideGrantRule.Request(8, "a reason long enough", Person.Status.TERMINATED, true, true)))
                .extracting(Refusal::field, Refusal::reason)
                .containsExactly(
                        tuple("employeeId", "is terminated; only active people can get an override"),
                        tuple(
                                "role",
                                "is suspended for this person by an access review; only a QA approver can lift the"
                                        + " suspension"));
    }
}
