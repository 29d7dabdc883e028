package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.Fault;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Nobody loses a role in the middle of their shift or of a work order they hold: the revocation waits
 * for the shift's end or the work order's close, visibly and within a bound; a grant never waits.
 */
class ShiftProtectionIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";

    @AfterEach
    void heal() {
        sandbox().faults().clear();
    }

    @Verifies("URS-SEQ-005")
    @Test
    void aCertificationExpiringMidShiftIsRevokedAtTheShiftsEndExactly() {
        // 1 December, winter time in Basel (UTC+1): the early shift runs 06:00–14:00, i.e. 05:00–13:00 UTC.
        clock.set(Instant.parse("2026-12-01T07:30:00Z"));
        String person = reviewerOnShift("early", "2026-12-01T09:00:00Z"); // expires 10:00 Basel time

        clock.set(Instant.parse("2026-12-01T08:59:59Z"));
        JsonNode deferral = awaitActiveDeferral(person);
        assertThat(deferral.get("until").asString()).isEqualTo("2026-12-01T13:00:00Z");
        assertThat(deferral.get("reason").asString()).isEqualTo("on shift early 06:00–14:00 Europe/Zurich");
        assertThat(mesGroupsOf(person)).contains(REVIEWER);

        JsonNode explained = json(get("/api/v1/explain?employeeId=" + person + "&role=" + REVIEWER));
        assertThat(explained.get("held").asBoolean()).isFalse();
        assertThat(explained.get("revocationDeferred").asBoolean()).isTrue();
        assertThat(explained.get("deferrals").get(0).get("until").asString()).isEqualTo("2026-12-01T13:00:00Z");
        assertThat(json(get("/api/v1/people/" + person)).get("deferrals")).hasSize(1);
        assertThat(actions(person)).contains("revocation.deferred");

        // One second before the end of the shift the role is still there; at the end it goes.
        clock.set(Instant.parse("2026-12-01T12:59:59Z"));
        assertThat(mesGroupsOf(person)).contains(REVIEWER);
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
        // the MES changes before the worker's transaction records it: wait for the record too
        JsonNode revoked = await().atMost(Duration.ofSeconds(60))
                .until(() -> lastEntry(person, "role.revoked"), java.util.Objects::nonNull);
        assertThat(revoked.get("new").get("effectiveAt").asString()).isEqualTo("2026-12-01T13:00:00Z");
        assertThat(revoked.get("new").get("deferral").get("reason").asString()).contains("on shift early");
        assertThat(revoked.get("reason").asString()).contains("deferred since");
        assertThat(actions(person)).contains("revocation.deferral-ended");
        assertThat(json(get("/api/v1/deferrals?active=true&employeeId=" + person))
                        .get("deferrals"))
                .isEmpty();
    }

    @Verifies("URS-SEQ-005")
    @Test
    void aGrantDuringAShiftIsImmediate() {
        clock.set(Instant.parse("2026-12-03T09:00:00Z"));
        String person = reviewerOnShift("early", null);
        assertThat(mesGroupsOf(person)).contains(REVIEWER);
        assertThat(actions(person)).doesNotContain("revocation.deferred");
    }

    @Verifies("URS-SEQ-005")
    @Test
    void anActiveWorkOrderDefersTheRevocationToItsExpectedClose() {
        clock.set(Instant.parse("2026-12-04T07:00:00Z"));
        String person = reviewerOnShift(null, "2026-12-04T08:00:00Z");
        sandbox().scheduling().openWorkOrder(person, "WO-" + person, "FILL-1", Instant.parse("2026-12-04T10:30:00Z"));

        clock.set(Instant.parse("2026-12-04T07:59:59Z"));
        JsonNode deferral = awaitActiveDeferral(person);
        assertThat(deferral.get("until").asString()).isEqualTo("2026-12-04T10:30:00Z");
        assertThat(deferral.get("reason").asString()).startsWith("work order WO-" + person + " active on FILL-1");

        sandbox().scheduling().closeWorkOrder("WO-" + person);
        clock.set(Instant.parse("2026-12-04T10:29:59Z"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
        // the MES answers before the worker's audit entry commits: wait for the entry too
        await().atMost(Duration.ofSeconds(60)).until(() -> lastEntry(person, "role.revoked") != null);
        assertThat(lastEntry(person, "role.revoked")
                        .get("new")
                        .get("effectiveAt")
                        .asString())
                .isEqualTo("2026-12-04T10:30:00Z");
    }

    @Verifies("URS-SEQ-005")
    @Test
    void theMaximumDeferralCapsAWorkOrderThatRunsLonger() {
        clock.set(Instant.parse("2026-12-05T07:00:00Z"));
        String person = reviewerOnShift(null, "2026-12-05T08:00:00Z");
        sandbox().scheduling().openWorkOrder(person, "WO-" + person, "LYO-2", Instant.parse("2026-12-06T12:00:00Z"));

        clock.set(Instant.parse("2026-12-05T07:59:59Z"));
        JsonNode deferral = awaitActiveDeferral(person);
        Instant since = Instant.parse(deferral.get("since").asString());
        assertThat(Instant.parse(deferral.get("until").asString())).isEqualTo(since.plus(Duration.ofHours(12)));
        assertThat(deferral.get("bound").asString())
                .isEqualTo(deferral.get("until").asString());

        clock.set(since.plus(Duration.ofHours(12)).minusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
        await().atMost(Duration.ofSeconds(60)).until(() -> lastEntry(person, "role.revoked") != null);
        assertThat(lastEntry(person, "role.revoked")
                        .get("new")
                        .get("deferral")
                        .get("endReason")
                        .asString())
                .contains("maximum deferral");
    }

    @Verifies({"URS-SEQ-005", "URS-DEV-003"})
    @Test
    void aSchedulingOutageHoldsTheRevocationInsteadOfRevokingBlindly() {
        clock.set(Instant.parse("2026-12-07T07:00:00Z"));
        String person = reviewerOnShift(null, "2026-12-07T08:00:00Z");
        sandbox().faults().inject(Fault.down("factorytalk"));

        clock.set(Instant.parse("2026-12-07T07:59:59Z"));
        JsonNode deferral = awaitActiveDeferral(person);
        assertThat(deferral.get("reason").asString()).startsWith("scheduling system unavailable");
        // re-checked a quarter of an hour after the expiry (qualigate.access.deferral-recheck)
        assertThat(Instant.parse(deferral.get("until").asString()))
                .isBetween(Instant.parse("2026-12-07T08:15:00Z"), Instant.parse("2026-12-07T08:15:02Z"));
        assertThat(mesGroupsOf(person)).contains(REVIEWER);

        // The schedule can be read again: at the re-check the person is not at work, so the role goes.
        sandbox().faults().clear();
        clock.set(Instant.parse("2026-12-07T08:14:59Z"));
        assertThat(mesGroupsOf(person)).contains(REVIEWER);
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
    }

    @Verifies({"URS-SEQ-005", "URS-TIM-001"})
    @Test
    void aNightShiftProtectsPastMidnightUntilItsMorningEnd() {
        // Night shift 22:00–06:00 Basel; the certification expires at 00:30 on 9 December, local time.
        clock.set(Instant.parse("2026-12-08T22:00:00Z"));
        String person = reviewerOnShift("night", "2026-12-08T23:30:00Z");

        clock.set(Instant.parse("2026-12-08T23:29:59Z"));
        JsonNode deferral = awaitActiveDeferral(person);
        assertThat(deferral.get("until").asString()).isEqualTo("2026-12-09T05:00:00Z");
        assertThat(deferral.get("reason").asString()).isEqualTo("on shift night 22:00–06:00 Europe/Zurich");

        clock.set(Instant.parse("2026-12-09T04:59:59Z"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
        await().atMost(Duration.ofSeconds(60)).until(() -> lastEntry(person, "role.revoked") != null);
        assertThat(lastEntry(person, "role.revoked")
                        .get("new")
                        .get("effectiveAt")
                        .asString())
                .isEqualTo("2026-12-09T05:00:00Z");
    }

    /** A Basel batch reviewer, on the named shift (or none), whose batch-review certification expires then. */
    private String reviewerOnShift(String shift, String batchReviewExpiresAt) {
        String person = newPerson("BSL");
        if (shift != null) {
            sandbox().scheduling().assignShift(person, "BSL", shift);
        }
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001")
                .expiring(batchReviewExpiresAt)
                .json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(REVIEWER));
        return person;
    }

    private JsonNode awaitActiveDeferral(String person) {
        String path = "/api/v1/deferrals?active=true&employeeId=" + person;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !json(get(path)).get("deferrals").isEmpty());
        return json(get(path)).get("deferrals").get(0);
    }

    private java.util.List<String> actions(String person) {
        return json(get("/api/v1/audit?employeeId=" + person)).findValuesAsString("action");
    }

    private JsonNode lastEntry(String person, String action) {
        JsonNode entries = json(get("/api/v1/audit?employeeId=" + person + "&action=" + action));
        JsonNode list = entries.isArray() ? entries : entries.get("entries");
        return list.get(list.size() - 1);
    }
}
