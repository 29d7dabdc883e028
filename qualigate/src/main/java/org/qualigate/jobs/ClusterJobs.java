package org.qualigate.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * The one way a periodic job runs once cluster-wide when several instances share one PostgreSQL: the run holds a
 * session advisory lock ({@code pg_try_advisory_lock}), so no two instances run it at once, and a job that
 * finished less than 90 % of its interval ago is not run again, so N instances on their own timers still run it
 * about once per interval (decision 0050). Work taken row by row ({@link LeasedQueue}: timers, deliveries, the
 * QMS sync, notices) needs none of this: each row is claimed by one instance.
 */
@Component
public class ClusterJobs {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final String instance = "instance-" + UUID.randomUUID();

    public ClusterJobs(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** What became of one attempt to run a job. */
    public enum Outcome {
        RAN,
        /** Another instance is running it now. */
        RUNNING_ELSEWHERE,
        /** It ran recently enough (on any instance). */
        NOT_DUE
    }

    /**
     * Runs {@code job} unless another instance is running it or it finished less than 90 % of
     * {@code interval} ago. A job that throws or answers false (it could not do its work) is not recorded
     * as finished, so the next instance to try runs it again.
     */
    public Outcome runIfDue(String name, Duration interval, BooleanSupplier job) {
        try (Connection c = dataSource.getConnection()) {
            // The lock belongs to this session: it must be taken and released on the same connection,
            // which stays in auto-commit so the bookkeeping below is visible to the others at once.
            c.setAutoCommit(true);
            if (!tryLock(c, name)) {
                log.debug("cluster job {} is running on another instance", name);
                return Outcome.RUNNING_ELSEWHERE;
            }
            try {
                Instant now = clock.instant();
                Instant lastFinished = lastFinished(c, name);
                if (lastFinished != null
                        && Duration.between(lastFinished, now)
                                        .compareTo(interval.multipliedBy(9).dividedBy(10))
                                < 0) {
                    log.debug("cluster job {} ran at {}, not due yet", name, lastFinished);
                    return Outcome.NOT_DUE;
                }
                started(c, name, now);
                if (job.getAsBoolean()) {
                    finished(c, name, clock.instant());
                }
                return Outcome.RAN;
            } finally {
                unlock(c, name);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cluster job " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            s.setString(1, "qualigate.cluster-job:" + name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            s.setString(1, "qualigate.cluster-job:" + name);
            s.executeQuery().close();
        }
    }

    private static @Nullable Instant lastFinished(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_finished_at FROM cluster_job WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private void started(Connection c, String name, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO cluster_job (name, runs, last_started_at, last_instance) VALUES (?, 1, ?, ?)
                ON CONFLICT (name) DO UPDATE SET runs = cluster_job.runs + 1,
                    last_started_at = EXCLUDED.last_started_at, last_instance = EXCLUDED.last_instance""")) {
            s.setString(1, name);
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, instance);
            s.executeUpdate();
        }
    }

    private static void finished(Connection c, String name, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE cluster_job SET last_finished_at = ? WHERE name = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, name);
            s.executeUpdate();
        }
    }
}
