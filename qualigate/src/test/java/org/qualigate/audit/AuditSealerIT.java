package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Entries are written unchained with the change they record and sealed into the chain after commit, in the
 * order they were written, by one sealer at a time; until then {@code verify} names them as its unsealed
 * horizon, and nobody can change or remove them.
 */
class AuditSealerIT extends QualigateIT {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditSealer sealer;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.datasource.url}")
    String url;

    @Verifies({"URS-AUD-001", "URS-AUD-080"})
    @Test
    void entriesOfOneTransactionAreSealedInTheOrderTheyWereWritten() {
        String id = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= 3; i++) {
                trail.append(entry(id, "test.ordered", Map.of("step", i)));
            }
        });
        sealer.seal();

        List<Long> steps = jdbc.sql(
                        "SELECT (new_value->>'step')::bigint FROM audit_event WHERE entity_id = ? " + "ORDER BY seq")
                .param(id)
                .query(Long.class)
                .list();
        assertThat(steps).containsExactly(1L, 2L, 3L);
        List<Long> seqs = jdbc.sql("SELECT seq FROM audit_event WHERE entity_id = ? ORDER BY seq")
                .param(id)
                .query(Long.class)
                .list();
        assertThat(seqs.get(2) - seqs.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(pendingFor(id)).isZero();
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    @Verifies("URS-AUD-001")
    @Test
    void aChangeThatIsRolledBackLeavesNoEntry() {
        String id = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            trail.append(entry(id, "test.rolled-back", Map.of()));
            s.setRollbackOnly();
        });
        sealer.seal();
        assertThat(pendingFor(id)).isZero();
        assertThat(sealedFor(id)).isZero();
    }

    @Verifies("URS-AUD-080")
    @Test
    void verifyNamesTheEntriesNotYetSealedAndReadersSealThemFirst() throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection holder = DriverManager.getConnection(url, "postgres", "")) {
            holdChainLock(holder);
            tx.executeWithoutResult(s -> trail.append(entry(id, "test.unsealed", Map.of("held", true))));
            assertThat(pendingFor(id)).isEqualTo(1);

            JsonNode verified = json(post("/api/v1/audit/verify"));
            assertThat(verified.get("valid").asBoolean()).isTrue();
            assertThat(verified.get("unsealed").asLong()).isPositive();
            assertThat(verified.get("oldestUnsealedAt").asString()).isNotBlank();
            assertThat(sealedFor(id)).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> sealer.unsealed() > 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> sealer.lag().compareTo(Duration.ZERO) > 0);

            releaseChainLock(holder);
        }
        // A reader sees what was committed before it asked: the entry is sealed before the search.
        JsonNode found = json(get("/api/v1/audit?action=test.unsealed&entityId=" + id));
        assertThat(found.get("entries")).hasSize(1);
        assertThat(pendingFor(id)).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> sealer.lag().isZero());
    }

    @Verifies({"URS-AUD-002", "URS-AUD-080"})
    @Test
    void nobodyCanChangeOrRemoveAnUnsealedEntry() throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection holder = DriverManager.getConnection(url, "postgres", "")) {
            holdChainLock(holder);
            try {
                tx.executeWithoutResult(s -> trail.append(entry(id, "test.tamper-pending", Map.of("v", 1))));
                assertThatThrownBy(() -> jdbc.sql("UPDATE audit_pending SET actor = 'someone' WHERE entity_id = ?")
                                .param(id)
                                .update())
                        .hasStackTraceContaining("permission denied");
                assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_pending WHERE entity_id = ?")
                                .param(id)
                                .update())
                        .hasStackTraceContaining("append-only");
                try (Statement s = holder.createStatement()) {
                    assertThatThrownBy(() -> s.executeUpdate(
                                    "UPDATE audit_pending SET actor = 'x' WHERE entity_id = '" + id + "'"))
                            .hasMessageContaining("append-only");
                    assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_pending"))
                            .hasMessageContaining("append-only");
                }
                assertThat(pendingFor(id)).isEqualTo(1);
            } finally {
                releaseChainLock(holder);
            }
        }
        sealer.seal();
        assertThat(sealedFor(id)).isEqualTo(1);
        assertThat(pendingFor(id)).isZero();
    }

    @Verifies("URS-AUD-080")
    @Test
    void manyWritersAndSealersAtOnceMakeOneIntactChain() throws Exception {
        String id = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        tx.executeWithoutResult(
                                s -> trail.append(entry(id, "test.concurrent", Map.of("writer", writer, "n", n))));
                        if (n % 5 == 0) {
                            sealer.seal();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        sealer.seal();
        assertThat(sealedFor(id)).isEqualTo(200);
        List<Long> seqs = jdbc.sql("SELECT seq FROM audit_event WHERE entity_id = ? ORDER BY seq")
                .param(id)
                .query(Long.class)
                .list();
        assertThat(seqs).doesNotHaveDuplicates().hasSize(200);
        JsonNode verified = json(post("/api/v1/audit/verify"));
        assertThat(verified.get("valid").asBoolean()).isTrue();
        // the chain verified covers all of these entries; the service's own background work (deliveries, timers,
        // reconciliation) may append more meanwhile, which a later verification covers
        assertThat(verified.get("entries").asLong()).isGreaterThanOrEqualTo(seqs.getLast());
    }

    @Verifies("URS-AUD-080")
    @Test
    void theSealerSealsABurstAndVacuumsTheQueueItLeavesBehind() {
        long vacuumsBefore = queueVacuums();
        String id = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 2_100; i++) {
                trail.append(entry(id, "test.burst", Map.of("i", i)));
            }
        });
        sealer.wake();

        // the background sealer, not a reader, seals them, and vacuums the queue's dead rows it left
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(id) == 0);
        assertThat(sealedFor(id)).isEqualTo(2_100);
        await().atMost(Duration.ofSeconds(60)).until(() -> queueVacuums() > vacuumsBefore);
    }

    @Verifies({"URS-AUD-080", "URS-AUD-530"})
    @Test
    void commitsAreSealedInTheBackgroundWithoutAReaderAsking() {
        String id = UUID.randomUUID().toString();
        // small transactions, as intake's groups and delivery write them: each commit wakes the sealer, which takes
        // what waits at most once per linger
        for (int i = 0; i < 20; i++) {
            int n = i;
            tx.executeWithoutResult(s -> {
                trail.append(entry(id, "test.background", Map.of("n", n)));
                trail.append(entry(id, "test.background", Map.of("n", n, "second", true)));
            });
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(id) == 0);
        assertThat(sealedFor(id)).isEqualTo(40);
        List<String> order = jdbc.sql("SELECT new_value->>'n' || coalesce(new_value->>'second', '') FROM audit_event"
                        + " WHERE entity_id = ? ORDER BY seq")
                .param(id)
                .query(String.class)
                .list();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(Integer.toString(i));
            written.add(i + "true");
        }
        assertThat(order).containsExactlyElementsOf(written);
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    @Verifies({"URS-AUD-080", "URS-AUD-530"})
    @Test
    void aReaderRightAfterACommitSeesItsEntriesWhateverTheBackgroundSealerIsDoing() {
        for (int i = 0; i < 10; i++) {
            String id = UUID.randomUUID().toString();
            tx.executeWithoutResult(s -> trail.append(entry(id, "test.read-at-once", Map.of("at", "once"))));

            // no waiting: the reader seals what was committed before it asked, the background sealer's linger aside
            List<AuditEntry> found =
                    trail.find(new AuditQuery(null, "test", id, "test.read-at-once", null, null, 0, 10));
            assertThat(found).singleElement().satisfies(e -> {
                assertThat(e.newValue().get("at").asString()).isEqualTo("once");
                assertThat(trail.check(e)).isEmpty();
            });
        }
    }

    @Verifies({"URS-AUD-001", "URS-AUD-530"})
    @Test
    void textThatArrayLiteralsEscapeIsWrittenAndSealedExactlyAsAppended() {
        String id = "NULL";
        String awkward = "NULL, {braces}, \"quotes\", back\\slash, comma, tab\tnew\nline, ümlaut, ∑, 😀";
        Map<String, Object> value = Map.of("text", awkward, "nested", Map.of("NULL", List.of("{", "}", ",")));
        String marker = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            trail.append(new AuditRecord("test", "test.awkward", "test", id, null, null, value, awkward, marker));
            trail.append(new AuditRecord("test", "test.awkward", "test", id, awkward, value, null, null, marker));
        });

        List<AuditEntry> sealed =
                trail.find(new AuditQuery(null, "test", id, "test.awkward", null, null, 0, 10_000)).stream()
                        .filter(e -> marker.equals(e.correlationId()))
                        .toList();
        assertThat(sealed).hasSize(2);
        assertThat(sealed.get(0).entityId()).isEqualTo("NULL");
        assertThat(sealed.get(0).reason()).isEqualTo(awkward);
        assertThat(sealed.get(0).employeeId()).isNull();
        assertThat(sealed.get(0).oldValue()).isNull();
        assertThat(sealed.get(0).newValue().get("text").asString()).isEqualTo(awkward);
        assertThat(sealed.get(0).newValue().get("nested").get("NULL").get(1).asString())
                .isEqualTo("}");
        assertThat(sealed.get(1).employeeId()).isEqualTo(awkward);
        assertThat(sealed.get(1).reason()).isNull();
        assertThat(sealed.get(1).oldValue().get("text").asString()).isEqualTo(awkward);
        assertThat(sealed).allSatisfy(e -> assertThat(trail.check(e)).isEmpty());
    }

    /** Manual vacuums of the queue (autovacuum counts apart). */
    private long queueVacuums() {
        return jdbc.sql("SELECT vacuum_count FROM pg_stat_all_tables WHERE relid = 'audit_pending'::regclass")
                .query(Long.class)
                .single();
    }

    private static AuditRecord entry(String id, String action, Map<String, Object> value) {
        return new AuditRecord("test", action, "test", id, null, null, value, "sealer test", null);
    }

    private long pendingFor(String id) {
        return jdbc.sql("SELECT count(*) FROM audit_pending WHERE entity_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private long sealedFor(String id) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private static void holdChainLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + AuditSealer.CHAIN_LOCK + ")");
        }
    }

    private static void releaseChainLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + AuditSealer.CHAIN_LOCK + ")");
        }
    }
}
