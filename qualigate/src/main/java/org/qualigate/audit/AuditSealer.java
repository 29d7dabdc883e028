package org.qualigate.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.qualigate.upkeep.TableVacuum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals committed audit entries into the chain (decision 0032). Transactions write their entries, unchained,
 * to {@code audit_pending} with the change they record; the sealer takes the committed ones in the order they
 * were written, numbers and hash-chains them into {@code audit_event} and removes them from
 * {@code audit_pending}, all in one transaction under a cluster-wide advisory lock, so there is one sealer at
 * a time across instances and the chain has one order. It runs after commits that wrote entries (woken by
 * {@link AuditTrail}), at most once per linger, so that the commits of a busy moment are sealed together
 * (decision 0109), and on a poll for entries left by an instance that stopped before sealing. Readers do not wait
 * for it: {@link #seal()} seals on demand.
 */
@Component
public class AuditSealer implements SmartLifecycle {

    /**
     * The lock that orders the chain. It is the key the chain lock had before the sealer existed, so that an
     * instance of the older version, still chaining in its own transactions during a rolling upgrade, and
     * this sealer exclude each other.
     */
    static final long CHAIN_LOCK = 0x51A7_A0D1L;

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

    /** How often the background pass counts the waiting entries while some wait. */
    private static final Duration COUNT_EVERY = Duration.ofSeconds(1);

    /**
     * The queue is vacuumed by the sealer after 2,000 entries left it, at most every 5 s: every sealed entry leaves a
     * dead row, and until autovacuum reaches the table (a minute apart at the server's defaults) each read of the
     * queue walks them (decision 0104).
     */
    private final TableVacuum vacuum;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private @Nullable Thread thread;

    // The age of the oldest unsealed entry as this instance saw it: which entry, and since when (monotonic).
    private volatile long oldestPending = -1;
    private volatile long oldestSeenAt;
    private volatile long unsealed;
    // only the sealer's thread runs a pass
    private long countedAt;

    AuditSealer(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            MeterRegistry metrics,
            @Value("${qualigate.audit.seal-batch:2000}") int batchSize,
            @Value("${qualigate.audit.seal-interval:PT1S}") Duration pollInterval,
            @Value("${qualigate.audit.seal-linger:PT0.1S}") Duration linger) {
        this.jdbc = jdbc;
        this.vacuum = new TableVacuum(jdbc, "audit_pending", 2_000, Duration.ofSeconds(5));
        this.tx = new TransactionTemplate(transactions);
        // Never part of a caller's transaction: the sealer must see, and only see, what was committed.
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        if (linger.isNegative() || linger.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("qualigate.audit.seal-linger must be between 0 and seal-interval ("
                    + pollInterval + "): " + linger);
        }
        this.linger = linger;
        Gauge.builder("qualigate.audit.unsealed", this, s -> s.unsealed)
                .description("audit entries committed but not yet sealed into the hash chain")
                .register(metrics);
        Gauge.builder("qualigate.audit.seal.lag", this, s -> s.lag().toMillis() / 1000.0)
                .description("how long the oldest unsealed audit entry has waited for the sealer")
                .baseUnit("seconds")
                .register(metrics);
    }

    /**
     * Seals every entry committed so far, waiting for another sealer (of this or another instance) to finish
     * first; returns how many this call sealed. Readers call it so that they see what was committed before
     * they asked.
     */
    public int seal() {
        int sealed = 0;
        while (true) {
            Integer n = tx.execute(s -> sealBatch(true));
            int batch = n == null ? 0 : n;
            sealed += batch;
            if (batch < batchSize) {
                return sealed;
            }
        }
    }

    /** {@link #seal()}, when anything is waiting to be sealed (one indexed look otherwise). */
    public int sealIfPending() {
        Boolean any =
                jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM audit_pending ORDER BY id LIMIT 1)", Boolean.class);
        return Boolean.TRUE.equals(any) ? seal() : 0;
    }

    /**
     * Asks the sealer to run soon rather than at its next poll (called after a commit that wrote entries): at once
     * when its last pass began at least a linger ago, else when the linger has passed.
     */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Entries committed but not yet sealed, as last counted (at most a second before the last pass). */
    public long unsealed() {
        return unsealed;
    }

    /** How long the oldest unsealed entry has been waiting, as this instance saw it; zero when none waits. */
    public Duration lag() {
        long oldest = oldestPending;
        return oldest < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldestSeenAt);
    }

    /** The unsealed horizon now: how many committed entries await the sealer, and the oldest one's time. */
    public Horizon horizon() {
        return jdbc.query("SELECT count(*), min(occurred_at) FROM audit_pending", rs -> {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            return new Horizon(rs.getLong(1), oldest == null ? null : oldest.toInstant());
        });
    }

    /** Entries not yet in the chain: how many, and when the oldest of them occurred. */
    public record Horizon(long unsealed, @Nullable Instant oldestOccurredAt) {}

    private int sealBatch(boolean wait) {
        if (wait) {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, CHAIN_LOCK);
        } else if (!Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, CHAIN_LOCK))) {
            return -1;
        }
        List<Pending> pending = jdbc.query(
                "SELECT id, " + EntryContent.COLUMNS + " FROM audit_pending ORDER BY id LIMIT ?",
                (rs, n) -> new Pending(rs.getLong(1), EntryContent.read(rs, 2)),
                batchSize);
        if (pending.isEmpty()) {
            return 0;
        }
        record Head(long seq, String hash) {}
        List<Head> heads = jdbc.query(
                "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
        long seq = heads.isEmpty() ? 0 : heads.getFirst().seq();
        String prev = heads.isEmpty() ? AuditTrail.GENESIS : heads.getFirst().hash();
        EntryColumns rows = new EntryColumns(pending.size(), true);
        Long[] ids = new Long[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            EntryContent e = p.content();
            seq++;
            // the hashed text is not stored (decision 0078): verify encodes the columns again, which measured faster
            String hash = AuditHash.ofText(AuditHash.canonical(seq, e, prev));
            rows.content(i, e);
            rows.chained(i, seq, prev, hash, p.id());
            ids[i] = p.id();
            prev = hash;
        }
        // One statement for the batch (a batch of single-row inserts is one execution per entry in PostgreSQL).
        jdbc.update(
                "INSERT INTO audit_event (seq, " + EntryColumns.CONTENT + ", prev_hash, hash, entry_id) "
                        + "SELECT * FROM unnest(?::bigint[], " + EntryColumns.CONTENT_ARRAYS
                        + ", ?::text[], ?::text[], ?::bigint[])",
                rows.sealed());
        jdbc.update(con -> {
            var ps = con.prepareStatement("DELETE FROM audit_pending WHERE id = ANY(?)");
            ps.setArray(1, con.createArrayOf("bigint", ids));
            return ps;
        });
        vacuum.changed(pending.size()); // by any thread that seals
        return pending.size();
    }

    private record Pending(long id, EntryContent content) {}

    /** One pass of the background sealer: seals what it can unless another sealer is at it. */
    private void pass() {
        while (true) {
            Integer n = tx.execute(s -> sealBatch(false));
            if (n == null || n < batchSize) {
                break;
            }
        }
        vacuum.whenDue(); // outside any transaction, as it must be
        // The oldest waiting entry by the key's index. The count reads the whole queue (and its dead rows): it is
        // zero at once when none waits, taken when entries wait again, and otherwise at most once per COUNT_EVERY.
        long oldest =
                jdbc.query("SELECT id FROM audit_pending ORDER BY id LIMIT 1", rs -> rs.next() ? rs.getLong(1) : -1L);
        long now = System.nanoTime();
        if (oldest < 0) {
            unsealed = 0;
        } else if (unsealed == 0 || now - countedAt >= COUNT_EVERY.toNanos()) {
            unsealed = jdbc.queryForObject("SELECT count(*) FROM audit_pending", Long.class);
            countedAt = now;
        }
        if (oldest != oldestPending) {
            oldestSeenAt = now;
            oldestPending = oldest;
        }
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("audit-sealer").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                long began = System.nanoTime();
                pass();
                signal.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                // Commits that wake the sealer within a linger of its last pass are sealed together by the next one:
                // one transaction (lock, read, insert, delete, commit) for all of them rather than one for every
                // commit or two, which at a few hundred commits a second is most of what sealing costs.
                long rest = linger.toNanos() - (System.nanoTime() - began);
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest);
                }
                signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("sealing audit entries failed, will try again: {}", e.toString());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            // What the last requests wrote: sealed now rather than by the next instance's poll.
            pass();
        } catch (RuntimeException e) {
            log.warn(
                    "could not seal the last audit entries while stopping; the next start seals them: {}",
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Started before and stopped after the web server and the workers that append entries.
        return Integer.MAX_VALUE - 8192;
    }
}
