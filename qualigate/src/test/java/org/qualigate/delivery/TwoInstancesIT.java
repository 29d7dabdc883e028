package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.intake.DirectorySync;
import org.qualigate.jobs.ClusterJobs;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.support.AnotherInstance;
import org.qualigate.support.AtOnce;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.TestClock;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two instances of the service share one PostgreSQL: the test's own (A) and a second application context
 * (B) on another port with its own worker, against the same database and sandbox. Every change is applied
 * exactly once, timers and the directory sync run once, and a paused instance cannot apply a stale change.
 */
class TwoInstancesIT extends QualigateIT {

    private static ConfigurableApplicationContext second;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Autowired
    ClusterJobs jobs;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    WorkQueue queue;

    @Autowired
    TransactionTemplate tx;

    private int secondPort;

    @BeforeEach
    void startTheSecondInstance() {
        if (second == null) {
            second = secondInstance(environment, clock);
        }
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port", "0"));
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Verifies({"URS-BCP-004", "URS-SEQ-004"})
    @Test
    void eventsSentToBothInstancesIncludingTheSameWebhookToBothAtOnceAreAppliedExactlyOnce() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(newPerson("BSL"));
        }
        long before = sandbox().sideEffects().latestSeq();

        int n = 0;
        for (String p : people) {
            hookTo(n++ % 2 == 0 ? port : secondPort, "msg_" + UUID.randomUUID(), certification(p, "WD-CERT-1001"));
            hookTo(n++ % 2 == 0 ? port : secondPort, "msg_" + UUID.randomUUID(), certification(p, "WD-CERT-1002"));
            // The HRIS retries the same webhook, and the two copies land on different instances at once.
            String same = "msg_" + UUID.randomUUID();
            Event last = certification(p, "WD-CERT-6001");
            List<HttpResponse<String>> answers =
                    AtOnce.run(() -> hookTo(port, same, last), () -> hookTo(secondPort, same, last));
            assertThat(answers).extracting(HttpResponse::statusCode).containsAnyOf(200, 202);
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> people.stream().allMatch(p -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER")));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(people) == 0);
        List<SideEffect> changes = sandbox().sideEffects().since(before).stream()
                .filter(e -> people.contains(e.detail()))
                .toList();
        assertThat(changes).allSatisfy(e -> assertThat(e.operation()).isEqualTo("group.member.add"));
        assertThat(changes).extracting(SideEffect::detail).containsExactlyInAnyOrderElementsOf(people);
        for (String p : people) {
            assertThat(audited(p, "role.granted")).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT count(DISTINCT webhook_id) FROM inbound_event WHERE employee_id IN (:ids)")
                        .param("ids", people)
                        .query(Long.class)
                        .single())
                .isEqualTo(3L * people.size());
    }

    @Verifies("URS-BCP-004")
    @Test
    void anExpiryTimerFiresOnceAcrossBothInstances() {
        String p = newPerson("BSL");
        long before = sandbox().sideEffects().latestSeq();
        hookTo(port, "msg_" + UUID.randomUUID(), certification(p, "WD-CERT-1001"));
        hookTo(secondPort, "msg_" + UUID.randomUUID(), certification(p, "WD-CERT-1002"));
        Instant expiry = clock.instant().plusSeconds(3);
        hookTo(
                secondPort,
                "msg_" + UUID.randomUUID(),
                certification(p, "WD-CERT-6001").expiring(expiry.toString()));

        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(p)) == 0);

        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.detail().equals(p))
                        .map(SideEffect::operation))
                .containsExactly("group.member.add", "group.member.remove");
        assertThat(audited(p, "role.revoked")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM access_timer WHERE employee_id = ? AND fire_at <= ?")
                        .params(p, Timestamp.from(expiry))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Verifies("URS-BCP-004")
    @Test
    void theDirectorySyncRunsOnceWhenBothInstancesAreDueAtTheSameTime() {
        DirectorySync directoryB = second.getBean(DirectorySync.class);
        ClusterJobs jobsB = second.getBean(ClusterJobs.class);
        AtomicInteger runs = new AtomicInteger();
        String job = "directory-sync-" + UUID.randomUUID();
        // The instance that runs the job holds it until the other's attempt has returned, so the two overlap
        // however slowly the machine runs the other; it says whether they did.
        CountDownLatch oneReturned = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        List<ClusterJobs.Outcome> outcomes = AtOnce.run(
                () -> returning(oneReturned, jobs.runIfDue(job, Duration.ofHours(1), () -> {
                    runs.incrementAndGet();
                    overlapped.set(awaitReturned(oneReturned));
                    return directory.run().error() == null;
                })),
                () -> returning(oneReturned, jobsB.runIfDue(job, Duration.ofHours(1), () -> {
                    runs.incrementAndGet();
                    overlapped.set(awaitReturned(oneReturned));
                    return directoryB.run().error() == null;
                })));

        assertThat(overlapped).as("the other instance tried while the job ran").isTrue();
        assertThat(outcomes).containsExactlyInAnyOrder(ClusterJobs.Outcome.RAN, ClusterJobs.Outcome.RUNNING_ELSEWHERE);
        assertThat(runs).hasValue(1);
        assertThat(jobsB.runIfDue(job, Duration.ofHours(1), () -> runs.incrementAndGet() > 0))
                .isEqualTo(ClusterJobs.Outcome.NOT_DUE);
        assertThat(runs).hasValue(1);
        assertThat(jdbc.sql("SELECT runs FROM cluster_job WHERE name = ?")
                        .param(job)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Verifies({"URS-BCP-004", "URS-DI-007"})
    @Test
    void aPausedInstanceWhoseLeaseExpiredCannotApplyOrRecordAStaleChange() {
        String p = newPerson("BSL");
        hookTo(port, "msg_" + UUID.randomUUID(), certification(p, "WD-CERT-1001"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(p)) == 0);

        // Someone gives the person a role by hand in the MES; the next delivery for them takes it away.
        sandbox().scim().addMember("BSL.FILL-1.LEAD", p);
        // A paused instance leased the person's item with a short lease, then stopped (GC pause, frozen VM).
        Instant now = clock.instant();
        WorkQueue.Lease stale = jdbc.sql("""
                        INSERT INTO work_item (employee_id, target, due_at, requested_seq, lease_owner, lease_token,
                            lease_until, created_at, updated_at, first_requested_at)
                        VALUES (?, 'mes', ?, nextval('work_request_seq'), 'paused-instance', nextval('lease_token_seq'),
                            ?, ?, ?, ?)
                        RETURNING lease_token, requested_seq""")
                .params(
                        p,
                        Timestamp.from(now),
                        Timestamp.from(now.plusSeconds(1)),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .query((rs, i) -> new WorkQueue.Lease(EmployeeId.of(p), "mes", rs.getLong(1), rs.getLong(2), 0, now))
                .single();

        // The lease expires and a live instance takes the item over and completes it.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !mesGroupsOf(p).contains("BSL.FILL-1.LEAD") && backlogFor(List.of(p)) == 0);
        // The hand-made role comes back; the paused instance wakes up and goes on with its stale lease.
        sandbox().scim().addMember("BSL.FILL-1.LEAD", p);
        long seqBefore = sandbox().sideEffects().latestSeq();
        long auditBefore = auditCount(p);

        worker.deliver(stale);
        Boolean completed = tx.execute(s -> {
            boolean done = queue.complete(stale);
            if (!done) {
                s.setRollbackOnly();
            }
            return done;
        });

        assertThat(queue.stillHeld(stale)).isFalse();
        assertThat(completed).isFalse();
        assertThat(queue.retryLater(stale, "stale", null)).isFalse();
        assertThat(mesGroupsOf(p)).contains("BSL.FILL-1.LEAD");
        assertThat(sandbox().sideEffects().latestSeq()).isEqualTo(seqBefore);
        assertThat(auditCount(p)).isEqualTo(auditBefore);
        assertThat(backlogFor(List.of(p))).isZero();
    }

    @Verifies({"URS-SEQ-007", "URS-BCP-004"})
    @Test
    void aRulesChangeApprovedOnOneInstanceIsInForceOnTheOther() {
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String code = "QG-2I-" + run;
        String certification = "WD-CERT-2I-" + run;
        String version = "two-instances-" + run;
        String rules = as("hr-editor", port, "GET", "/api/v1/rules", null)
                .body()
                .replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"")
                .replaceFirst(
                        "(?m)^qualifications:\n",
                        "qualifications:\n  - { code: " + code + ", name: Two instances test, workday: " + certification
                                + " }\n")
                .replace(
                        "      - [GMP-BASIC, GDP-DOC, BATCH-REVIEW]\n",
                        "      - [GMP-BASIC, GDP-DOC, BATCH-REVIEW]\n      - [GMP-BASIC, " + code + "]\n");
        var draft = JSON.createObjectNode().put("kind", "RULES").put("title", "Reviewers by " + code);
        draft.put("content", rules);
        HttpResponse<String> drafted = as("hr-editor", port, "POST", "/api/v1/change-sets", draft.toString());
        assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
        long id = json(drafted).get("id").asLong();
        assertThat(as("hr-editor", port, "POST", "/api/v1/change-sets/" + id + "/sign", signature("hr-editor"))
                        .statusCode())
                .isEqualTo(200);
        // the second instance still plans under the rules it holds
        String person = newPerson("BSL");
        hookTo(secondPort, "msg_" + UUID.randomUUID(), certification(person, "WD-CERT-1001"));

        // put in force after the versions of other tests, whatever the clock they left behind
        clockAfterEverythingKnown();
        HttpResponse<String> approved =
                as("qa-approver", port, "POST", "/api/v1/change-sets/" + id + "/approve", signature("qa-approver"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        // B maps the new certification and grants the role under rules approved on A
        assertThat(hookTo(secondPort, "msg_" + UUID.randomUUID(), certification(person, certification))
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> second.getBean(org.qualigate.access.PlantDefinition.class)
                        .current()
                        .version()
                        .equals(version));
        assertThat(as("hr-editor", secondPort, "GET", "/api/v1/rules", null).body())
                .contains("version: \"" + version + "\"");
        assertThat(as("hr-editor", secondPort, "GET", "/api/v1/people/" + person + "/access", null)
                        .body())
                .contains("BSL.QA.BATCH_REVIEWER");
    }

    @Verifies({"URS-SEQ-007", "URS-SEC-004"})
    @Test
    void anApprovedParameterTakesEffectOnTheOtherInstanceWithoutARestart() {
        String user = "two-instances-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = as(
                "admin",
                port,
                "POST",
                "/api/v1/users",
                "{\"username\":\"" + user + "\",\"displayName\":\"Lock Test\",\"roles\":[\"AUDITOR\"],"
                        + "\"password\":\"a-long-enough-pass-1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try {
            approveParameter("identity.max-failed-attempts", "3");
            // three wrong passwords on B lock the account (the configured value is 5)
            for (int i = 0; i < 3; i++) {
                assertThat(asWith(user, "wrong-password-" + i, secondPort, "/api/v1/rules")
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(json(as("admin", port, "GET", "/api/v1/users/" + user, null))
                            .get("locked")
                            .asBoolean())
                    .isTrue();
        } finally {
            approveParameter("identity.max-failed-attempts", "5");
        }
    }

    private void approveParameter(String name, String value) {
        var draft = JSON.createObjectNode().put("kind", "PARAMETERS").put("title", name + " = " + value);
        draft.putObject("content").putObject("parameters").put(name, value);
        HttpResponse<String> drafted = as("hr-editor", port, "POST", "/api/v1/change-sets", draft.toString());
        assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
        long id = json(drafted).get("id").asLong();
        assertThat(as("hr-editor", port, "POST", "/api/v1/change-sets/" + id + "/sign", signature("hr-editor"))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> approved =
                as("qa-approver", port, "POST", "/api/v1/change-sets/" + id + "/approve", signature("qa-approver"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    private static String signature(String user) {
        return "{\"userId\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private HttpResponse<String> as(String user, int port, String method, String path, @Nullable String body) {
        return send(user, PASSWORD, port, method, path, body);
    }

    private HttpResponse<String> asWith(String user, String password, int port, String path) {
        return send(user, password, port, "GET", path, null);
    }

    private HttpResponse<String> send(
            String user, String password, int port, String method, String path, @Nullable String body) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("content-type", "application/json")
                            .header(
                                    "authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString(
                                                            (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> hookTo(int port, String webhookId, Event event) {
        byte[] body = event.json().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/hooks/hris"))
                            .header("content-type", "application/json")
                            .header("webhook-id", webhookId)
                            .header("webhook-timestamp", Long.toString(timestamp))
                            .header("webhook-signature", new StandardWebhooks(SECRET).sign(webhookId, timestamp, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long audited(String p, String action) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND action = ?")
                .params(p, action)
                .query(Long.class)
                .single();
    }

    /** Audit entries about the person's roles (notices about earlier changes are sent on their own pace). */
    private long auditCount(String p) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND entity_type <> 'notice'")
                .param(p)
                .query(Long.class)
                .single();
    }

    private static ClusterJobs.Outcome returning(CountDownLatch returned, ClusterJobs.Outcome outcome) {
        returned.countDown();
        return outcome;
    }

    /** True once the other attempt has returned; false if it has not within a minute (it never tried). */
    private static boolean awaitReturned(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The same service, a second time, on the first one's database and sandbox and clock. */
    private static ConfigurableApplicationContext secondInstance(Environment first, TestClock clock) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.flyway.url",
                "spring.flyway.user",
                "spring.flyway.password",
                "qualigate.targets.mes.base-url",
                "qualigate.targets.mes.bearer-token",
                "qualigate.hris-directory.url",
                "qualigate.hris-directory.sync-interval",
                "qualigate.sources.hris.secrets",
                "qualigate.sources.hris.dictionary",
                "qualigate.delivery.backoff-initial",
                "qualigate.delivery.backoff-max",
                "qualigate.delivery.poll-interval",
                "qualigate.timers.poll-interval",
                "qualigate.security.users[0].username",
                "qualigate.security.users[0].password",
                "qualigate.security.users[0].roles[0]")) {
            p.put(key, first.getRequiredProperty(key));
        }
        p.put("server.port", "0");
        p.put("qualigate.embedded-postgres.data-directory", "");
        return AnotherInstance.start(p, clock);
    }
}
