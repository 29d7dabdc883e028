package org.qualigate.interfaces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.quality.QualitySla;
import org.qualigate.quality.QualityView;
import org.qualigate.settings.InterfacePauses;
import org.springframework.stereotype.Component;

/**
 * The live state of the interfaces, from what is already counted: the audit trail (messages handled and failures of
 * the last hour, by the actions each interface's watch names), delivery's overview (a target's queue, dead letters
 * and breaker), the quality module's waiting work and measured service level, and the approved pauses.
 */
@Component
public class InterfaceStates {

    static final Duration WINDOW = Duration.ofHours(1);

    /** A count larger than this is shown as this: the page must stay cheap when an hour was busy. */
    static final long CAP = 100_000;

    private final AuditTrail audit;
    private final DeliveryOverview delivery;
    private final QualityView quality;
    private final InterfacePauses pauses;
    private final Clock clock;

    InterfaceStates(
            AuditTrail audit, DeliveryOverview delivery, QualityView quality, InterfacePauses pauses, Clock clock) {
        this.audit = audit;
        this.delivery = delivery;
        this.quality = quality;
        this.pauses = pauses;
        this.clock = clock;
    }

    /** The state of each interface, by name. */
    public Map<String, InterfaceState> of(List<InterfaceDocument> interfaces) {
        Instant since = clock.instant().minus(WINDOW);
        Map<String, DeliveryOverview.TargetState> targets = delivery.snapshot().targets().stream()
                .collect(Collectors.toMap(DeliveryOverview.TargetState::name, Function.identity(), (a, b) -> a));
        QualityView.Waiting waiting = quality.waiting();
        Map<QualitySla.Interface, QualitySla.Summary> sla = quality.sla(WINDOW);
        return interfaces.stream()
                .collect(Collectors.toMap(
                        InterfaceDocument::name,
                        i -> state(i, since, targets, waiting, sla),
                        (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    /** The state of one interface. */
    public InterfaceState of(InterfaceDocument iface) {
        return of(List.of(iface)).get(iface.name());
    }

    private InterfaceState state(
            InterfaceDocument i,
            Instant since,
            Map<String, DeliveryOverview.TargetState> targets,
            QualityView.Waiting waiting,
            Map<QualitySla.Interface, QualitySla.Summary> sla) {
        InterfaceDocument.Watch w = i.watch();
        DeliveryOverview.TargetState target = w.deliveryTarget() == null ? null : targets.get(w.deliveryTarget());
        Long backlog = target != null
                ? Long.valueOf(target.backlog())
                : w.backlog() == null
                        ? null
                        : switch (w.backlog()) {
                            case ERP_BATCHES -> waiting.batches();
                            case CAPA_CHECKS -> waiting.capas();
                            case OUTBOUND_EVENTS -> waiting.events();
                        };
        Long breaches = w.slaInterface() == null
                ? null
                : sla.entrySet().stream()
                        .filter(e -> e.getKey().id().startsWith("erp-"))
                        .mapToLong(e -> e.getValue().breaches())
                        .sum();
        return new InterfaceState(
                count(w.handled(), w.actors(), since),
                count(w.failed(), w.actors(), since),
                backlog,
                target == null ? null : target.deadLetters(),
                breaches,
                target == null ? null : target.breaker(),
                pauses.paused(i.name()));
    }

    private long count(List<String> actions, List<String> actors, Instant since) {
        long n = 0;
        for (String action : actions) {
            if (actors.isEmpty()) {
                n += audit.count(new AuditQuery(null, null, null, action, since, null, 0, 1), CAP);
            }
            for (String actor : actors) {
                n += audit.count(new AuditQuery(null, null, null, action, since, null, 0, 1, actor), CAP);
            }
        }
        return Math.min(n, CAP);
    }
}
