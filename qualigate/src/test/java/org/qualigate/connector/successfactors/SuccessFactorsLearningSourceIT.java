package org.qualigate.connector.successfactors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.completion;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.settings;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.HrisSource.PullPage;
import org.qualigate.connector.HrisSource.PullWindow;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.Worker;
import org.qualigate.support.SharedSandbox;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;

/** The SuccessFactors adapter over real HTTP against the sandbox simulator: paging, windows, 429 and 401. */
class SuccessFactorsLearningSourceIT {

    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();
    private static final Instant NOV_19 = Instant.parse("2026-11-19T15:00:00Z");
    private static final PullWindow NOVEMBER =
            new PullWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-30T23:59:59Z"));

    private final Sandbox sandbox = SharedSandbox.get();
    private final Clock clock = Clock.systemUTC();

    @AfterEach
    void resetSimulator() {
        sandbox.faults().clear();
        sandbox.successFactors().userPageSize(1000);
        sandbox.successFactors().learningPageSize(100);
    }

    @Verifies("URS-INT-004")
    @Test
    void followsTheServersNextLinksUntilThereIsNoneAndReadsEveryUsersWholeHistory() {
        List<String> people = List.of(newLearner(), newLearner(), newLearner());
        for (String id : people) {
            certify(id, "WD-CERT-1001", NOV_19);
            certify(id, "WD-CERT-1002", NOV_19);
        }
        sandbox.successFactors().userPageSize(2);
        sandbox.successFactors().learningPageSize(1);
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(settings(sandbox), clock, Traces.CallRecorder.NONE);

        List<PullPage> pages = pullAll(source, NOVEMBER);

        assertThat(pages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pages.getLast().nextPageToken()).isNull();
        assertThat(recordsOf(pages, people))
                .hasSize(6)
                .allSatisfy(r -> assertThat(r.problem()).isNull())
                .extracting(r -> r.fields().certificationId())
                .containsOnly("SF-ITM-GMP101", "SF-ITM-GDP110");
    }

    @Verifies({"URS-INT-004", "URS-INT-006"})
    @Test
    void keepsOnlyTheRecordsRevisedOrCompletedInTheWindow() {
        String learner = newLearner();
        certify(learner, "WD-CERT-1001", Instant.parse("2026-10-10T15:00:00Z"));
        certify(learner, "WD-CERT-6001", NOV_19);
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(settings(sandbox), clock, Traces.CallRecorder.NONE);

        List<SourceRecord> records = recordsOf(pullAll(source, NOVEMBER), List.of(learner));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.fields().certificationId()).isEqualTo("SF-ITM-BRR600");
            assertThat(r.fields().sourceVersion()).isEqualTo(NOV_19.toEpochMilli());
        });
    }

    @Verifies({"URS-INT-004", "URS-INT-006"})
    @Test
    void withChangedUsersOnlyAsksOnlyAboutUsersWhoseUserRecordChangedInTheWindow() {
        String changed = newLearner();
        String unchanged = newLearner();
        certify(changed, "WD-CERT-1001", NOV_19);
        certify(unchanged, "WD-CERT-1001", NOV_19);
        sandbox.successFactors().lastModified(changed, Instant.parse("2026-11-19T16:00:00Z"));
        sandbox.successFactors().lastModified(unchanged, Instant.parse("2026-10-01T00:00:00Z"));
        SuccessFactorsLearningSource source = new SuccessFactorsLearningSource(
                settings(sandbox, "sandbox-sf-password", true, 3), clock, Traces.CallRecorder.NONE);

        List<SourceRecord> records = recordsOf(pullAll(source, NOVEMBER), List.of(changed, unchanged));

        assertThat(records).extracting(r -> r.fields().employeeId()).containsExactly(changed);
    }

    @Verifies({"URS-INT-004", "URS-BCP-001"})
    @Test
    void waitsOutA429WithinThePullAsRetryAfterAsks() {
        String learner = newLearner();
        certify(learner, "WD-CERT-1001", NOV_19);
        sandbox.faults().inject(Fault.rateLimited("successfactors", "GET /learninghistorys", Duration.ofSeconds(1), 1));
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(settings(sandbox), clock, Traces.CallRecorder.NONE);

        long started = System.nanoTime();
        List<SourceRecord> records = recordsOf(pullAll(source, NOVEMBER), List.of(learner));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(records).hasSize(1);
    }

    @Verifies({"URS-INT-004", "URS-BCP-001"})
    @Test
    void aRateLimitBeyondTheRetriesGoesToTheSchedulerWithTheWaitTheServerAskedFor() {
        sandbox.faults().inject(Fault.rateLimited("successfactors", "GET /User", Duration.ofSeconds(7), 1));
        SuccessFactorsLearningSource source = new SuccessFactorsLearningSource(
                settings(sandbox, "sandbox-sf-password", false, 0), clock, Traces.CallRecorder.NONE);

        assertThatThrownBy(() -> source.pull(NOVEMBER, null)).isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.getMessage()).contains("429", "COE_TOO_MANY_REQUESTS");
        });
    }

    @Verifies({"URS-INT-004", "URS-DEV-002"})
    @Test
    void wrongCredentialsAreAPermanentFailureWithTheServersReason() {
        SuccessFactorsLearningSource source = new SuccessFactorsLearningSource(
                settings(sandbox, "wrong-password", false, 3), clock, Traces.CallRecorder.NONE);

        assertThatThrownBy(() -> source.pull(NOVEMBER, null)).isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage()).contains("401", "LGN0011").doesNotContain("wrong-password");
        });
    }

    @Verifies("URS-DEV-002")
    @Test
    void aNextLinkToAnotherServerIsNotFollowedWithTheTenantsCredentials() {
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(settings(sandbox), clock, Traces.CallRecorder.NONE);

        assertThatThrownBy(() -> source.pull(NOVEMBER, "http://attacker.example/odata/v2/User?$skiptoken=x"))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isFalse());
    }

    @Verifies({"URS-INT-004", "URS-INT-009"})
    @Test
    void theDirectoryListsInactiveUsersWithTheirManagerAndSite() {
        String manager = newLearner();
        String leaver = "SF" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox.hris().put(worker(leaver, "IND", Worker.TERMINATED, manager));
        sandbox.successFactors().userPageSize(3);

        List<HrisDirectory.Worker> workers =
                new SuccessFactorsDirectory(settings(sandbox), clock, Traces.CallRecorder.NONE).workers();

        assertThat(workers)
                .filteredOn(w -> w.employeeId().equals(leaver))
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.status()).isEqualTo("TERMINATED");
                    assertThat(w.supervisorId()).isEqualTo(manager);
                    assertThat(w.site()).isEqualTo("IND");
                    assertThat(w.hireDate()).hasToString("2024-01-15");
                });
        assertThat(workers)
                .extracting(HrisDirectory.Worker::employeeId)
                .contains(manager)
                .doesNotHaveDuplicates();
    }

    private String newLearner() {
        String id = "SF" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox.hris().put(worker(id, "BSL", Worker.ACTIVE, null));
        return id;
    }

    private void certify(String employeeId, String workdayId, Instant at) {
        sandbox.hris().putCertification(completion("TR-" + employeeId + "-" + workdayId, employeeId, workdayId, at));
    }

    static List<PullPage> pullAll(SuccessFactorsLearningSource source, PullWindow window) {
        List<PullPage> pages = new ArrayList<>();
        String token = null;
        do {
            PullPage page = source.pull(window, token);
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null && pages.size() < 10_000);
        return pages;
    }

    static List<SourceRecord> recordsOf(List<PullPage> pages, List<String> people) {
        return pages.stream()
                .flatMap(p -> p.records().stream())
                .filter(r -> people.stream().anyMatch(id -> r.key().startsWith(id + "/")))
                .toList();
    }
}
