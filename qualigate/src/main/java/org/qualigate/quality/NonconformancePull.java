package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
    private final JdbcClient jdbc;
    private final QualitySettings settings;
    private final Clock clock;

    NonconformancePull(
            NonconformanceSource source, Nonconformances ncs, JdbcClient jdbc, QualitySettings settings, Clock clock) {
        this.source = source;
        this.ncs = ncs;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Reads the window since the watermark; throws when the QMS cannot be read (the watermark stays). */
    public synchronized Run pull() {
        Instant through = clock.instant();
        Instant watermark = jdbc.sql("SELECT watermark FROM quality_pull WHERE source = ?")
                .param(SOURCE)
                .query((rs, n) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .optional()
                .orElse(null);
        Instant from = watermark == null
                ? through.minus(settings.pull().firstWindow())
                : watermark.minus(settings.pull().overlap());
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
            record(watermark, e.getMessage());
            throw e;
        }
        record(through, null);
        return new Run(from, through, outcomes);
    }

    private void record(@Nullable Instant watermark, @Nullable String error) {
        jdbc.sql("""
                        INSERT INTO quality_pull (source, watermark, last_run_at, last_error) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source) DO UPDATE SET watermark = EXCLUDED.watermark,
                            last_run_at = EXCLUDED.last_run_at, last_error = EXCLUDED.last_error""")
                .params(
                        SOURCE,
                        watermark == null ? null : Timestamp.from(watermark),
                        Timestamp.from(clock.instant()),
                        error)
                .update();
    }
}
