package org.qualigate.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One run of {@code verify}: the chain is read in sequence order through a cursor (a bounded number of
 * entries in memory, however long the chain), cut into chunks, and each chunk's hashes and links are
 * checked on another core. Each stored entry carries the previous entry's hash, so a chunk is checked on
 * its own given the stored hash just before it; the results are taken in order, so the first broken entry
 * named is the first in the chain. The columns are taken as the bytes the database sent, undecoded (decision
 * 0069). Runs inside the caller's (read-only) transaction.
 */
final class ChainCheck {

    private static final int CHUNK = 1_024;
    private static final int FETCH = 2_048;

    private final JdbcTemplate jdbc;
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ArrayDeque<Future<Outcome>> inFlight = new ArrayDeque<>();
    private long verified;
    private @Nullable AuditVerification broken;

    ChainCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    AuditVerification run() {
        ExecutorService pool = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("audit-verify-", 0).daemon().factory());
        try {
            Reader reader = new Reader(pool);
            // times written in UTC, as the hashed text has them (only for this transaction), so that the comparison
            // of bytes can show them
            jdbc.execute("SET LOCAL TimeZone TO 'UTC'");
            try {
                jdbc.query(
                        con -> {
                            var ps = con.prepareStatement("SELECT seq, prev_hash, hash, hashed_text, "
                                    + EntryContent.COLUMNS + " FROM audit_event ORDER BY seq");
                            ps.setFetchSize(FETCH);
                            return ps;
                        },
                        reader::row);
                reader.flush();
                while (broken == null && !inFlight.isEmpty()) {
                    take();
                }
            } catch (Stop stop) {
                // the first broken entry was found: the rest of the chain is not read
            }
            return broken != null ? broken : AuditVerification.intact(verified);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    /** Collects rows into chunks and hands each to the pool, keeping at most two per thread in flight. */
    private final class Reader {
        private final ExecutorService pool;
        private List<SealedEntry> chunk = new ArrayList<>(CHUNK);
        private long nextSeq = 1;
        private byte[] prevHash = SealedEntry.GENESIS;

        Reader(ExecutorService pool) {
            this.pool = pool;
        }

        void row(ResultSet rs) throws SQLException {
            chunk.add(new SealedEntry(
                    rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), EntryContent.Stored.read(rs, 5)));
            if (chunk.size() == CHUNK) {
                flush();
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            List<SealedEntry> rows = chunk;
            long first = nextSeq;
            byte[] prev = prevHash;
            inFlight.add(pool.submit(() -> check(rows, first, prev)));
            nextSeq += rows.size();
            prevHash = rows.getLast().hash();
            chunk = new ArrayList<>(CHUNK);
            while (inFlight.size() >= 2 * threads) {
                take();
            }
            if (broken != null) {
                throw new Stop();
            }
        }
    }

    private void take() {
        Outcome o;
        try {
            o = inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verify was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("verify failed: " + e.getCause(), e.getCause());
        }
        verified += o.verified();
        if (o.brokenSeq() != null && broken == null) {
            broken = AuditVerification.broken(verified, o.brokenSeq(), o.reason());
        }
    }

    /** Checks one chunk: consecutive numbers from {@code firstSeq}, links, and hashes. */
    private static Outcome check(List<SealedEntry> rows, long firstSeq, byte[] prevHash) {
        HashedTextMatch match = new HashedTextMatch();
        byte[] prev = prevHash;
        long expected = firstSeq;
        for (int i = 0; i < rows.size(); i++) {
            SealedEntry e = rows.get(i);
            if (e.seq() != expected) {
                return new Outcome(i, expected, "entry " + expected + " is missing");
            }
            if (!Arrays.equals(e.prevHash(), prev)) {
                return new Outcome(i, e.seq(), "link to the previous entry does not match");
            }
            String problem = e.problem(match);
            if (problem != null) {
                return new Outcome(i, e.seq(), problem);
            }
            prev = e.hash();
            expected++;
        }
        return new Outcome(rows.size(), null, null);
    }

    private record Outcome(
            long verified,
            @Nullable Long brokenSeq,
            @Nullable String reason) {}

    /** Ends the scan early once the first broken entry is known. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
