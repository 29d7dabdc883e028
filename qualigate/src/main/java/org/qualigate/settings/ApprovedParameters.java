package org.qualigate.settings;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The latest approved value of a run-time parameter ({@code parameter_value}, written by an approved
 * PARAMETERS change set). Owners read it where they use the setting, one indexed read on a path that is
 * rare by nature (a failed attempt, an alert), so every instance sees an approval as soon as it commits.
 * An approved value that no longer parses is never used silently: the configured value is used instead,
 * and the first read of that value audits it ({@code parameter.unusable}) and queues an alert e-mail, once
 * per value across instances and restarts.
 */
@Component
public class ApprovedParameters {

    private static final Logger log = LoggerFactory.getLogger(ApprovedParameters.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final MailQueue mail;
    private final TransactionTemplate separately;
    private final Clock clock;
    private final List<String> configuredRecipients;
    /** Values already alerted by this instance (their seq), so a read does not even look twice. */
    private final Set<Long> alerted = ConcurrentHashMap.newKeySet();

    public ApprovedParameters(
            JdbcClient jdbc,
            AuditTrail audit,
            MailQueue mail,
            PlatformTransactionManager transactions,
            Clock clock,
            Environment environment) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.mail = mail;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.configuredRecipients = configuredRecipients(environment);
    }

    /**
     * {@code qualigate.monitoring.alert-recipients} bound like any configuration property: a YAML list, an
     * indexed list or a comma-separated string ({@code @Value} would see none of a YAML list).
     */
    static List<String> configuredRecipients(Environment environment) {
        return Binder.get(environment)
                .bind("qualigate.monitoring.alert-recipients", Bindable.listOf(String.class))
                .orElse(List.of())
                .stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * Records a value approved by a change set, in the caller's transaction (the change set's approval, when there is one), so the value
     * applies exactly when the approval commits.
     */
    public void approve(String name, String value, long changeSetId, java.time.Instant at) {
        jdbc.sql("INSERT INTO parameter_value (name, value, change_set_id, approved_at) VALUES (?, ?, ?, ?)")
                .params(name, value, changeSetId, Timestamp.from(at))
                .update();
    }

    /** The latest approval of the parameter: its value, the change set that approved it and when. */
    public Optional<Approval> approval(String name) {
        return jdbc.sql("SELECT value, change_set_id, approved_at FROM parameter_value WHERE name = ? "
                        + "ORDER BY seq DESC LIMIT 1")
                .param(name)
                .query((rs, n) -> new Approval(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** A value approved by a change set. */
    public record Approval(String value, long changeSetId, java.time.Instant approvedAt) {}

    /** The approved value, when a change set approved one. */
    public Optional<String> value(String name) {
        return latest(name).map(Approved::value);
    }

    /**
     * The approved value read by {@code parse} (which throws on a value it cannot use), or empty when none
     * was approved or the approved one is unusable; then the caller's configured value ({@code inUse}
     * describes it for the alert) holds.
     */
    public <T> Optional<T> parsed(String name, Function<String, T> parse, String inUse) {
        Optional<Approved> approved = latest(name);
        if (approved.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(approved.get().value().strip()));
        } catch (RuntimeException e) {
            unusable(name, approved.get(), String.valueOf(e.getMessage()), inUse);
            return Optional.empty();
        }
    }

    /** The approved whole number, or the configured one when none was approved (or it no longer parses). */
    public int intValue(String name, int configured) {
        return parsed(name, Integer::parseInt, Integer.toString(configured)).orElse(configured);
    }

    /** The approved comma-separated list, or the configured one when none was approved. */
    public List<String> listValue(String name, List<String> configured) {
        return value(name)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(configured);
    }

    /** Who receives operational alerts: the approved {@code monitoring.alert-recipients}, else the configured. */
    public List<String> alertRecipients() {
        return listValue("monitoring.alert-recipients", configuredRecipients);
    }

    private Optional<Approved> latest(String name) {
        return jdbc.sql("SELECT seq, value FROM parameter_value WHERE name = ? ORDER BY seq DESC LIMIT 1")
                .param(name)
                .query((rs, n) -> new Approved(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    /**
     * In a transaction of its own, so the alert stands whatever becomes of the reader's transaction; the
     * primary key (name, seq) makes it once per value when several instances read it at the same moment.
     */
    private void unusable(String name, Approved approved, String why, String inUse) {
        if (!alerted.add(approved.seq())) {
            return;
        }
        String reason = "the approved value '" + approved.value() + "' of " + name + " (approval #" + approved.seq()
                + ") cannot be used (" + why + "); the configured value " + inUse + " is used instead";
        try {
            separately.executeWithoutResult(s -> {
                int raised = jdbc.sql("INSERT INTO parameter_alert (name, seq, reason, raised_at) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT DO NOTHING")
                        .params(name, approved.seq(), reason, Timestamp.from(clock.instant()))
                        .update();
                if (raised == 0) {
                    return;
                }
                // the audit entry's new value, hashed into the chain
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("approvedValue", approved.value());
                value.put("approval", approved.seq());
                value.put("inUse", inUse);
                audit.append(new AuditRecord(
                        "system", "parameter.unusable", "parameter", name, null, null, value, reason, null));
                mail.queue(
                        "parameter-unusable/" + name + "/" + approved.seq(),
                        MailQueue.Kind.ALERT,
                        null,
                        alertRecipients(),
                        java.time.ZoneId.of("UTC"),
                        r -> new MailReader.Letter(
                                r.text("mail.parameter-unusable.subject", name),
                                r.text(
                                        "mail.parameter-unusable.body",
                                        name,
                                        approved.value(),
                                        Long.toString(approved.seq()),
                                        why,
                                        inUse)),
                        "no alert recipients configured (qualigate.monitoring.alert-recipients)");
            });
            log.warn("{}", reason);
        } catch (RuntimeException e) {
            alerted.remove(approved.seq());
            log.error("could not record that {}: {}", reason, e.toString());
        }
    }

    private record Approved(long seq, String value) {}
}
