package org.qualigate.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one leased work queue: due rows of a module's own table ({@link QueueTable}) are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so two instances never take the same row, and leased until a given instant, after
 * which another instance may claim the row again (a worker that died between claim and completion leaves it to be
 * worked again). Every release names the lease token it holds, so a worker whose lease was lost and taken by
 * another changes nothing. A failed row is due again after the queue's {@link Backoff}; what a queue does on
 * completion and on giving up (its coalescing rule, its dead letters) stays with the queue.
 */
public final class LeasedQueue {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueTable table;
    private final String keyMatch;
    // The statements' text by what they return, written once: a queue is polled many times a second, and formatting
    // the same text at every poll was a good part of what an idle poll allocated.
    private final java.util.concurrent.ConcurrentMap<String, String> claims =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, String> takes =
            new java.util.concurrent.ConcurrentHashMap<>();

    public LeasedQueue(JdbcClient jdbc, Clock clock, QueueTable table) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.table = table;
        this.keyMatch = IntStream.range(0, table.key().size())
                .mapToObj(i -> table.key().get(i) + " = :k" + i)
                .collect(Collectors.joining(" AND "));
    }

    public QueueTable table() {
        return table;
    }

    /**
     * Leases up to {@code limit} due rows for {@code leaseFor} and answers them as {@code returning} reads them;
     * {@code params} binds the named parameters of the table's fragments other than {@code :now} and
     * {@code :until}.
     */
    public <T> List<T> claim(int limit, Duration leaseFor, String returning, RowMapper<T> row, Map<String, ?> params) {
        Instant now = clock.instant();
        Map<String, Object> bound = new HashMap<>(params);
        bound.put("now", Timestamp.from(now));
        bound.put("until", Timestamp.from(now.plus(leaseFor)));
        bound.put("limit", limit);
        return jdbc.sql(claims.computeIfAbsent(returning, this::claimSql))
                .params(bound)
                .query(row)
                .list();
    }

    /** The statement of {@link #claim}: one UPDATE whose rows a SKIP LOCKED sub-select picks. */
    String claimSql(String returning) {
        String key = String.join(", ", table.key());
        return "UPDATE %s SET %s, lease_until = :until WHERE (%s) IN (SELECT %s FROM %s WHERE %s%s ORDER BY %s LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING %s"
                .formatted(
                        table.name(),
                        table.lease(),
                        key,
                        key,
                        table.name(),
                        table.due() == null ? "" : table.due() + " <= :now AND ",
                        table.claimable(),
                        table.order(),
                        returning);
    }

    /** The statement of {@link #take}: one DELETE whose rows a SKIP LOCKED sub-select picks. */
    private String takeSql(String returning) {
        String key = String.join(", ", table.key());
        return "DELETE FROM %s WHERE (%s) IN (SELECT %s FROM %s WHERE %s <= :now ORDER BY %s LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING %s"
                .formatted(table.name(), key, key, table.name(), table.due(), table.order(), returning);
    }

    /**
     * Takes up to {@code limit} due rows away, in the caller's transaction, whose row locks are the lease: a crash
     * before it commits leaves the rows in place for the next claimer.
     */
    public <T> List<T> take(int limit, String returning, RowMapper<T> row) {
        return jdbc.sql(takes.computeIfAbsent(returning, this::takeSql))
                .param("now", Timestamp.from(clock.instant()))
                .param("limit", limit)
                .query(row)
                .list();
    }

    /** A failed attempt: the row is released and due again at {@code due}; false when the lease was lost. */
    public boolean retry(List<?> key, Object token, Instant due, @Nullable String error) {
        return release(key, token, due, error, 1);
    }

    /** Handed back untried, due again at {@code due}, without counting an attempt; false when the lease was lost. */
    public boolean postpone(List<?> key, Object token, Instant due, @Nullable String why) {
        return release(key, token, due, why, 0);
    }

    private boolean release(List<?> key, Object token, Instant due, @Nullable String why, int attempt) {
        Map<String, Object> bound = keyParams(key, token);
        bound.put("attempt", attempt);
        bound.put("due", Timestamp.from(due));
        bound.put(
                "error",
                why == null || why.length() <= table.errorLength() ? why : why.substring(0, table.errorLength()));
        bound.put("now", Timestamp.from(clock.instant()));
        return jdbc.sql(
                                "UPDATE %s SET attempts = attempts + :attempt, %s = :due, last_error = :error, lease_token = NULL, lease_until = NULL%s WHERE %s AND lease_token = :token"
                                        .formatted(
                                                table.name(),
                                                table.due(),
                                                table.released().isEmpty() ? "" : ", " + table.released(),
                                                keyMatch))
                        .params(bound)
                        .update()
                == 1;
    }

    /** Removes the leased row (done, or given up to the queue's set-aside path); false when the lease was lost. */
    public boolean remove(List<?> key, Object token) {
        return jdbc.sql("DELETE FROM %s WHERE %s AND lease_token = :token".formatted(table.name(), keyMatch))
                        .params(keyParams(key, token))
                        .update()
                == 1;
    }

    /**
     * Removes the leased row if {@code column} still holds {@code value} (no new request arrived while it was
     * leased); false when it moved on or the lease was lost.
     */
    public boolean removeIfUnchanged(List<?> key, Object token, String column, Object value) {
        Map<String, Object> bound = keyParams(key, token);
        bound.put("unchanged", value);
        return jdbc.sql("DELETE FROM %s WHERE %s AND lease_token = :token AND %s = :unchanged"
                                .formatted(table.name(), keyMatch, column))
                        .params(bound)
                        .update()
                == 1;
    }

    /** Whether the lease is still the holder's and has not run out; {@code lock} keeps the row locked. */
    public boolean holds(List<?> key, Object token, boolean lock) {
        Map<String, Object> bound = keyParams(key, token);
        bound.put("now", Timestamp.from(clock.instant()));
        return jdbc.sql("SELECT 1 FROM %s WHERE %s AND lease_token = :token AND lease_until > :now%s"
                        .formatted(table.name(), keyMatch, lock ? " FOR UPDATE" : ""))
                .params(bound)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The key's and the lease token's SQL parameters by name (not an answer): a map, as the statement binds them. */
    private Map<String, Object> keyParams(List<?> key, Object token) {
        if (key.size() != table.key().size()) {
            throw new IllegalArgumentException(table.name() + " is keyed by " + table.key() + ", not " + key);
        }
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < key.size(); i++) {
            bound.put("k" + i, key.get(i));
        }
        bound.put("token", token);
        return bound;
    }
}
