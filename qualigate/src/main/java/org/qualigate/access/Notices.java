package org.qualigate.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.EntitlementSpan;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notices people receive: warnings N days before a qualification that one of their roles rests on
 * expires (to the person and their supervisor), and a confirmation of every role granted or revoked
 * saying what changed and why. Each notice is queued once, under a unique key, in the transaction that
 * causes it; the mailer sends it.
 */
@Component
public class Notices {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Persons persons;
    private final PlantDefinition plant;
    private final Clock clock;
    private final MailQueue mail;

    public Notices(
            JdbcClient jdbc, AuditTrail audit, Persons persons, PlantDefinition plant, Clock clock, MailQueue mail) {
        this.mail = mail;
        this.jdbc = jdbc;
        this.audit = audit;
        this.persons = persons;
        this.plant = plant;
        this.clock = clock;
    }

    /** The instants after now at which an expiry warning for this person falls due. */
    List<Instant> warningInstants(PlannedAccess access, Instant now) {
        List<Instant> out = new ArrayList<>();
        for (Warning w : warnings(access, now).values()) {
            for (int days : w.days()) {
                Instant at = w.expiresAt().minus(Duration.ofDays(days));
                if (at.isAfter(now)) {
                    out.add(at);
                }
            }
        }
        return out;
    }

    /**
     * Queues the most urgent expiry warning now due for each expiring qualification (once per day count), in the
     * planner's transaction (its only caller, once per person planned, requires one; this method is not proxied).
     */
    void queueDueWarnings(PlannedAccess access, Instant now) {
        if (!access.active()) {
            return;
        }
        for (Warning w : warnings(access, now).values()) {
            if (!now.isBefore(w.expiresAt())) {
                continue;
            }
            Optional<Integer> due = w.days().stream()
                    .filter(d -> !now.isBefore(w.expiresAt().minus(Duration.ofDays(d))))
                    .min(Comparator.naturalOrder());
            if (due.isEmpty()) {
                continue;
            }
            int days = due.get();
            Person p = access.person();
            String what = w.name() + " (" + w.code() + ", " + w.evidence() + ")";
            String roles = String.join(", ", w.roles());
            queue(
                    "expiry/" + p.employeeId() + "/" + w.evidence() + "/" + w.expiresAt() + "/" + days,
                    "EXPIRY",
                    p,
                    withSupervisor(p),
                    r -> new MailReader.Letter(
                            r.text("mail.expiry.subject", w.code(), days, roles),
                            r.text("mail.expiry.body", p.displayName(), what, r.at(w.expiresAt()), roles)),
                    now);
        }
    }

    /**
     * Queues the confirmation of a role granted or revoked at the instant (once per person, target, role and
     * instant), to the person as the caller read them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void queueConfirmation(
            Person p, boolean granted, RoleName role, String target, String story, Instant changedAt) {
        EmployeeId employeeId = p.employeeId();
        Instant now = clock.instant();
        queue(
                (granted ? "granted/" : "revoked/") + employeeId + "/" + target + "/" + role + "/" + changedAt,
                granted ? "GRANTED" : "REVOKED",
                p,
                withSupervisor(p),
                r -> new MailReader.Letter(
                        r.text(granted ? "mail.granted.subject" : "mail.revoked.subject", role.value(), target),
                        r.text("mail.confirmation.body", p.displayName(), r.restate(story), r.at(changedAt))),
                now);
    }

    /**
     * Queues a notice to staff about work that waits for them (kind {@code WAITING}, about no one person), once
     * under its key: a second call with the same key — a rescan, another instance, a restart after a crash
     * between the two — queues nothing. True when this call queued it.
     */
    @Transactional
    public boolean queueToStaff(String key, List<String> recipients, Function<MailReader, MailReader.Letter> compose) {
        return queue(key, "WAITING", null, recipients, ZoneId.of("UTC"), compose);
    }

    private boolean queue(
            String key,
            String kind,
            Person p,
            List<String> recipients,
            Function<MailReader, MailReader.Letter> compose,
            Instant now) {
        return queue(key, kind, p.employeeId().value(), recipients, zone(p), compose);
    }

    /**
     * Queues a notice once under its key (a second call with the same key does nothing), with its audit entry, in
     * the caller's transaction, through the one outbox, written for each recipient in their language and time zone
     * ({@code zone} for an address that is no user's); {@code employeeId} names the person it concerns, or null
     * when it concerns no one person (a line's staffing, work waiting for staff). Without recipients it is kept as
     * skipped. True when it was queued now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean queue(
            String key,
            String kind,
            @Nullable String employeeId,
            List<String> recipients,
            ZoneId zone,
            Function<MailReader, MailReader.Letter> compose) {
        return !mail.queue(
                        key,
                        MailQueue.Kind.valueOf(kind),
                        employeeId,
                        recipients,
                        zone,
                        compose,
                        employeeId == null ? "no recipient for this work" : "no e-mail address on file")
                .isEmpty();
    }

    private List<String> withSupervisor(Person p) {
        List<String> to = new ArrayList<>();
        if (p.email() != null && !p.email().isBlank()) {
            to.add(p.email());
        }
        if (p.supervisorId() != null && EmployeeId.isValid(p.supervisorId())) {
            persons.find(EmployeeId.of(p.supervisorId()))
                    .map(Person::email)
                    .filter(e -> !e.isBlank() && !to.contains(e))
                    .ifPresent(to::add);
        }
        return to;
    }

    private ZoneId zone(Person p) {
        return plant.current().site(p.site()).map(Site::zone).orElse(ZoneId.of("UTC"));
    }

    /**
     * For every role the person holds that ends when one qualification expires (no other set carries it
     * on), that qualification's expiry with the roles it ends and the rule's notice days.
     */
    private Map<String, Warning> warnings(PlannedAccess access, Instant now) {
        Map<String, Warning> byEvidence = new TreeMap<>();
        Map<String, Qualification> quals = new LinkedHashMap<>();
        access.qualifications().forEach(q -> quals.put(q.evidence().evidenceId(), q));
        // the spans covering now are the roles justified now, each on its basis (EntitlementTimeline)
        for (EntitlementSpan span : access.timeline().coveringAt(now)) {
            Instant until = access.timeline().justifiedUntil(span);
            if (span.inGrace() || until == null) {
                continue;
            }
            Optional<AccessRule> rule =
                    plant.current().rules().ruleFor(span.role(), access.person().site());
            Duration grace = rule.map(AccessRule::grace).orElse(Duration.ZERO);
            Optional<EntitlementSpan.Basis> expiring = span.basis().stream()
                    .filter(b -> b.evidence().expiresAt() != null)
                    .min(Comparator.comparing(b -> b.evidence().expiresAt()));
            if (expiring.isEmpty()) {
                continue;
            }
            Instant expiresAt = expiring.get().evidence().expiresAt();
            if (until.isAfter(expiresAt.plus(grace))) {
                continue; // another set or a recorded renewal carries the role on
            }
            String evidence = expiring.get().evidence().evidenceId();
            List<Integer> days = rule.map(r -> plant.current().noticeDays().forRule(r.role()))
                    .orElse(plant.current().noticeDays().defaults());
            Qualification q = quals.get(evidence);
            // a record without a name of its own (one the QMS owns) is named as the plant definition names it
            String name = Optional.ofNullable(q)
                    .flatMap(plant.current().dictionary()::nameOf)
                    .orElse(expiring.get().requirement().code().value());
            Warning w = byEvidence.computeIfAbsent(
                    evidence,
                    e -> new Warning(
                            evidence,
                            expiring.get().requirement().code().value(),
                            name,
                            expiresAt,
                            new ArrayList<>(),
                            new ArrayList<>()));
            w.roles().add(span.role().value());
            days.stream().filter(x -> !w.days().contains(x)).forEach(w.days()::add);
        }
        return byEvidence;
    }

    /** The notices of a person, or all, newest first (read from the mail outbox, which owns them). */
    public List<MailQueue.Message> recent(@Nullable String employeeId, int limit) {
        return mail.recent(employeeId, limit);
    }

    private record Warning(
            String evidence, String code, String name, Instant expiresAt, List<String> roles, List<Integer> days) {}
}
