package org.qualigate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one leased queue on the real PostgreSQL, on a table of the test's own (so no worker of the service takes its
 * rows): concurrent claimers never get the same row, a lease that ran out is claimed again, and a holder whose lease
 * was lost and claimed by another can neither complete, retry nor give up the row.
 */
class LeasedQueueIT extends QualigateIT {

    private static final Instant T0 = Instant.parse("2031-03-01T08:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Value("${spring.flyway.url}")
    String url;

    @Value("${spring.flyway.user}")
    String owner;

    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private String table;

    private record Claimed(String id, UUID token, int attempts) {}

    @BeforeEach
    void createTheQueueTable() {
        // as the schema's owner: the service's own account may not create tables
        DriverManagerDataSource owned = new DriverManagerDataSource(url, owner, "");
        jdbc = JdbcClient.create(owned);
        tx = new TransactionTemplate(new DataSourceTransactionManager(owned));
        table = "leased_probe_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql(
                        "CREATE TABLE " + table + " (id text PRIMARY KEY, due_at timestamptz NOT NULL, "
                                + "attempts int NOT NULL DEFAULT 0, last_error text, lease_token uuid, lease_until timestamptz)")
                .update();
    }

    @AfterEach
    void dropTheQueueTable() {
        jdbc.sql("DROP TABLE IF EXISTS " + table).update();
    }

    private LeasedQueue queue(Instant at) {
        return new LeasedQueue(jdbc, Clock.fixed(at, ZoneOffset.UTC), QueueTable.of(table, "id"));
    }

    private void add(int count, Instant due) {
        for (int i = 0; i < count; i++) {
            jdbc.sql("INSERT INTO " + table + " (id, due_at) VALUES (?, ?)")
                    .params("item-" + i, Timestamp.from(due))
                    .update();
        }
    }

    private static List<Claimed> claim(LeasedQueue queue, int limit) {
        return queue.claim(
                limit,
                LEASE,
                "id, lease_token, attempts",
                (rs, n) -> new Claimed(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3)),
                Map.of());
    }

    @Verifies("URS-BCP-190")
    @Test
    void concurrentClaimersNeverGetTheSameItem() throws Exception {
        add(300, T0);
        LeasedQueue queue = queue(T0.plusSeconds(1));
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        Callable<Integer> claimer = () -> {
            int mine = 0;
            List<Claimed> batch;
            while (!(batch = tx.execute(s -> claim(queue, 7))).isEmpty()) {
                batch.forEach(c -> taken.add(c.id()));
                mine += batch.size();
            }
            return mine;
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> claimers = pool.invokeAll(List.of(claimer, claimer, claimer, claimer));
            int total = 0;
            for (Future<Integer> f : claimers) {
                total += f.get();
            }
            assertThat(total).isEqualTo(300);
        } finally {
            pool.shutdown();
        }
        assertThat(taken).hasSize(300).doesNotHaveDuplicates();
    }

    @Verifies("URS-BCP-190")
    @Test
    void anItemNotYetDueOrLeasedIsNotClaimedAndOneWhoseLeaseRanOutIsClaimedAgain() {
        add(1, T0);
        assertThat(claim(queue(T0.minusSeconds(1)), 10)).as("not due yet").isEmpty();
        Claimed first = claim(queue(T0), 10).getFirst();
        assertThat(claim(queue(T0.plus(LEASE).minusSeconds(1)), 10))
                .as("leased")
                .isEmpty();
        Claimed again = claim(queue(T0.plus(LEASE).plusSeconds(1)), 10).getFirst();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.token()).isNotEqualTo(first.token());
    }

    @Verifies("URS-BCP-190")
    @Test
    void aHolderWhoseLeaseWasLostCanNeitherCompleteNorRetryNorGiveUp() {
        add(1, T0);
        Claimed lost = claim(queue(T0), 1).getFirst();
        Instant later = T0.plus(LEASE).plusSeconds(5);
        LeasedQueue now = queue(later);
        Claimed holder = claim(now, 1).getFirst();
        List<Object> key = List.of(lost.id());

        assertThat(now.holds(key, lost.token(), false)).isFalse();
        assertThat(now.retry(key, lost.token(), later, "late failure")).isFalse();
        assertThat(now.postpone(key, lost.token(), later, "late postponement")).isFalse();
        assertThat(now.removeIfUnchanged(key, lost.token(), "attempts", 0)).isFalse();
        assertThat(now.remove(key, lost.token())).isFalse();

        assertThat(row(lost.id())).containsEntry("token", holder.token()).containsEntry("attempts", 0);
        assertThat(now.holds(key, holder.token(), false)).isTrue();
        assertThat(now.remove(key, holder.token())).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single())
                .isZero();
    }

    @Verifies("URS-BCP-190")
    @Test
    void aRetryCountsAnAttemptAndIsDueAgainAtItsTimeWhileAPostponementDoesNotCount() {
        add(1, T0);
        Claimed c = claim(queue(T0), 1).getFirst();
        LeasedQueue queue = queue(T0);
        assertThat(queue.retry(List.of(c.id()), c.token(), T0.plusSeconds(30), "x".repeat(3000)))
                .isTrue();
        assertThat(row(c.id())).containsEntry("attempts", 1).containsEntry("token", null);
        assertThat(((String) row(c.id()).get("error"))).hasSize(2000);
        assertThat(claim(queue(T0.plusSeconds(29)), 1)).isEmpty();
        Claimed second = claim(queue(T0.plusSeconds(30)), 1).getFirst();
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(queue(T0.plusSeconds(30)).postpone(List.of(c.id()), second.token(), T0.plusSeconds(40), "held"))
                .isTrue();
        assertThat(row(c.id())).containsEntry("attempts", 1).containsEntry("error", "held");
    }

    @Verifies("URS-BCP-190")
    @Test
    void takenItemsComeBackWhenTheTakingTransactionDoesNotCommit() {
        add(5, T0);
        LeasedQueue queue = queue(T0);
        tx.executeWithoutResult(s -> {
            assertThat(queue.take(3, "id", (rs, n) -> rs.getString(1))).hasSize(3);
            s.setRollbackOnly(); // as if the instance died before its commit
        });
        List<String> taken = tx.execute(s -> queue.take(10, "id", (rs, n) -> rs.getString(1)));
        assertThat(taken).hasSize(5);
        assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single())
                .isZero();
    }

    private Map<String, Object> row(String id) {
        return jdbc.sql("SELECT lease_token, attempts, last_error FROM " + table + " WHERE id = ?")
                .param(id)
                .query((rs, n) -> {
                    Map<String, Object> m = new java.util.HashMap<>();
                    m.put("token", rs.getObject(1, UUID.class));
                    m.put("attempts", rs.getInt(2));
                    m.put("error", rs.getString(3));
                    return m;
                })
                .single();
    }
}
