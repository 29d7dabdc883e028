package org.qualigate.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.qualigate.audit.AuditSealer;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.text.Sentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Judges delivery against the limits and, on a schedule, raises an alert when the judgement changes. It is
 * DEGRADED while a target's circuit breaker is not closed, the 99th percentile latency over the window or the
 * age of the oldest waiting change exceeds {@code max-latency}, the error rate over the window exceeds
 * {@code max-error-rate}, the last synthetic probe failed or was too slow, or the audit chain's sealer has
 * left a committed entry unsealed for longer than {@code max-seal-lag}.
 */
@Component
public class DeliveryMonitor {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMonitor.class);

    private final DeliveryOverview overview;
    private final SyntheticProbe probe;
    private final Alerts alerts;
    private final MonitoringSettings settings;

    private final AuditSealer sealer;
    private final TargetAlerts targets;

    DeliveryMonitor(
            DeliveryOverview overview,
            SyntheticProbe probe,
            Alerts alerts,
            MonitoringSettings settings,
            AuditSealer sealer,
            TargetAlerts targets) {
        this.targets = targets;
        this.sealer = sealer;
        this.overview = overview;
        this.probe = probe;
        this.alerts = alerts;
        this.settings = settings;
    }

    public DeliveryCondition assess() {
        DeliveryOverview.Snapshot s = overview.snapshot();
        List<String> reasons = new ArrayList<>();
        List<Sentence> said = new ArrayList<>();
        BiConsumer<String, Sentence> reason = (english, sentence) -> {
            reasons.add(english);
            said.add(sentence);
        };
        for (DeliveryOverview.TargetState t : s.targets()) {
            if (t.breaker().equals("OPEN") || t.breaker().equals("HALF_OPEN")) {
                reason.accept(
                        "the circuit breaker of target " + t.name() + " is " + t.breaker(),
                        Sentence.of(
                                "health.breaker",
                                t.name(),
                                Sentence.of("dashboard.breaker."
                                        + t.breaker().toLowerCase(Locale.ROOT).replace('_', '-'))));
            }
        }
        Duration limit = settings.latencyLimit();
        if (s.latencyP99().compareTo(limit) > 0) {
            reason.accept(
                    "webhook-to-applied latency p99 " + s.latencyP99() + " exceeds " + limit,
                    Sentence.of("health.latency", seconds(s.latencyP99()), seconds(limit)));
        }
        s.oldestWaiting()
                .filter(age -> age.compareTo(limit) > 0)
                .ifPresent(age -> reason.accept(
                        "the oldest waiting change has waited " + age + ", more than " + limit,
                        Sentence.of("health.oldest", seconds(age), seconds(limit))));
        if (s.recentAttempts() >= settings.attemptsNeeded() && s.errorRate() > settings.errorRateLimit()) {
            reason.accept(
                    String.format(
                            Locale.ROOT,
                            "error rate %.1f%% (%d of %d attempts) exceeds %.1f%%",
                            s.errorRate() * 100,
                            s.recentFailures(),
                            s.recentAttempts(),
                            settings.errorRateLimit() * 100),
                    Sentence.of(
                            "health.error-rate",
                            s.errorRate() * 100,
                            s.recentFailures(),
                            s.recentAttempts(),
                            settings.errorRateLimit() * 100));
        }
        Optional<SyntheticProbe.Result> last = sealerAndProbe(reason);
        return new DeliveryCondition(
                reasons.isEmpty() ? DeliveryCondition.Status.UP : DeliveryCondition.Status.DEGRADED,
                reasons,
                said,
                s,
                last);
    }

    /** The audit chain's sealer and the last synthetic probe, judged against their limits. */
    private Optional<SyntheticProbe.Result> sealerAndProbe(BiConsumer<String, Sentence> reason) {
        // The audit chain is part of what must keep up: an entry not sealed is not yet covered by verify.
        Duration sealLag = sealer.lag();
        if (sealLag.compareTo(settings.sealLagLimit()) > 0) {
            long unsealed = sealer.unsealed();
            reason.accept(
                    "the audit chain's sealer is " + sealLag.toSeconds() + " s behind (" + unsealed
                            + " committed entries not yet sealed), more than " + settings.sealLagLimit(),
                    Sentence.of("health.seal-lag", seconds(sealLag), unsealed, seconds(settings.sealLagLimit())));
        }
        Optional<SyntheticProbe.Result> last = probe.last();
        Duration limit = settings.latencyLimit();
        last.ifPresent(r -> {
            if (!r.succeeded()) {
                reason.accept(
                        "the synthetic probe failed: " + r.detail(), Sentence.of("health.probe-failed", r.detail()));
            } else if (r.latency().compareTo(limit) > 0) {
                reason.accept(
                        "the synthetic probe took " + r.latency() + ", more than " + limit,
                        Sentence.of("health.probe-slow", seconds(r.latency()), seconds(limit)));
            }
        });
        return last;
    }

    /** A span in seconds, to the millisecond, for a sentence ("1.5 s", "1,5 s"). */
    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    @Scheduled(
            initialDelayString = "${qualigate.monitoring.check-interval:PT30S}",
            fixedDelayString = "${qualigate.monitoring.check-interval:PT30S}")
    void check() {
        try {
            DeliveryCondition condition = assess();
            alerts.observe(condition, targets.observe(condition.snapshot()));
        } catch (RuntimeException e) {
            log.warn("delivery monitor check failed, will try again: {}", e.toString());
        }
    }
}
