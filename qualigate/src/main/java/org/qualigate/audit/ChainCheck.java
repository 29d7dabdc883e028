package org.qualigate.audit;

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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One run of {@code verify}: the chain is read in sequence order with PostgreSQL's binary {@code COPY} ({@link
 * ChainRows}; a bounded number of entries in memory, however long the chain), cut into chunks, and each chunk's
 * entries are taken apart and their hashes and links checked on another core. Each stored entry carries the previous
 * entry's hash, so a chunk is checked on its own given the stored hash just before it; the results are taken in
 * order, so the first broken entry named is the first in the chain. The columns are taken as the bytes the database
 * sent, undecoded (decisions 0069, 0108). Runs inside the caller's (read-only) transaction, whose snapshot every
 * piece of the chain is read in.
 */
final class ChainCheck {

    private static final int CHUNK = 1_024;
    /** Entries per {@code COPY}: at most this many are read past the first broken one. */
    private static final int PIECE = 65_536;

    private final JdbcTemplate jdbc;
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ArrayDeque<Future<Outcome>> inFlight = new ArrayDeque<>();
    private long verified;
    private @Nullable AuditVerification broken;

    private final int piece;

    ChainCheck(JdbcTemplate jdbc) {
        this(jdbc, PIECE);
    }

    /** A run that reads the chain in pieces of {@code piece} entries. */
    ChainCheck(JdbcTemplate jdbc, int piece) {
        this.jdbc = jdbc;
        this.piece = piece;
    }

    AuditVerification run() {
        ExecutorService pool = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("audit-verify-", 0).daemon().factory());
        try {
            Reader reader = new Reader(pool);
            jdbc.execute((ConnectionCallback<@Nullable Void>) con -> {
                CopyManager copies = con.unwrap(PGConnection.class).getCopyAPI();
                Long after = null;
                // the chain in pieces, each its own COPY in the one snapshot, so that a break found early ends the
                // reading within a piece
                while (broken == null && reader.piece(copies.copyOut(ChainRows.copy(after, piece))) == piece) {
                    after = reader.lastSeq;
                }
                return null;
            });
            reader.flush();
            while (broken == null && !inFlight.isEmpty()) {
                take();
            }
            return broken != null ? broken : AuditVerification.intact(verified);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    /**
     * Collects entries' messages into chunks and hands each to the pool, keeping at most two per thread in flight;
     * the messages are taken apart on the checking threads.
     */
    private final class Reader {
        private final ExecutorService pool;
        private List<byte[]> chunk = new ArrayList<>(CHUNK);
        private long nextSeq = 1;
        private byte[] prevHash = SealedEntry.GENESIS;
        private long lastSeq;

        Reader(ExecutorService pool) {
            this.pool = pool;
        }

        /** Reads one piece to its end; returns how many entries it held (the rest unread once a break is known). */
        int piece(CopyOut copy) throws SQLException {
            try {
                return read(copy);
            } catch (RuntimeException | SQLException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                throw e;
            }
        }

        private int read(CopyOut copy) throws SQLException {
            int rows = 0;
            boolean first = true;
            byte[] message;
            while ((message = copy.readFromCopy()) != null) {
                if (first) {
                    message = ChainRows.withoutHeader(message);
                    first = false;
                }
                if (ChainRows.isTrailer(message) || broken != null) {
                    continue;
                }
                rows++;
                lastSeq = ChainRows.seqOf(message);
                chunk.add(message);
                if (chunk.size() == CHUNK) {
                    flush();
                }
            }
            return rows;
        }

        void flush() {
            if (chunk.isEmpty() || broken != null) {
                return;
            }
            List<byte[]> rows = chunk;
            long first = nextSeq;
            byte[] prev = prevHash;
            inFlight.add(pool.submit(() -> check(rows, first, prev)));
            nextSeq += rows.size();
            // the link the next chunk starts from: the last entry's stored hash
            prevHash = ChainRows.entry(rows.getLast()).hash();
            chunk = new ArrayList<>(CHUNK);
            while (inFlight.size() >= 2 * threads) {
                take();
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
    private static Outcome check(List<byte[]> rows, long firstSeq, byte[] prevHash) {
        HashedTextMatch match = new HashedTextMatch();
        ColumnsCanonicalForm form = new ColumnsCanonicalForm();
        byte[] prev = prevHash;
        long expected = firstSeq;
        for (int i = 0; i < rows.size(); i++) {
            SealedEntry e = ChainRows.entry(rows.get(i));
            if (e.seq() != expected) {
                return new Outcome(i, expected, "entry " + expected + " is missing");
            }
            if (!Arrays.equals(e.prevHash(), prev)) {
                return new Outcome(i, e.seq(), "link to the previous entry does not match");
            }
            String problem = e.problem(match, form);
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
}
