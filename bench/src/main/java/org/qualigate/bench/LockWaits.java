package org.qualigate.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Samples PostgreSQL's sessions ten times a second while a phase runs: how many are running a statement
 * and how many of those wait for a lock, by lock type. A global lock that every write takes shows up here
 * as waiting sessions.
 */
final class LockWaits implements ClosedLoad.Window {

    private static final String SAMPLE = """
            SELECT count(*) FILTER (WHERE state = 'active'),
                   count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
                   count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event <> 'advisory')
              FROM pg_stat_activity
             WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()""";

    /** Mean sessions over the phase. */
    record Means(double active, double advisoryLockWait, double otherLockWait, long samples) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.2f active, %.2f waiting on an advisory lock, %.2f on other locks",
                    active,
                    advisoryLockWait,
                    otherLockWait);
        }
    }

    private final DataSource database;
    private final ClosedLoad.Window also;
    private volatile boolean sampling;
    private @Nullable Thread sampler;
    private long samples;
    private long active;
    private long advisory;
    private long other;

    LockWaits(DataSource database, ClosedLoad.Window also) {
        this.database = database;
        this.also = also;
    }

    @Override
    public void opened() {
        also.opened();
        sampling = true;
        sampler = Thread.ofPlatform().name("lock-waits").daemon().start(this::sample);
    }

    @Override
    public void closed() {
        also.closed();
        sampling = false;
        try {
            if (sampler != null) {
                sampler.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Optional<Means> means() {
        return samples == 0
                ? Optional.empty()
                : Optional.of(new Means(
                        (double) active / samples, (double) advisory / samples, (double) other / samples, samples));
    }

    private void sample() {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            while (sampling) {
                try (ResultSet rs = s.executeQuery(SAMPLE)) {
                    rs.next();
                    active += rs.getLong(1);
                    advisory += rs.getLong(2);
                    other += rs.getLong(3);
                    samples++;
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            // no figures rather than a failed run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
