package org.qualigate.quality;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.jobs.Backoff;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quality module ({@code qualigate.quality.*}): whether an ERP is configured ({@code erp.base-url}; no base URL,
 * no blocking and no quality intake at all — the connection itself, {@code erp.*}, {@code jira.*} and {@code
 * qms-fields.*}, is read by the adapters in {@code connector}, which the module reaches through its ports), the
 * signed webhook source of the QMS's quality events ({@code hook.source}, {@code hook.secrets}),
 * the pull of non-conformances through the QMS connection ({@code pull.*}), the service level per interface ({@code
 * sla.block-within}, {@code sla.release-within}), how often a parked batch is checked again, the worker's pace, and
 * CAPA escalation ({@code capa.*}).
 */
@ConfigurationProperties("qualigate.quality")
record QualitySettings(
        @Nullable Erp erp,
        Capa capa,
        Hook hook,
        Pull pull,
        Sla sla,
        Duration recheckParked,
        Duration pollInterval,
        Duration backoffInitial,
        Duration backoffMax,
        Duration leaseFor,
        int batchSize,
        int parallelism) {

    public QualitySettings {
        hook = hook == null ? new Hook(null, null) : hook;
        capa = capa == null ? new Capa(0, null) : capa;
        pull = pull == null ? new Pull(null, null, null) : pull;
        sla = sla == null ? new Sla(null, null) : sla;
        recheckParked = recheckParked == null ? Duration.ofMinutes(5) : recheckParked;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(5) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofMinutes(5) : backoffMax;
        leaseFor = leaseFor == null ? Duration.ofMinutes(2) : leaseFor;
        batchSize = batchSize <= 0 ? 16 : batchSize;
        parallelism = parallelism <= 0 ? 8 : parallelism;
    }

    /**
     * The wait before a failed piece of the module's work (a batch, a recall, a CAPA, an outbound event) is tried
     * again after {@code attempts} failed attempts: the one backoff, from {@code backoffInitial} up to {@code
     * backoffMax}.
     */
    Duration backoffAfter(int attempts) {
        return new Backoff(backoffInitial, backoffMax).after(attempts);
    }

    /** The ERP as far as the module needs to know it: whether it is there. */
    public record Erp(@Nullable String baseUrl) {
        boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }
    }

    /** CAPA escalation: days before the due date the owner is reminded, and whom QA leadership is. */
    public record Capa(int reminderDays, @Nullable String leadership) {
        public Capa {
            reminderDays = reminderDays <= 0 ? 3 : reminderDays;
            leadership = leadership == null || leadership.isBlank() ? "QA leadership" : leadership;
        }
    }

    /** The webhook source name in {@code /api/v1/hooks/{source}} and its Standard Webhooks secrets. */
    public record Hook(@Nullable String source, @Nullable List<String> secrets) {
        public Hook {
            source = source == null || source.isBlank() ? "trackwise" : source;
            secrets = secrets == null
                    ? List.of()
                    : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        }
    }

    /** The pull: how often, how far back a window reaches over the last one, and where the first one starts. */
    public record Pull(
            @Nullable Duration interval,
            @Nullable Duration overlap,
            @Nullable Duration firstWindow) {
        public Pull {
            interval = interval == null ? Duration.ofMinutes(1) : interval;
            overlap = overlap == null ? Duration.ofMinutes(1) : overlap;
            firstWindow = firstWindow == null ? Duration.ofDays(365) : firstWindow;
        }
    }

    /** The service level per interface: ERP blocked within, ERP released within. */
    public record Sla(
            @Nullable Duration blockWithin, @Nullable Duration releaseWithin) {
        public Sla {
            blockWithin = blockWithin == null ? Duration.ofMinutes(5) : blockWithin;
            releaseWithin = releaseWithin == null ? Duration.ofMinutes(5) : releaseWithin;
        }
    }

    /** Whether an ERP is configured: without one the module does nothing and shows that it is off. */
    public boolean configured() {
        return erp != null && erp.configured();
    }
}
