package org.qualigate.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.qualigate.sandbox.SideEffects;

/**
 * How much delivery work the service still has: the items in its work queue, read straight from the shared
 * PostgreSQL, and whether the simulated targets have stopped changing.
 */
final class DeliveryBacklog {

    private final DataSource database;
    private final SideEffects sideEffects;

    DeliveryBacklog(DataSource database, SideEffects sideEffects) {
        this.database = database;
        this.sideEffects = sideEffects;
    }

    /** Work items waiting or in progress; empty if the queue cannot be read. */
    OptionalLong pending() {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM public.work_item")) {
            rs.next();
            return OptionalLong.of(rs.getLong(1));
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Waits until the work queue is empty and no side effect has been recorded for {@code quiet}; returns
     * how long that took, or empty if it did not happen within {@code timeout}.
     */
    java.util.Optional<Duration> awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastSeq = sideEffects.latestSeq();
        long lastChange = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            long seq = sideEffects.latestSeq();
            if (seq != lastSeq) {
                lastSeq = seq;
                lastChange = System.nanoTime();
            }
            boolean queueEmpty = pending().orElse(0) == 0;
            if (!queueEmpty) {
                lastChange = System.nanoTime();
            }
            if (System.nanoTime() - lastChange >= quiet.toNanos()) {
                return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
            Thread.sleep(100);
        }
        return java.util.Optional.empty();
    }
}
