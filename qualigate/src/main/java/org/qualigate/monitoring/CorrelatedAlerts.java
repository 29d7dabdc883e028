package org.qualigate.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.notify.Readers;
import org.qualigate.settings.AlertRules;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.Sentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts correlated by root cause (decision 0075). The first occurrences of a cause open one alert and one e-mail
 * (once its rule's {@code open-after} is reached); further occurrences of the same cause only count, each once by its
 * id, with an update e-mail at most every {@code update-every} while the count grows; when the cause clears, one
 * all-clear closes it. The work joins the caller's transaction under a savepoint (so it stands or falls with the
 * change that caused it, and a failure here never undoes that change) or runs in its own. At most one alert per
 * cause is not cleared (a unique index), and every e-mail goes through the outbox under a key of its own, so two
 * instances counting the same cause open it once and mail it once.
 */
@Component
public class CorrelatedAlerts {

    private static final Logger log = LoggerFactory.getLogger(CorrelatedAlerts.class);
    private static final String ACTOR = "system:alerts";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final MailQueue mail;
    private final AlertRules rules;
    private final ApprovedParameters parameters;
    private final ObjectProvider<Readers> readers;
    private final Clock clock;
    private final TransactionTemplate nested;

    CorrelatedAlerts(
            JdbcClient jdbc,
            AuditTrail audit,
            MailQueue mail,
            AlertRules rules,
            ApprovedParameters parameters,
            ObjectProvider<Readers> readers,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.mail = mail;
        this.rules = rules;
        this.parameters = parameters;
        this.readers = readers;
        this.clock = clock;
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Occurrences of the cause, each counted once by its id: the alert is opened (pending until its rule's threshold),
     * counted, and mailed when it opens or when an update is due. {@code detail} is kept in English with the alert;
     * {@code about} says the first occurrences in each recipient's language in the opening e-mail.
     */
    void occurred(AlertCause cause, Collection<String> occurrences, String detail, Function<MailReader, String> about) {
        if (occurrences.isEmpty()) {
            return;
        }
        guarded(cause, () -> count(cause, new LinkedHashSet<>(occurrences), detail, about));
    }

    /** The cause has cleared: its alert (if one is not cleared yet) is closed, with one all-clear if it had opened. */
    void cleared(AlertCause cause, Sentence why) {
        guarded(cause, () -> clear(cause, why));
    }

    /** The alerts not cleared, then the cleared ones, most recently seen first. */
    public List<AlertView> recent(boolean notClearedOnly, int limit) {
        return jdbc.sql("SELECT * FROM alert WHERE (NOT ? OR cleared_at IS NULL) "
                        + "ORDER BY cleared_at IS NULL DESC, last_seen DESC, id DESC LIMIT ?")
                .params(notClearedOnly, limit)
                .query(CorrelatedAlerts::view)
                .list();
    }

    /** The alert of the cause that is not cleared yet, if there is one. */
    Optional<AlertView> current(AlertCause cause) {
        return jdbc.sql("SELECT * FROM alert WHERE cause = ? AND cleared_at IS NULL")
                .param(cause.key())
                .query(CorrelatedAlerts::view)
                .optional();
    }

    private void guarded(AlertCause cause, Runnable work) {
        try {
            nested.executeWithoutResult(s -> work.run());
        } catch (RuntimeException e) {
            // an alert must never undo or block the change that caused it; the next occurrence or check tries again
            log.warn("could not record the alert of {}: {}", cause.key(), e.toString());
        }
    }

    private void count(
            AlertCause cause, Collection<String> occurrences, String detail, Function<MailReader, String> about) {
        AlertRules.Rule rule = rules.of(cause.kind());
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO alert (cause, kind, subject, state, occurrences, first_seen, last_seen, detail,
                            rules_version)
                        VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)
                        ON CONFLICT (cause) WHERE cleared_at IS NULL DO NOTHING""")
                .params(
                        cause.key(),
                        cause.kind(),
                        cause.subject(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        detail,
                        rule.version())
                .update();
        // the row locked: occurrences of one cause are counted one caller at a time, on every instance
        AlertView alert = jdbc.sql("SELECT * FROM alert WHERE cause = ? AND cleared_at IS NULL FOR UPDATE")
                .param(cause.key())
                .query(CorrelatedAlerts::view)
                .single();
        int added = jdbc.sql("INSERT INTO alert_occurrence (alert_id, occurrence, seen_at) "
                        + "SELECT ?, o, ? FROM unnest(CAST(? AS text[])) AS o ON CONFLICT DO NOTHING")
                .params(alert.id(), Timestamp.from(now), occurrences.toArray(String[]::new))
                .update();
        if (added == 0) {
            return;
        }
        int count = alert.occurrences() + added;
        Mailed mailed = jdbc.sql("UPDATE alert SET occurrences = ?, last_seen = ? WHERE id = ? "
                        + "RETURNING mailed_count, mailed_at")
                .params(count, Timestamp.from(now), alert.id())
                .query((rs, n) -> new Mailed(rs.getInt(1), instant(rs.getTimestamp(2))))
                .single();
        if (!rule.enabled()) {
            return;
        }
        if (alert.state().equals("PENDING") && count >= rule.openAfter()) {
            open(cause, alert, count, rule, now, about);
        } else if (alert.state().equals("OPEN")
                && mailed.at() != null
                && rule.updateDue(count, mailed.count(), mailed.at(), now)) {
            update(cause, alert, count, rule, now);
        }
    }

    private void open(
            AlertCause cause,
            AlertView alert,
            int count,
            AlertRules.Rule rule,
            Instant now,
            Function<MailReader, String> about) {
        jdbc.sql("UPDATE alert SET state = 'OPEN', opened_at = ?, mailed_count = ?, mailed_at = ? WHERE id = ?")
                .params(Timestamp.from(now), count, Timestamp.from(now), alert.id())
                .update();
        List<String> to = recipients(rule);
        audit.append(new AuditRecord(
                ACTOR,
                "alert.opened",
                "alert",
                Long.toString(alert.id()),
                null,
                null,
                change(cause, "OPEN", count, to, rule),
                alert.detail(),
                null));
        mail.queue(
                "alert/" + alert.id() + "/opened",
                MailQueue.Kind.ALERT,
                null,
                to,
                ZoneOffset.UTC,
                r -> AlertLetter.opened(r, cause, alert.firstSeen(), count, about.apply(r), rule.updateEvery()),
                "no alert recipients configured (qualigate.monitoring.alert-recipients, alert.*.recipient-roles)");
        log.warn("alert {} opened: {} ({} occurrences)", alert.id(), cause.key(), count);
    }

    private void update(AlertCause cause, AlertView alert, int count, AlertRules.Rule rule, Instant now) {
        jdbc.sql("UPDATE alert SET mailed_count = ?, mailed_at = ? WHERE id = ?")
                .params(count, Timestamp.from(now), alert.id())
                .update();
        List<String> to = recipients(rule);
        audit.append(new AuditRecord(
                ACTOR,
                "alert.updated",
                "alert",
                Long.toString(alert.id()),
                null,
                Map.of("occurrences", alert.occurrences()),
                change(cause, "OPEN", count, to, rule),
                "still open; update at most every " + rule.updateEvery(),
                null));
        mail.queue(
                "alert/" + alert.id() + "/update/" + count,
                MailQueue.Kind.ALERT,
                null,
                to,
                ZoneOffset.UTC,
                r -> AlertLetter.update(r, cause, alert.firstSeen(), now, count),
                "no alert recipients configured (qualigate.monitoring.alert-recipients, alert.*.recipient-roles)");
    }

    private void clear(AlertCause cause, Sentence why) {
        Instant now = clock.instant();
        Optional<AlertView> cleared = jdbc.sql("UPDATE alert SET state = 'CLEARED', cleared_at = ? "
                        + "WHERE cause = ? AND cleared_at IS NULL RETURNING *")
                .params(Timestamp.from(now), cause.key())
                .query(CorrelatedAlerts::view)
                .optional();
        if (cleared.isEmpty() || cleared.get().openedAt() == null) {
            // never opened (below its threshold or its kind not alerting): nobody was told, so nobody is told again
            return;
        }
        AlertView a = cleared.get();
        AlertRules.Rule rule = rules.of(cause.kind());
        List<String> to = recipients(rule);
        audit.append(new AuditRecord(
                ACTOR,
                "alert.cleared",
                "alert",
                Long.toString(a.id()),
                null,
                Map.of("state", "OPEN", "occurrences", a.occurrences()),
                change(cause, "CLEARED", a.occurrences(), to, rule),
                "the cause has cleared",
                null));
        mail.queue(
                "alert/" + a.id() + "/cleared",
                MailQueue.Kind.ALERT,
                null,
                to,
                ZoneOffset.UTC,
                r -> AlertLetter.cleared(r, cause, a, now, r.say(why)),
                "no alert recipients configured (qualigate.monitoring.alert-recipients, alert.*.recipient-roles)");
        log.info("alert {} cleared: {} ({} occurrences)", a.id(), cause.key(), a.occurrences());
    }

    /** The alert recipients (approved or configured) and the users holding the rule's roles, each once. */
    private List<String> recipients(AlertRules.Rule rule) {
        LinkedHashSet<String> to = new LinkedHashSet<>(parameters.alertRecipients());
        if (!rule.recipientRoles().isEmpty()) {
            to.addAll(readers.getIfAvailable(() -> Readers.NONE).addressesOf(rule.recipientRoles()));
        }
        return new ArrayList<>(to);
    }

    /** The audit entry's new value of an alert updated or cleared: a map, because its bytes are hashed into the chain. */
    private static Map<String, Object> change(
            AlertCause cause, String state, int count, List<String> to, AlertRules.Rule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", cause.key());
        m.put("state", state);
        m.put("occurrences", count);
        m.put("recipients", to);
        m.put("rulesVersion", rule.version());
        return m;
    }

    private static AlertView view(ResultSet rs, int n) throws SQLException {
        return new AlertView(
                rs.getLong("id"),
                rs.getString("cause"),
                rs.getString("kind"),
                rs.getString("subject"),
                rs.getString("state"),
                rs.getInt("occurrences"),
                rs.getTimestamp("first_seen").toInstant(),
                rs.getTimestamp("last_seen").toInstant(),
                instant(rs.getTimestamp("opened_at")),
                instant(rs.getTimestamp("cleared_at")),
                rs.getString("detail"),
                rs.getString("rules_version"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private record Mailed(int count, @Nullable Instant at) {}
}
