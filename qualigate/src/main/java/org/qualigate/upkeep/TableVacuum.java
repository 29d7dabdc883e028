package org.qualigate.upkeep;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Vacuums one of the service's busy queue tables itself (decisions 0104, 0111): every row such a queue updates or
 * deletes leaves a dead one, and autovacuum reaches a table at most once a minute at the server's defaults; until it
 * does, each read of the queue walks the dead rows, and the queue slows down for a minute, then speeds up again. Once
 * {@code after} rows were reported since the last time, and at most every {@code every}, the next call of
 * {@link #whenDue()} runs {@code VACUUM (SKIP_LOCKED)} on the table — outside any transaction, as VACUUM must be. VACUUM
 * removes dead rows and changes no live one. It needs the table's {@code MAINTAIN} right (PostgreSQL 17 and later,
 * granted by a migration); a role without it is only warned by the server and vacuums nothing, so the right is asked
 * once beforehand, and without it the table is left to autovacuum with one line in the log.
 */
public final class TableVacuum {

    private static final Logger log = LoggerFactory.getLogger(TableVacuum.class);

    private static final Pattern TABLE = Pattern.compile("[a-z_]+");

    private static final String MAY_VACUUM = """
            SELECT CASE WHEN current_setting('server_version_num')::int >= 170000
                THEN has_table_privilege('%1$s', 'MAINTAIN')
                ELSE (SELECT relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                      FROM pg_class WHERE oid = '%1$s'::regclass) END""";

    private final JdbcTemplate jdbc;
    private final String table;
    private final long after;
    private final long everyNanos;
    private final AtomicLong changedSince = new AtomicLong();
    private long vacuumedAt; // guarded by this
    private @Nullable Boolean allowed; // guarded by this; null: not yet asked

    public TableVacuum(JdbcTemplate jdbc, String table, long after, Duration every) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.after = after;
        this.everyNanos = every.toNanos();
    }

    /** Reports that {@code rows} rows of the table were updated or deleted (any thread, any transaction). */
    public void changed(long rows) {
        changedSince.addAndGet(rows);
    }

    /** Vacuums the table when it is due; call it outside any transaction. Answers whether it vacuumed. */
    public synchronized boolean whenDue() {
        long now = System.nanoTime();
        if (Boolean.FALSE.equals(allowed)
                || changedSince.get() < after
                || (vacuumedAt != 0 && now - vacuumedAt < everyNanos)) {
            return false;
        }
        changedSince.set(0);
        vacuumedAt = now;
        try {
            if (allowed == null) {
                allowed = Boolean.TRUE.equals(jdbc.queryForObject(MAY_VACUUM.formatted(table), Boolean.class));
                if (!allowed) {
                    log.info("the service may not vacuum {} (MAINTAIN, PostgreSQL 17): autovacuum does", table);
                    return false;
                }
            }
            jdbc.execute("VACUUM (SKIP_LOCKED) " + table);
            return true;
        } catch (DataAccessException e) {
            allowed = false;
            log.warn("the service cannot vacuum {}, leaving it to autovacuum: {}", table, e.getMessage());
            return false;
        }
    }
}
