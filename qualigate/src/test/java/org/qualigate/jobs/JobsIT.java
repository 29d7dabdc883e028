package org.qualigate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditTrail;
import org.qualigate.intake.CsvImportJob;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Long work in the background is done once and never left "running": two instances reaching for the same queue
 * run each job exactly once; an instance that stops marks its running job interrupted; a job whose instance
 * died is marked interrupted by another once the lease has run out; and a real CSV import reports its progress
 * and ends with the link to its run.
 */
class JobsIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditTrail audit;

    @Autowired
    Jobs jobs;

    @Autowired
    JobRunner runner;

    @Verifies("URS-BCP-090")
    @Test
    void twoInstancesReachingForTheSameJobsRunEachExactlyOnce() throws Exception {
        String kind = "test-count-" + UUID.randomUUID().toString().substring(0, 8);
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        JobHandler counting = handler(kind, job -> {
            runs.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
            return new JobResult("/jobs/" + job.id(), "counted");
        });
        JobRunner a = instance(counting, clock);
        JobRunner b = instance(counting, clock);
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queued.add(queue(kind));
        }
        var pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 40; i++) {
                pool.execute(i % 2 == 0 ? a::poll : b::poll);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                a.poll();
                b.poll();
                return ended(queued) == queued.size();
            });
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            a.stop();
            b.stop();
        }
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(states(queued)).containsOnly("SUCCEEDED");
        assertThat(jdbc.sql("SELECT count(DISTINCT lease_owner) FROM background_job WHERE id IN (:ids)")
                        .param("ids", queued)
                        .query(Long.class)
                        .single())
                .as("an ended job holds no lease")
                .isZero();
    }

    @Verifies("URS-BCP-090")
    @Test
    void aJobCutOffByAStopIsMarkedInterruptedAndNeverLeftRunning() throws Exception {
        String kind = "test-block-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobRunner instance = instance(
                handler(kind, job -> {
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return new JobResult("/jobs", "never reached");
                }),
                clock);
        UUID id = queue(kind);
        instance.poll();
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.find(id).orElseThrow().state()).isEqualTo(Job.State.RUNNING);

        instance.stop();
        release.countDown();

        Job job = jobs.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(Job.State.INTERRUPTED);
        assertThat(job.error()).contains("the service stopped while it ran");
        assertThat(job.finishedAt()).isNotNull();
        assertThat(actions(id)).contains("job.interrupted");
        assertThat(actions(id)).doesNotContain("job.succeeded");
    }

    @Verifies("URS-BCP-090")
    @Test
    void aJobWhoseInstanceDiedIsMarkedInterruptedOnceItsLeaseHasRunOut() throws Exception {
        String kind = "test-dies-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        // the instance that dies: its clock is an hour behind, so the lease it took has run out by the test clock
        JobRunner dying = instance(
                handler(kind, job -> {
                    started.countDown();
                    never.await(30, TimeUnit.SECONDS);
                    return new JobResult("/jobs", "never reached");
                }),
                Clock.fixed(clock.instant().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        UUID id = queue(kind);
        dying.poll();
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

        // another instance's sweep (the service's own runner) sees the lease run out: the job is not left running
        // (the service's runner sweeps every few seconds on its own; asking it now only makes the test quick)
        runner.interruptAbandoned(clock.instant());
        Job job = jobs.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(Job.State.INTERRUPTED);
        assertThat(job.error()).contains("stopped without finishing it");
        assertThat(actions(id)).contains("job.interrupted");

        // the dead instance's late end, were it to come, changes nothing: the job is no longer its own
        never.countDown();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("SELECT count(*) FROM background_job WHERE id = ? AND state = 'INTERRUPTED'")
                                .param(id)
                                .query(Long.class)
                                .single()
                        == 1);
        dying.stop();
        assertThat(jobs.find(id).orElseThrow().state()).isEqualTo(Job.State.INTERRUPTED);
        assertThat(actions(id)).doesNotContain("job.succeeded", "job.failed");
    }

    @Verifies("URS-BCP-090")
    @Test
    void aCsvImportRunsInTheBackgroundReportsItsProgressAndLinksToItsRun() {
        String person = newPerson("BSL");
        StringBuilder csv = new StringBuilder("employeeId,certificationId,completedOn,sourceRecordId\n");
        for (int i = 0; i < 25; i++) {
            csv.append(person)
                    .append(",WD-CERT-1001,2026-11-0")
                    .append(1 + i % 9)
                    .append(",JOB-")
                    .append(UUID.randomUUID().toString(), 0, 8)
                    .append('\n');
        }
        csv.append(person).append(",WD-CERT-1001,not a day,JOB-BAD\n");
        Job submitted = jobs.submit(
                CsvImportJob.KIND,
                "Import of job-test.csv",
                Map.of("source", "csv"),
                csv.toString().getBytes(StandardCharsets.UTF_8),
                "job-test.csv",
                "hr-editor");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> jobs.find(submitted.id()).orElseThrow().state().ended());
        Job done = jobs.find(submitted.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(done.total()).isEqualTo(26L);
        assertThat(done.done()).isEqualTo(26L);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.resultPath()).startsWith("/imports/");
        assertThat(actions(submitted.id())).containsSubsequence("job.requested", "job.succeeded");
        assertThat(jdbc.sql("SELECT count(*) FROM background_job WHERE id = ? AND input IS NULL")
                        .param(submitted.id())
                        .query(Long.class)
                        .single())
                .as("the uploaded file is not kept once its import ran (the import keeps every row)")
                .isEqualTo(1);
        String run = done.resultPath().substring("/imports/".length());
        assertThat(json(get("/api/v1/imports/" + run + "/rejections"))
                        .get("rejections")
                        .toString())
                .contains("completedOn");
        assertThat(json(get("/api/v1/jobs/" + submitted.id())).get("state").asString())
                .isEqualTo("SUCCEEDED");
    }

    private JobRunner instance(JobHandler handler, Clock clockOfInstance) {
        JobRunner r = new JobRunner(jdbc, tx, audit, clockOfInstance, List.of(handler), Duration.ofMinutes(1), 2);
        r.start();
        return r;
    }

    private UUID queue(String kind) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO background_job (id, kind, title, requested_by, requested_at, state) "
                        + "VALUES (?, ?, ?, 'inspector', ?, 'QUEUED')")
                .params(id, kind, "test job " + kind, Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    private long ended(List<UUID> ids) {
        return jdbc.sql("SELECT count(*) FROM background_job WHERE id IN (:ids) AND state <> 'QUEUED' "
                        + "AND state <> 'RUNNING'")
                .param("ids", ids)
                .query(Long.class)
                .single();
    }

    private List<String> states(List<UUID> ids) {
        return jdbc.sql("SELECT state FROM background_job WHERE id IN (:ids)")
                .param("ids", ids)
                .query(String.class)
                .list();
    }

    private List<String> actions(UUID job) {
        sealAuditTrail();
        return jdbc.sql("SELECT action FROM audit_event WHERE entity_type = 'job' AND entity_id = ? ORDER BY seq")
                .param(job.toString())
                .query(String.class)
                .list();
    }

    /** The work a test job does. */
    private interface Work {
        JobResult run(Job job) throws Exception;
    }

    private static JobHandler handler(String kind, Work work) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public JobResult run(Job job, byte[] input, Progress progress) throws Exception {
                return work.run(job);
            }
        };
    }
}
