package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a delivery intends replaces, in one statement, everything an earlier attempt intended for the person in the
 * target: nothing an earlier attempt meant to do is left to be taken later for the cause of a change.
 */
class DeliveryIntentsIT extends QualigateIT {

    private static final RoleName KEPT = RoleName.of("BSL.QA.BATCH_REVIEWER");
    private static final RoleName DROPPED = RoleName.of("BSL.FILL-1.OPERATOR");
    private static final RoleName ADDED = RoleName.of("BSL.FILL-1.SUPERVISOR");

    @Autowired
    DeliveryIntents intents;

    @Verifies("URS-AUD-077")
    @Test
    void aDeliverysIntentsReplaceWhatAnEarlierAttemptIntendedForThePersonInTheTarget() {
        EmployeeId person = EmployeeId.of("E8" + UUID.randomUUID().toString().substring(0, 8));
        Instant earlier = Instant.parse("2026-03-01T08:00:00.123456Z");
        Instant later = Instant.parse("2026-03-01T08:05:00.654321Z");
        WorkQueue.Lease first = new WorkQueue.Lease(person, "mes", 11, 1, 0, earlier);
        WorkQueue.Lease second = new WorkQueue.Lease(person, "mes", 12, 1, 0, earlier);
        WorkQueue.Lease elsewhere = new WorkQueue.Lease(person, "other-mes", 13, 1, 0, earlier);
        intents.replace(first, List.of(intent(KEPT, true, earlier, 11), intent(DROPPED, true, earlier, 11)));
        intents.replace(elsewhere, List.of(intent(DROPPED, true, earlier, 13)));

        intents.replace(second, List.of(intent(KEPT, false, later, 12), intent(ADDED, true, later, 12)));

        Map<RoleName, DeliveryIntents.Intent> now = intents.of(second);
        assertThat(now).containsOnlyKeys(KEPT, ADDED);
        assertThat(now.get(KEPT).grant()).isFalse();
        assertThat(now.get(KEPT).leaseToken()).isEqualTo(12);
        assertThat(now.get(KEPT).intendedAt()).isEqualTo(later);
        assertThat(now.get(KEPT).entry().reason()).isEqualTo("revoke " + KEPT);
        assertThat(now.get(ADDED).entry().newValue()).containsEntry("role", ADDED.value());
        // another target's intents for the same person are not touched
        assertThat(intents.of(elsewhere)).containsOnlyKeys(DROPPED);

        intents.replace(second, List.of());
        assertThat(intents.of(second)).isEmpty();
        intents.clear(elsewhere);
        assertThat(intents.of(elsewhere)).isEmpty();
    }

    private static DeliveryIntents.Intent intent(RoleName role, boolean grant, Instant at, long token) {
        String verb = grant ? "grant" : "revoke";
        return new DeliveryIntents.Intent(
                role,
                grant,
                at,
                token,
                new AssignmentEntries.Entry(
                        grant ? "role.granted" : "role.revoked",
                        null,
                        Map.of("role", role.value()),
                        verb + " " + role,
                        "basis of " + verb,
                        null));
    }
}
