package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where an incremental pull of the QMS stands, per source ({@code quality_pull}): the end of the last window read
 * completely. The next window starts there, less an overlap, so that a change committed late in the last window is
 * not missed; the first starts a configured window before now. A window that fails keeps the watermark and records
 * the error.
 */
final class PullWatermark {

    private final JdbcClient jdbc;
    private final QualitySettings settings;
    private final Clock clock;

    PullWatermark(JdbcClient jdbc, QualitySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** The end of the last window read completely, if any. */
    @Nullable
    Instant watermark(String source) {
        return jdbc.sql("SELECT watermark FROM quality_pull WHERE source = ?")
                .param(source)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .optional()
                .flatMap(w -> w)
                .orElse(null);
    }

    /** Where the window that ends {@code through} starts. */
    Instant from(@Nullable Instant watermark, Instant through) {
        return watermark == null
                ? through.minus(settings.pull().firstWindow())
                : watermark.minus(settings.pull().overlap());
    }

    /** Records the run: the new watermark (the old one after a failure) and the error, if any. */
    void record(String source, @Nullable Instant watermark, @Nullable String error) {
        jdbc.sql("""
                        INSERT INTO quality_pull (source, watermark, last_run_at, last_error) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source) DO UPDATE SET watermark = EXCLUDED.watermark,
                            last_run_at = EXCLUDED.last_run_at, last_error = EXCLUDED.last_error""")
                .params(
                        source,
                        watermark == null ? null : Timestamp.from(watermark),
                        Timestamp.from(clock.instant()),
                        error)
                .update();
    }
}
