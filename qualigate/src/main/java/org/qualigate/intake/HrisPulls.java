package org.qualigate.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.TargetException;
import org.qualigate.text.Sentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls every configured HRIS source incrementally. Each source has a watermark: the end of the last
 * window read completely. The next window starts an overlap before it (so nothing is skipped when the
 * source or a clock is late) and ends a little before now; records seen twice are harmless duplicates.
 * The watermark moves only after every page of the window was read and stored, so a failed or
 * interrupted pull is caught up, not lost. An unavailable source is tried again after a configurable
 * time (an hour by default, or what it asked for). One instance pulls a source at a time (a lease).
 */
@Component
public class HrisPulls {

    private static final Logger log = LoggerFactory.getLogger(HrisPulls.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<HrisSource> sources;
    private final IntakeService intake;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PullSettings settings;
    private final PulledRemovals removals;
    private final ApplicationEventPublisher events;

    public HrisPulls(
            List<HrisSource> sources,
            IntakeService intake,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            PullSettings settings,
            PulledRemovals removals,
            ApplicationEventPublisher events) {
        this.removals = removals;
        this.events = events;
        this.sources = List.copyOf(sources);
        this.intake = intake;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
    }

    public List<HrisSource> sources() {
        return sources;
    }

    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "${qualigate.pulls.poll:PT30S}")
    public void pollDue() {
        for (HrisSource source : sources) {
            try {
                if (claim(source.name(), false)) {
                    run(source);
                }
            } catch (RuntimeException e) {
                log.error("pull of {} failed unexpectedly", source.name(), e);
            }
        }
    }

    /** Pulls the source now (outside its schedule); empty when another instance is pulling it. */
    public Optional<Summary> pullNow(String name) {
        HrisSource source = sources.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pulled source named " + name));
        return claim(name, true) ? Optional.of(run(source)) : Optional.empty();
    }

    private boolean claim(String name, boolean now) {
        Instant at = clock.instant();
        jdbc.sql("INSERT INTO source_watermark (source, state, next_attempt_at) VALUES (?, 'NEW', ?) "
                        + "ON CONFLICT (source) DO NOTHING")
                .params(name, Timestamp.from(at))
                .update();
        return jdbc.sql("""
                        UPDATE source_watermark SET running_until = ?, last_attempt_at = ?
                        WHERE source = ? AND (running_until IS NULL OR running_until < ?) AND (? OR next_attempt_at <= ?)""")
                        .params(
                                Timestamp.from(at.plus(settings.lease())),
                                Timestamp.from(at),
                                name,
                                Timestamp.from(at),
                                now,
                                Timestamp.from(at))
                        .update()
                == 1;
    }

    private Summary run(HrisSource source) {
        Instant started = clock.instant();
        Instant through = started.minus(settings.lag()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant watermark = jdbc.sql("SELECT watermark FROM source_watermark WHERE source = ?")
                .param(source.name())
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single()
                .orElse(through.minus(settings.firstWindow()));
        Instant from = watermark.minus(settings.overlap());
        HrisSource.PullWindow window = new HrisSource.PullWindow(from, through);
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> unmapped = new java.util.TreeMap<>();
        List<HrisSource.CompleteRead> completeReads = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        try {
            do {
                HrisSource.PullPage page = source.pull(window, token);
                pages++;
                for (IntakeResult r : intake.receiveRecords(source.name(), page.records())) {
                    counts.merge(outcome(r), 1, Integer::sum);
                    counts.merge("read", 1, Integer::sum);
                }
                page.unmappedFields().forEach((field, n) -> unmapped.merge(field, n, Integer::sum));
                completeReads.addAll(page.completeReads());
                token = page.nextPageToken();
            } while (token != null);
        } catch (TargetException e) {
            return unavailable(source, new Summary(source.name(), window, pages, counts, unmapped, e.getMessage()), e);
        }
        return pulled(source, new Summary(source.name(), window, pages, counts, unmapped, null), completeReads);
    }

    /** The source failed mid-read: nothing moves the watermark, and the window is tried again after a wait. */
    private Summary unavailable(HrisSource source, Summary s, TargetException e) {
        Duration wait = e.retryAfter()
                .filter(d -> d.compareTo(settings.retryAfterFailure()) < 0)
                .orElse(settings.retryAfterFailure());
        finish(source.name(), "UNAVAILABLE", null, clock.instant().plus(wait), e.getMessage(), s, "source.unavailable");
        log.warn(
                "{} unavailable, window {} kept for the next attempt in {}: {}",
                source.name(),
                s.window(),
                wait,
                e.getMessage());
        return s;
    }

    /** Every page was read: what is gone is applied, and the watermark moves to the end of the window. */
    private Summary pulled(HrisSource source, Summary read, List<HrisSource.CompleteRead> completeReads) {
        Map<String, Integer> counts = read.counts();
        HrisSource.PullWindow window = read.window();
        // Only a read completed to its last page can show what is gone.
        PulledRemovals.Outcome removed = removals.apply(source.name(), completeReads);
        if (removed.applied() > 0) {
            counts.merge("removed", removed.applied(), Integer::sum);
        }
        if (removed.held() > 0) {
            counts.merge("removalsHeld", removed.held(), Integer::sum);
        }
        boolean drift = counts.getOrDefault("quarantined", 0) + counts.getOrDefault("stillQuarantined", 0) > 0;
        finish(
                source.name(),
                drift ? "DRIFT" : "OK",
                window.through(),
                clock.instant().plus(settings.interval()),
                null,
                read,
                drift ? "source.schema-drift" : "source.pulled");
        log.info("{} pulled {} → {}: {}", source.name(), window.from(), window.through(), counts);
        return read;
    }

    /**
     * The outcome a pulled record counts as. A record received before whose first delivery was quarantined is still
     * drift: pulling it again must not make the source look healthy.
     */
    private String outcome(IntakeResult r) {
        if (r.outcome() == IntakeResult.Outcome.DUPLICATE_DELIVERY) {
            boolean quarantined = jdbc.sql("SELECT count(*) FROM inbound_event WHERE id = ? "
                                    + "AND outcome = 'QUARANTINED' AND resolved_at IS NULL")
                            .param(r.eventId())
                            .query(Long.class)
                            .single()
                    > 0;
            if (quarantined) {
                return "stillQuarantined";
            }
        }
        return r.outcome().name().toLowerCase();
    }

    private void finish(
            String name,
            String state,
            @Nullable Instant newWatermark,
            Instant next,
            @Nullable String error,
            Summary summary,
            String action) {
        String previous = tx.execute(status -> {
            String before = jdbc.sql("SELECT state FROM source_watermark WHERE source = ?")
                    .param(name)
                    .query(String.class)
                    .single();
            jdbc.sql("""
                            UPDATE source_watermark SET state = ?, watermark = coalesce(?, watermark),
                                last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END, next_attempt_at = ?,
                                last_error = ?, last_summary = ?::jsonb, running_until = NULL
                            WHERE source = ?""")
                    .params(
                            state,
                            newWatermark == null ? null : Timestamp.from(newWatermark),
                            newWatermark != null,
                            Timestamp.from(clock.instant()),
                            Timestamp.from(next),
                            error,
                            JSON.writeValueAsString(summary.view()),
                            name)
                    .update();
            // every pull that read something, and every change of the source's state, is on the record
            if (!state.equals(before) || summary.counts().getOrDefault("read", 0) > 0) {
                audit.append(new AuditRecord(
                        "system",
                        action,
                        "source",
                        name,
                        null,
                        Map.of("state", before),
                        summary.view(),
                        error == null ? "window read completely" : error,
                        null));
            }
            return before;
        });
        tell(name, state, previous, summary, error);
    }

    /** A change into failure alerted, and a complete read after one said (decision 0075). */
    private void tell(String name, String state, @Nullable String previous, Summary summary, @Nullable String error) {
        if (state.equals("OK") && ("UNAVAILABLE".equals(previous) || "DRIFT".equals(previous))) {
            events.publishEvent(new SourceRecovered(name));
        }
        if (!state.equals(previous) && (state.equals("UNAVAILABLE") || state.equals("DRIFT"))) {
            boolean drift = state.equals("DRIFT");
            events.publishEvent(new SourceAlert(
                    name,
                    drift ? "records quarantined (schema drift)" : "read refused: source unavailable",
                    drift
                            ? "A pull set records aside because a field the mapping reads changed or disappeared: "
                                    + JSON.writeValueAsString(summary.view())
                            : "The pull could not read the window completely and will try again: " + error,
                    Sentence.of(drift ? "mail.source-alert.drift" : "mail.source-alert.unavailable"),
                    drift
                            ? Sentence.of("mail.source-alert.drift-detail", JSON.writeValueAsString(summary.view()))
                            : Sentence.of("mail.source-alert.unavailable-detail", Sentence.Quoted.english(error))));
        }
    }

    /**
     * A pulled source's state: its watermark, its last attempt, success and error, when it is tried next (each null
     * until it happened), and what its last pull read and did (as stored).
     */
    public record SourceState(
            String source,
            String state,
            @Nullable Instant watermark,
            @Nullable Instant lastAttemptAt,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant nextAttemptAt,
            @Nullable String lastError,
            @Nullable JsonNode lastRun) {}

    /** The state of every pulled source, for the API. */
    public List<SourceState> states() {
        return jdbc.sql("SELECT * FROM source_watermark ORDER BY source")
                .query(HrisPulls::state)
                .list();
    }

    static SourceState state(ResultSet rs, int n) throws SQLException {
        String summary = rs.getString("last_summary");
        return new SourceState(
                rs.getString("source"),
                rs.getString("state"),
                instant(rs.getTimestamp("watermark")),
                instant(rs.getTimestamp("last_attempt_at")),
                instant(rs.getTimestamp("last_success_at")),
                instant(rs.getTimestamp("next_attempt_at")),
                rs.getString("last_error"),
                summary == null ? null : JSON.readTree(summary));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** What one pull read and did. */
    public record Summary(
            String source,
            HrisSource.PullWindow window,
            int pages,
            Map<String, Integer> counts,
            Map<String, Integer> unmappedFields,
            @Nullable String error) {

        /** The pull as answered, stored as the source's last run and audited. */
        public View view() {
            // fields the vendor sent that the mapping does not read: recorded, never a reason to set aside
            return new View(
                    window.from().toString(),
                    window.through().toString(),
                    pages,
                    counts,
                    unmappedFields.isEmpty() ? null : unmappedFields,
                    error);
        }

        /** What a pull read: its window (as text), pages and counts; unmapped fields and the error only if any. */
        public record View(
                String from,
                String through,
                int pages,
                Map<String, Integer> counts,

                @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
                Map<String, Integer> unmappedFields,

                @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
                String error) {}
    }
}
