package org.qualigate.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbound messages refused for their signature (or, for Workday, their Basic credentials): each is counted
 * at once ({@code qualigate.intake.signature.refused}, per source and reason), the first of a source's window
 * is logged with its address and reason, and each window of a minute is written to the audit trail as one
 * summary per source (how many, from which addresses, why). A flood of forged requests therefore costs a
 * counter increment each, one log line and one audit entry per source and minute, never one per request.
 * Nothing of the refused message is stored. Windows are per instance and held in memory.
 */
@Component
public class SignatureRefusals {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Addresses named per summary; further ones are counted together, so memory stays bounded. */
    static final int ADDRESSES = 20;

    private static final Logger log = LoggerFactory.getLogger(SignatureRefusals.class);

    private final MeterRegistry metrics;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    SignatureRefusals(MeterRegistry metrics, AuditTrail audit, TransactionTemplate tx, Clock clock) {
        this.metrics = metrics;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** One refused message of a configured source, from an address, with the verifier's reason. */
    public void refused(String source, String address, String reason) {
        metrics.counter("qualigate.intake.signature.refused", "source", source, "reason", reason)
                .increment();
        boolean first;
        synchronized (this) {
            Window w = windows.computeIfAbsent(source, s -> new Window(clock.instant()));
            first = w.count == 0;
            w.add(address, reason);
        }
        if (first) {
            log.warn(
                    "webhook refused for source {} from {}: {} (further refusals of this source are summarised"
                            + " once a minute)",
                    source,
                    address,
                    reason);
        }
    }

    /** Writes the summary of every window that has run its minute (or was opened at a later time than now). */
    @Scheduled(fixedDelayString = "PT10S")
    public void flush() {
        Instant now = clock.instant();
        Map<String, Window> due = new TreeMap<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Window>> i = windows.entrySet().iterator(); i.hasNext(); ) {
                Map.Entry<String, Window> e = i.next();
                Instant opened = e.getValue().opened;
                // a window opened "after" now means the clock was set back: close it now rather than hold it open
                if (!opened.plus(WINDOW).isAfter(now) || opened.isAfter(now)) {
                    due.put(e.getKey(), e.getValue());
                    i.remove();
                }
            }
        }
        due.forEach((source, w) -> summarise(source, w, now));
    }

    private void summarise(String source, Window w, Instant now) {
        // the audit entry's new value, hashed into the chain
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("refused", w.count);
        value.put("from", w.opened.toString());
        value.put("to", now.toString());
        value.put("addresses", w.addresses);
        if (w.otherAddresses > 0) {
            value.put("otherAddresses", w.otherAddresses);
        }
        value.put("reasons", w.reasons);
        String why =
                w.count + " message(s) refused for their signature or credentials between " + w.opened + " and " + now;
        try {
            tx.executeWithoutResult(s -> audit.append(new AuditRecord(
                    "source:" + source, "webhook.refused", "source", source, null, null, value, why, null)));
        } catch (RuntimeException e) {
            log.error("could not audit the refused webhooks of {}: {}", source, e.toString());
        }
        if (w.count > 1) {
            log.warn("webhooks refused for source {}: {} from {} ({})", source, w.count, w.addresses, w.reasons);
        }
    }

    /** The refusals of one source since {@code opened}. */
    private static final class Window {
        final Instant opened;
        final Map<String, Integer> addresses = new TreeMap<>();
        final Map<String, Integer> reasons = new TreeMap<>();
        int otherAddresses;
        int count;

        Window(Instant opened) {
            this.opened = opened;
        }

        void add(String address, String reason) {
            count++;
            reasons.merge(reason, 1, Integer::sum);
            if (addresses.containsKey(address) || addresses.size() < ADDRESSES) {
                addresses.merge(address, 1, Integer::sum);
            } else {
                otherAddresses++;
            }
        }
    }
}
