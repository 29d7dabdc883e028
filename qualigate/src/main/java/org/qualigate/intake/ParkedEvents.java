package org.qualigate.intake;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Processes parked events again once what they lacked may exist: after a directory sync (an employee
 * who was unknown), after a dictionary mapping is added (a code that was unmapped), and on a schedule.
 */
@Component
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final IntakeService intake;

    public ParkedEvents(JdbcClient jdbc, IntakeService intake) {
        this.jdbc = jdbc;
        this.intake = intake;
    }

    @Scheduled(
            initialDelayString = "${qualigate.intake.parked-sweep:PT5M}",
            fixedDelayString = "${qualigate.intake.parked-sweep:PT5M}")
    public void scheduledSweep() {
        sweep("system");
    }

    /** Tries every parked event again, oldest first; returns how many could now be applied. */
    public int sweep(String actor) {
        int done = 0;
        long after = 0;
        while (true) {
            record Parked(UUID id, long at) {}
            List<Parked> batch = jdbc.sql("SELECT id, extract(epoch FROM received_at) * 1000000 FROM inbound_event "
                            + "WHERE outcome = 'PARKED' AND resolved_at IS NULL "
                            + "AND extract(epoch FROM received_at) * 1000000 > ? ORDER BY received_at LIMIT ?")
                    .params(after, BATCH)
                    .query((rs, n) -> new Parked(rs.getObject(1, UUID.class), rs.getLong(2)))
                    .list();
            for (Parked p : batch) {
                if (intake.reprocess(p.id(), actor).isPresent()) {
                    done++;
                }
                after = p.at();
            }
            if (batch.size() < BATCH) {
                if (done > 0) {
                    log.info("{} parked events could now be applied", done);
                }
                return done;
            }
        }
    }
}
