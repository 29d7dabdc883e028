package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** While the MES is down nothing is lost; when it returns, every change is applied exactly once. */
class TargetDownIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void heal() {
        sandbox().faults().clear();
    }

    @Verifies("URS-BCP-001")
    @Test
    void changesMadeWhileTheMesIsDownAreAppliedOnceWhenItReturns() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            people.add(newPerson("BSL"));
        }
        long before = sandbox().sideEffects().all().stream()
                .mapToLong(SideEffect::seq)
                .max()
                .orElse(0);
        sandbox().faults().inject(Fault.down("scim"));

        for (String p : people) {
            hook(certification(p, "WD-CERT-1001").json());
            hook(certification(p, "WD-CERT-1002").json());
            hook(certification(p, "WD-CERT-6001").json());
            // the same completion delivered twice by the HRIS changes nothing twice
            hook(certification(p, "WD-CERT-6001").record("DUP-" + p).json());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> attemptsFor(people) >= people.size());
        assertThat(people).allSatisfy(p -> assertThat(mesGroupsOf(p)).doesNotContain("BSL.QA.BATCH_REVIEWER"));

        sandbox().faults().clear();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> people.stream().allMatch(p -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER")));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(people) == 0);

        List<SideEffect> adds = sandbox().sideEffects().since(before).stream()
                .filter(e -> e.operation().equals("group.member.add"))
                .filter(e -> people.contains(e.detail()))
                .toList();
        assertThat(adds).hasSize(people.size());
        assertThat(adds).extracting(SideEffect::detail).containsExactlyInAnyOrderElementsOf(people);
        sealAuditTrail();
        for (String p : people) {
            assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND action = 'role.granted'")
                            .param(p)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Verifies("URS-BCP-001")
    @Test
    void aRateLimitedMesIsRetriedAfterTheTimeItAsksFor() {
        String p = newPerson("BSL");
        sandbox().faults().inject(Fault.rateLimited("scim", "*", Duration.ofSeconds(1), 2));
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER"));
    }

    @Verifies({"URS-BCP-001", "URS-DI-007"})
    @Test
    void aChangeTheMesCommittedWithoutAnsweringIsRecordedOnceAndNotAppliedAgain() {
        String p = newPerson("BSL");
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        long before = sandbox().sideEffects().all().stream()
                .mapToLong(SideEffect::seq)
                .max()
                .orElse(0);
        sandbox()
                .faults()
                .inject(new Fault(
                        "scim", "PATCH /Groups", Fault.Mode.COMMIT_THEN_TIMEOUT, 0, Duration.ofSeconds(4), 1, 1.0));

        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(p)) == 0 && grantsAudited(p) == 1);

        assertThat(mesGroupsOf(p)).contains("BSL.QA.BATCH_REVIEWER");
        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.operation().equals("group.member.add")
                                && e.detail().equals(p)))
                .hasSize(1);
        assertThat(grantsAudited(p)).isEqualTo(1);
    }

    private long grantsAudited(String p) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND action = 'role.granted'")
                .param(p)
                .query(Long.class)
                .single();
    }

    private long attemptsFor(List<String> people) {
        return jdbc.sql("SELECT count(*) FROM work_item WHERE attempts > 0 AND employee_id IN (:ids)")
                .param("ids", people)
                .query(Long.class)
                .single();
    }
}
