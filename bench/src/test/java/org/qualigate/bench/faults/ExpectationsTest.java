package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final Expectations model = new Expectations();

    private void base(String p) {
        model.person(p);
        model.accepted(new HrEvent("m1", p, "WD-CERT-1001", false, 1, null), T0);
        model.accepted(new HrEvent("m2", p, "WD-CERT-1002", false, 1, null), T0.plusSeconds(1));
    }

    private void batchReview(String p, boolean revoked, long version, int atSecond, Instant expires) {
        model.accepted(
                new HrEvent("m" + version + atSecond, p, "WD-CERT-6001", revoked, version, expires),
                T0.plusSeconds(atSecond));
    }

    @Test
    void eachRiseAndFallOfTheEntitlementAllowsOneChange() {
        base("P1");
        batchReview("P1", false, 1, 10, null);
        batchReview("P1", true, 2, 20, null);
        batchReview("P1", false, 3, 30, null);

        Expectations.Allowed allowed = model.allowed("P1", T0.plusSeconds(60));

        assertThat(allowed).isEqualTo(new Expectations.Allowed(2, 1, true, null));
    }

    @Test
    void aStaleVersionChangesNothingAndTheHigherOfTwoOutOfOrderVersionsWins() {
        base("P2");
        batchReview("P2", false, 1, 10, null);
        batchReview("P2", true, 3, 20, null);
        batchReview("P2", false, 2, 21, null);

        Expectations.Allowed allowed = model.allowed("P2", T0.plusSeconds(60));

        assertThat(allowed.holdsAtEnd()).isFalse();
        assertThat(allowed.adds()).isEqualTo(1);
        assertThat(allowed.removes()).isEqualTo(1);
    }

    @Test
    void anExpiryIsAFallAtItsInstantAndTheRoleIsGoneAfterIt() {
        base("P3");
        Instant expiry = T0.plusSeconds(20);
        batchReview("P3", false, 1, 10, expiry);

        assertThat(model.allowed("P3", T0.plusSeconds(15)).holdsAtEnd()).isTrue();
        Expectations.Allowed after = model.allowed("P3", T0.plusSeconds(25));
        assertThat(after).isEqualTo(new Expectations.Allowed(1, 1, false, expiry));
    }

    @Test
    void withoutAllThreeCertificationsTheRoleIsNeverCalledFor() {
        model.person("P4");
        model.accepted(new HrEvent("x", "P4", "WD-CERT-6001", false, 1, null), T0);

        assertThat(model.allowed("P4", T0.plusSeconds(5))).isEqualTo(new Expectations.Allowed(0, 0, false, null));
    }
}
