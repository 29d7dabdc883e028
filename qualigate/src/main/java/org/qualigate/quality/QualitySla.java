package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service level of each interface, measured per event ({@code quality_sla_event}): {@code erp-block} runs from
 * an NC raised to its batch seen blocked in the ERP, {@code erp-release} from an NC closed with release to the batch
 * seen unrestricted. An event breaches when it was met late, or is still open past its due time.
 */
@Component
public class QualitySla {

    /** The interfaces measured. */
    public enum Interface {
        ERP_BLOCK("erp-block"),
        ERP_RELEASE("erp-release");

        private final String id;

        Interface(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Interface of(String id) {
            return id.equals("erp-block") ? ERP_BLOCK : ERP_RELEASE;
        }
    }

    /** One event: when it started, when it was due, when (if) it was met; {@code foundDone}: no latency measurable. */
    public record Event(
            Interface iface,
            String recordId,
            String ncName,
            String material,
            String batch,
            Instant startedAt,
            Instant dueAt,
            @Nullable Instant metAt,
            boolean foundDone) {

        /** Met late, or open past its due time at {@code now}. */
        public boolean breached(Instant now) {
            return metAt == null ? now.isAfter(dueAt) : !foundDone && metAt.isAfter(dueAt);
        }

        /** Start to met, when measured. */
        public @Nullable Duration latency() {
            return metAt == null || foundDone ? null : Duration.between(startedAt, metAt);
        }
    }

    /** The dashboard's figures: events in the window, met, measured latencies and breaches. */
    public record Summary(
            int events,
            int open,
            int breaches,
            @Nullable Duration p50,
            @Nullable Duration max) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    QualitySla(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An event starts (once per interface and NC; a repeat changes nothing). */
    @Transactional(propagation = Propagation.MANDATORY)
    void start(Interface iface, String recordId, String ncName, Lot lot, Instant startedAt, Duration within) {
        jdbc.sql("""
                        INSERT INTO quality_sla_event (interface, record_id, nc_name, material, batch, started_at, due_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interface, record_id) DO NOTHING""")
                .params(
                        iface.id(),
                        recordId,
                        ncName,
                        lot.material(),
                        lot.batch(),
                        Timestamp.from(startedAt),
                        Timestamp.from(startedAt.plus(within)))
                .update();
    }

    /** The ERP was seen to hold the batch as the interface wants: its open events are met now. */
    @Transactional(propagation = Propagation.MANDATORY)
    void met(Interface iface, Lot lot, boolean foundDone) {
        jdbc.sql("""
                        UPDATE quality_sla_event SET met_at = ?, found_done = ?
                        WHERE interface = ? AND material = ? AND batch = ? AND met_at IS NULL""")
                .params(Timestamp.from(clock.instant()), foundDone, iface.id(), lot.material(), lot.batch())
                .update();
    }

    /** Events started since {@code since}, newest first, at most {@code limit}. */
    public List<Event> since(Instant since, int limit) {
        return jdbc.sql("SELECT interface, record_id, nc_name, material, batch, started_at, due_at, met_at, found_done"
                        + " FROM quality_sla_event WHERE started_at >= ? ORDER BY started_at DESC LIMIT ?")
                .params(Timestamp.from(since), limit)
                .query((rs, n) -> new Event(
                        Interface.of(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
                        rs.getBoolean(9)))
                .list();
    }

    /** Events that breached (met late, or open past due), newest first. */
    public List<Event> breaches(Instant since, int limit) {
        Instant now = clock.instant();
        return since(since, 10_000).stream()
                .filter(e -> e.breached(now))
                .limit(limit)
                .toList();
    }

    /** The figures of one interface over the window. */
    public Summary summary(Interface iface, Instant since) {
        Instant now = clock.instant();
        List<Event> events =
                since(since, 10_000).stream().filter(e -> e.iface() == iface).toList();
        List<Duration> measured = events.stream()
                .map(Event::latency)
                .filter(java.util.Objects::nonNull)
                .sorted()
                .toList();
        return new Summary(
                events.size(),
                (int) events.stream().filter(e -> e.metAt() == null).count(),
                (int) events.stream().filter(e -> e.breached(now)).count(),
                measured.isEmpty() ? null : measured.get((measured.size() - 1) / 2),
                measured.isEmpty() ? null : measured.getLast());
    }
}
