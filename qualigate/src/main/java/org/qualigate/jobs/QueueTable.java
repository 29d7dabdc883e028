package org.qualigate.jobs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A table that its owning module uses as a leased work queue, described by that module for {@link LeasedQueue}: its
 * name and key, the column that says when a row is due, how a claim marks the row as leased, which rows may be
 * claimed, and what a release clears besides the lease. The fragments are SQL with named parameters: {@code :now}
 * and {@code :until} (the lease's end) are always bound; others come with the claim.
 *
 * @param name the table (owned by the module that declares this)
 * @param key the columns that identify a row
 * @param due the column of the instant the row is due from, or null when every claimable row is due
 * @param order what the claim takes first
 * @param lease the assignments a claim makes besides {@code lease_until = :until}
 * @param claimable which rows may be claimed, besides being due
 * @param released the assignments a release makes besides clearing the lease, or empty
 * @param errorLength the longest error text kept
 */
public record QueueTable(
        String name,
        List<String> key,
        @Nullable String due,
        String order,
        String lease,
        String claimable,
        String released,
        int errorLength) {

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

    public QueueTable {
        if (!name.matches(IDENTIFIER) || key.isEmpty() || !key.stream().allMatch(k -> k.matches(IDENTIFIER))) {
            throw new IllegalArgumentException("a queue table is named by identifiers: " + name + " " + key);
        }
        key = List.copyOf(key);
    }

    /**
     * A queue table with the usual columns: due from {@code due_at}, taken earliest due first, leased with a fresh
     * {@code lease_token} (a UUID) and claimable when not leased or its lease ran out.
     */
    public static QueueTable of(String name, String... key) {
        return new QueueTable(
                name,
                List.of(key),
                "due_at",
                "due_at",
                "lease_token = gen_random_uuid()",
                "(lease_until IS NULL OR lease_until < :now)",
                "",
                2000);
    }

    /** Due from {@code column} (and taken in its order). */
    public QueueTable dueFrom(@Nullable String column) {
        return new QueueTable(
                name, key, column, column == null ? order : column, lease, claimable, released, errorLength);
    }

    public QueueTable orderedBy(String sql) {
        return new QueueTable(name, key, due, sql, lease, claimable, released, errorLength);
    }

    public QueueTable leasedBy(String sql) {
        return new QueueTable(name, key, due, order, sql, claimable, released, errorLength);
    }

    public QueueTable claimableWhen(String sql) {
        return new QueueTable(name, key, due, order, lease, sql, released, errorLength);
    }

    public QueueTable releasing(String sql) {
        return new QueueTable(name, key, due, order, lease, claimable, sql, errorLength);
    }

    public QueueTable errorsUpTo(int length) {
        return new QueueTable(name, key, due, order, lease, claimable, released, length);
    }
}
