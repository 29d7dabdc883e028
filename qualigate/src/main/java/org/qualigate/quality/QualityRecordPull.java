package org.qualigate.quality;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.qualigate.connector.QualityRecordSource;
import org.qualigate.connector.QualityRecordSource.Kind;
import org.qualigate.connector.TargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pulls the QMS's CAPAs and recalls incrementally, as the non-conformances are pulled ({@link NonconformancePull}):
 * per kind, a window from its own watermark (less the overlap) to now, page by page, each row stored and applied on
 * its own ({@link PulledRecords}), a bad row kept with its reason while the rest go on; the watermark moves only
 * after every page was read. The webhook and the pull meet at the record's version: whichever brings a version
 * first applies it, the other finds it stored (a duplicate), and an older version never wins.
 */
class QualityRecordPull {

    private static final Logger log = LoggerFactory.getLogger(QualityRecordPull.class);

    /** What one pull of one kind did, by outcome. */
    public record Run(Kind kind, Instant from, Instant through, Map<QualityIntakeResult.Outcome, Integer> outcomes) {}

    private final QualityRecordSource source;
    private final PulledRecords received;
    private final PullWatermark watermarks;
    private final Clock clock;

    QualityRecordPull(
            QualityRecordSource source,
            PulledRecords received,
            JdbcClient jdbc,
            QualitySettings settings,
            Clock clock) {
        this.source = source;
        this.received = received;
        this.watermarks = new PullWatermark(jdbc, settings, clock);
        this.clock = clock;
    }

    /** The source the kind's rows are stored under and its watermark is kept as. */
    static String source(Kind kind) {
        return NonconformancePull.SOURCE + "-" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Pulls every kind; a kind the QMS cannot be read for waits for the next run, the others go on. */
    public void pullAll() {
        for (Kind kind : Kind.values()) {
            try {
                pull(kind);
            } catch (TargetException e) {
                log.warn("pull of {} records failed: {}", kind, e.getMessage());
            }
        }
    }

    /** Reads the kind's window since its watermark; throws when the QMS cannot be read (the watermark stays). */
    public synchronized Run pull(Kind kind) {
        String name = source(kind);
        Instant through = clock.instant();
        Instant watermark = watermarks.watermark(name);
        Instant from = watermarks.from(watermark, through);
        Map<QualityIntakeResult.Outcome, Integer> outcomes = new EnumMap<>(QualityIntakeResult.Outcome.class);
        try {
            QualityRecordSource.Page page = source.changed(kind, from, through);
            int pages = 0;
            while (true) {
                for (QualityRecordSource.Row row : page.rows()) {
                    outcomes.merge(received.receive(kind, name, row).outcome(), 1, Integer::sum);
                }
                if (page.next() == null || ++pages > 10_000) {
                    break;
                }
                page = source.next(kind, page.next());
            }
        } catch (TargetException e) {
            watermarks.record(name, watermark, e.getMessage());
            throw e;
        }
        watermarks.record(name, through, null);
        return new Run(kind, from, through, outcomes);
    }
}
