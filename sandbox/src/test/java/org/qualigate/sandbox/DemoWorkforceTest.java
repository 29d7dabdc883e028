package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoWorkforceTest {

    static final DemoPlant PLANT = DemoPlant.load();
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-11-20");

    @Test
    void theSameSeedGivesTheSameWorkforce() {
        DemoWorkforce.Result a = DemoWorkforce.generate(PLANT, 42, NOW);
        DemoWorkforce.Result b = DemoWorkforce.generate(PLANT, 42, NOW);

        assertThat(a.workers()).isEqualTo(b.workers());
        assertThat(a.records()).isEqualTo(b.records());
    }

    @Test
    void anotherSeedGivesAnotherWorkforce() {
        assertThat(DemoWorkforce.generate(PLANT, 42, NOW).workers())
                .isNotEqualTo(DemoWorkforce.generate(PLANT, 43, NOW).workers());
    }

    @Test
    void hasThePlantsHeadcountPerSiteWithUniqueEmployeeIds() {
        DemoWorkforce.Result result = DemoWorkforce.generate(PLANT, 7, NOW);

        Map<String, Long> perSite =
                result.workers().stream().collect(Collectors.groupingBy(Worker::site, Collectors.counting()));
        assertThat(perSite).containsExactlyInAnyOrderEntriesOf(Map.of("BSL", 847L, "IND", 420L, "SGP", 190L));
        assertThat(result.workers()).extracting(Worker::employeeId).doesNotHaveDuplicates();
        assertThat(result.workers()).allSatisfy(w -> assertThat(w.employeeId()).matches("E\\d{5}"));
        assertThat(result.workers()).extracting(Worker::email).doesNotHaveDuplicates();
    }

    @Test
    void supervisorsWorkAtTheSameSite() {
        DemoWorkforce.Result result = DemoWorkforce.generate(PLANT, 7, NOW);
        Map<String, Worker> byId = result.workers().stream().collect(Collectors.toMap(Worker::employeeId, w -> w));

        assertThat(result.workers().stream().filter(w -> w.supervisorId() == null))
                .hasSize(3);
        assertThat(result.workers())
                .filteredOn(w -> w.supervisorId() != null)
                .allSatisfy(w -> assertThat(byId.get(w.supervisorId()).site()).isEqualTo(w.site()));
    }

    @Test
    void certificationsUseWorkdayIdsOnlyAndAboutSixPercentExpireWithinThirtyDays() {
        DemoWorkforce.Result result = DemoWorkforce.generate(PLANT, 7, NOW);
        Set<String> workdayIds = PLANT.qualifications().stream()
                .filter(DemoPlant.Qualification::hris)
                .map(DemoPlant.Qualification::workday)
                .collect(Collectors.toSet());

        assertThat(result.records()).allSatisfy(r -> assertThat(workdayIds).contains(r.certificationId()));
        long expiringSoon = result.records().stream()
                .filter(r -> !LocalDate.parse(r.expiresOn()).isBefore(TODAY)
                        && LocalDate.parse(r.expiresOn()).isBefore(TODAY.plusDays(30)))
                .count();
        long expired = result.records().stream()
                .filter(r -> LocalDate.parse(r.expiresOn()).isBefore(TODAY))
                .count();
        double share = (double) expiringSoon / result.records().size();
        assertThat(share).isBetween(0.045, 0.075);
        assertThat(expired).isPositive();
        assertThat(result.records()).allSatisfy(r -> assertThat(r.approvedAt()).isBeforeOrEqualTo(NOW));
        assertThat(result.records())
                .extracting(CertificationRecord::sourceRecordId)
                .doesNotHaveDuplicates();
    }

    @Test
    void batchReviewersHoldTheBatchReviewCertification() {
        DemoWorkforce.Result result = DemoWorkforce.generate(PLANT, 7, NOW);

        long reviewers = result.profiles().values().stream()
                .filter(p -> p.role() != null && p.role().endsWith(".QA.BATCH_REVIEWER"))
                .count();
        long withBatchReview = result.records().stream()
                .filter(r -> r.certificationId().equals("WD-CERT-6001"))
                .map(CertificationRecord::employeeId)
                .distinct()
                .count();

        assertThat(reviewers).isGreaterThan(90);
        assertThat(withBatchReview).isBetween((long) (reviewers * 0.9), reviewers);
    }
}
