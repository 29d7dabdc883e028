package org.qualigate.quality;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.qualigate.connector.NonconformanceSource;
import org.qualigate.connector.TargetException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pulls the QMS's non-conformances incrementally: the window runs from the last watermark (less an overlap, so a
 * change committed late in the last window is not missed) to now, page by page, each row stored and applied on its
 * own (a bad row is kept with its reason and the rest go on). The watermark moves only after every page was read;
 * a window that fails is read again from the same point. Versions make a row read twice harmless.
 */
class NonconformancePull {

    /** What one pull did, by outcome. */
    public record Run(Instant from, Instant through, Map<QualityIntakeResult.Outcome, Integer> outcomes) {}

    static final String SOURCE = "qms-pull";

    private final NonconformanceSource source;
    private final Nonconformances ncs;
    private final PullWatermark watermarks;
    private final Clock clock;

    NonconformancePull(
            NonconformanceSource source, Nonconformances ncs, JdbcClient jdbc, QualitySettings settings, Clock clock) {
        this.source = source;
        this.ncs = ncs;
        this.watermarks = new PullWatermark(jdbc, settings, clock);
        this.clock = clock;
    }

    /** Reads the window since the watermark; throws when the QMS cannot be read (the watermark stays). */
    public synchronized Run pull() {
        Instant through = clock.instant();
        Instant watermark = watermarks.watermark(SOURCE);
        Instant from = watermarks.from(watermark, through);
        Map<QualityIntakeResult.Outcome, Integer> outcomes = new EnumMap<>(QualityIntakeResult.Outcome.class);
        try {
            NonconformanceSource.Page page = source.changed(from, through);
            int pages = 0;
            while (true) {
                for (NonconformanceSource.Row row : page.rows()) {
                    outcomes.merge(ncs.receivePulled(SOURCE, row).outcome(), 1, Integer::sum);
                }
                if (page.next() == null || ++pages > 10_000) {
                    break;
                }
                page = source.next(page.next());
            }
        } catch (TargetException e) {
            watermarks.record(SOURCE, watermark, e.getMessage());
            throw e;
        }
        watermarks.record(SOURCE, through, null);
        return new Run(from, through, outcomes);
    }
}
