package org.qualigate.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable outbox of every e-mail the service sends: a message is queued once (under its key) in the
 * transaction that causes it, with its audit entry, and {@link NoticeMailer} sends it after the commit. A
 * rolled-back cause sends nothing; a crash after the commit sends it on the next poll.
 */
@Component
public class MailQueue {

    /** What a message is about. */
    public enum Kind {
        /** A qualification a role rests on expires soon. */
        EXPIRY,
        /** A role was granted. */
        GRANTED,
        /** A role was revoked. */
        REVOKED,
        /** An account was locked after repeated failed sign-ins or signatures. */
        LOCKOUT,
        /** An operational alert (e.g. an approved parameter that no longer parses). */
        ALERT,
        /** Work that waits for staff (a change set to approve, a review), about no one person. */
        WAITING,
        /** A line whose staffing minimum is forecast to be missed, to its supervisor, about no one person. */
        STAFFING
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final MessageSource messages;
    private final ObjectProvider<Readers> readers;

    public MailQueue(
            JdbcClient jdbc, AuditTrail audit, Clock clock, MessageSource messages, ObjectProvider<Readers> readers) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.messages = messages;
        this.readers = readers;
    }

    /**
     * Queues the message once for each language and time zone its recipients read in (decision 0041): a recipient
     * whose address is a user account's reads it in the account's language and zone; any other address (or an
     * account that leaves the language to the browser) in English and {@code zone}. The group that reads English
     * in {@code zone} keeps the key; another group's key is the key followed by its language and zone, so that each
     * is queued once. Without recipients it is kept, in English, as skipped. Returns the ids queued now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> queue(
            String key,
            Kind kind,
            @Nullable String employeeId,
            List<String> recipients,
            ZoneId zone,
            Function<MailReader, MailReader.Letter> compose,
            String noRecipients) {
        Map<MailReader, List<String>> groups = readers(recipients, zone);
        if (recipients.isEmpty()) {
            groups.put(new MailReader(messages, Locale.ENGLISH, zone), new ArrayList<>());
        }
        List<UUID> queued = new ArrayList<>();
        for (Map.Entry<MailReader, List<String>> group : groups.entrySet()) {
            MailReader reader = group.getKey();
            MailReader.Letter letter = compose.apply(reader);
            boolean english =
                    reader.locale().equals(Locale.ENGLISH) && reader.zone().equals(zone);
            String groupKey = english
                    ? key
                    : key + "/" + reader.locale().toLanguageTag() + "/"
                            + reader.zone().getId();
            queue(groupKey, kind, employeeId, group.getValue(), letter.subject(), letter.body(), noRecipients)
                    .ifPresent(queued::add);
        }
        return queued;
    }

    /**
     * The recipients grouped by the language and time zone each reads in (decision 0041): an address that is a user
     * account's in the account's language and zone, any other address (or an account that leaves the language to
     * the browser) in English and {@code zone}. Also for e-mails sent straight rather than through the outbox.
     */
    public Map<MailReader, List<String>> readers(List<String> recipients, ZoneId zone) {
        Map<MailReader, List<String>> groups = new LinkedHashMap<>();
        Map<String, MailReader> byLanguageAndZone = new LinkedHashMap<>();
        Map<String, String[]> accounts = accounts(recipients);
        for (String to : recipients) {
            String[] account = accounts.get(to.strip().toLowerCase(Locale.ROOT));
            String language = account == null || account[0] == null || account[0].isBlank() ? "en" : account[0];
            ZoneId readerZone = account == null || account[1] == null ? zone : ZoneId.of(account[1]);
            MailReader reader = byLanguageAndZone.computeIfAbsent(
                    language + "/" + readerZone.getId(),
                    k -> new MailReader(messages, Locale.forLanguageTag(language), readerZone));
            groups.computeIfAbsent(reader, r -> new ArrayList<>()).add(to);
        }
        return groups;
    }

    /** The language and time zone of the user accounts with these addresses, by address in lower case. */
    private Map<String, String[]> accounts(List<String> recipients) {
        Map<String, String[]> out = new HashMap<>();
        if (recipients.isEmpty()) {
            return out;
        }
        String[] addresses = recipients.stream()
                .map(r -> r.strip().toLowerCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new);
        readers.getIfAvailable(() -> Readers.NONE)
                .of(List.of(addresses))
                .forEach((address, p) -> out.put(address, new String[] {p.language(), p.timeZone()}));
        return out;
    }

    /**
     * Queues the message in the caller's transaction; without recipients it is kept as {@code SKIPPED} with
     * {@code noRecipients} as the reason. Returns its id, or empty when a message with this key was queued before.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> queue(
            String key,
            Kind kind,
            @Nullable String employeeId,
            List<String> recipients,
            String subject,
            String body,
            String noRecipients) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String status = recipients.isEmpty() ? "SKIPPED" : "PENDING";
        int inserted = jdbc.sql("""
                        INSERT INTO notice (id, dedupe_key, kind, employee_id, recipients, subject, body, due_at, status,
                            last_error, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""")
                .params(
                        id,
                        key,
                        kind.name(),
                        employeeId,
                        String.join(", ", recipients),
                        subject,
                        body,
                        Timestamp.from(now),
                        status,
                        recipients.isEmpty() ? noRecipients : null,
                        Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        // the audit entry's new value, hashed into the chain
        var value = new LinkedHashMap<String, Object>();
        value.put("kind", kind.name());
        value.put("recipients", recipients);
        value.put("subject", subject);
        value.put("status", status);
        audit.append(new AuditRecord(
                "system", "notice.queued", "notice", id.toString(), employeeId, null, value, key, null));
        return Optional.of(id);
    }

    /** The messages about a person, or all, newest first. */
    public List<Message> recent(@Nullable String employeeId, int limit) {
        return jdbc.sql("SELECT * FROM notice WHERE (?::text IS NULL OR employee_id = ?) ORDER BY created_at DESC, "
                        + "dedupe_key LIMIT ?")
                .params(employeeId, employeeId, limit)
                .query((rs, n) -> new Message(
                        rs.getObject("id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("employee_id"),
                        rs.getString("recipients"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("sent_at"))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .list();
    }

    /** One queued message (a notice) with its delivery state. */
    public record Message(
            UUID id,
            String kind,
            @Nullable String employeeId,
            String recipients,
            String subject,
            String body,
            String status,
            int attempts,
            @Nullable String lastError,
            Instant createdAt,
            @Nullable Instant sentAt) {}
}
