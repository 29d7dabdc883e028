package org.qualigate.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.CertificationStatus;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.connector.TrainingTarget.UpsertOutcome;
import org.qualigate.faults.CrashPoints;
import org.qualigate.jobs.Backoff;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings one person's training records in the QMS up to date, level-triggered: reads the person's
 * HRIS-owned qualifications and the QMS's records at execution time and writes only the difference, so
 * retries and duplicates are harmless. A record the QMS owns (data source {@code MANUAL}, {@code TRACKWISE}
 * or another configured owner) is never written: an HRIS record that would overwrite it, or that names a
 * course the QMS already holds under its own authority, is listed for review instead. A record the QMS
 * refuses is listed with the QMS's own message and not sent again until its content changes. Then the
 * certification status on the user profile is set, and the item is kept for the next expiry.
 */
public class TrainingSync {

    private static final Logger log = LoggerFactory.getLogger(TrainingSync.class);
    static final String ACTOR = "system:training-sync";

    private final TrainingTarget qms;
    private final Set<String> owners;
    private final String ownDataSource;
    private final TrainingQueue queue;
    private final TrainingReviews reviews;
    private final Persons persons;
    private final Qualifications qualifications;
    private final PlantDefinition plant;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TrainingSyncSettings settings;
    private final TrainingModes modes;
    private final TrainingConflicts conflicts;
    private final TrainingObservations observations;
    private final TrainingWriteIntents intents;
    private final CrashPoints crash;

    public TrainingSync(
            TrainingTarget qms,
            Set<String> owners,
            String ownDataSource,
            TrainingQueue queue,
            TrainingReviews reviews,
            Persons persons,
            Qualifications qualifications,
            PlantDefinition plant,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            TrainingSyncSettings settings,
            TrainingModes modes,
            TrainingConflicts conflicts,
            TrainingObservations observations,
            TrainingWriteIntents intents,
            CrashPoints crash) {
        this.intents = intents;
        this.crash = crash;
        this.qms = qms;
        this.owners = Set.copyOf(owners);
        this.ownDataSource = ownDataSource;
        this.queue = queue;
        this.reviews = reviews;
        this.persons = persons;
        this.qualifications = qualifications;
        this.plant = plant;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.modes = modes;
        this.conflicts = conflicts;
        this.observations = observations;
    }

    /**
     * This sync against another QMS or with other crash points, everything else the same (its owners, data
     * source, queue and collaborators): how a fault test puts a failing or crashing QMS in the path.
     */
    public TrainingSync with(TrainingTarget target, CrashPoints crashPoints) {
        return new TrainingSync(
                target,
                owners,
                ownDataSource,
                queue,
                reviews,
                persons,
                qualifications,
                plant,
                audit,
                tx,
                clock,
                settings,
                modes,
                conflicts,
                observations,
                intents,
                crashPoints);
    }

    /** Works the due items; returns how many were worked. */
    public int workDue() {
        List<TrainingQueue.Lease> leases = queue.lease(settings.batchSize(), settings.lease());
        for (TrainingQueue.Lease lease : leases) {
            work(lease);
        }
        return leases.size();
    }

    private void work(TrainingQueue.Lease lease) {
        try {
            Instant next = sync(lease.employeeId());
            queue.complete(lease, next);
        } catch (TargetException e) {
            if (e.isHeldBack()) {
                // not called at all (the org's API limit pauses everyone): not an attempt of this person's
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
                queue.postpone(lease, clock.instant().plus(wait), e.getMessage());
                return;
            }
            if (e.isTransient() && lease.attempts() + 1 < settings.maxAttempts()) {
                Duration wait = e.retryAfter().orElseGet(() -> backoff(lease.attempts()));
                queue.retry(lease, clock.instant().plus(wait), e.getMessage());
                log.info("QMS sync of {} will be tried again in {}: {}", lease.employeeId(), wait, e.getMessage());
            } else {
                giveUp(lease, e.getMessage());
            }
        } catch (RuntimeException e) {
            // a bug or a state the code does not expect: retried a bounded number of times, then given up with
            // its reason on the review list (FAILED, replayable), never retried forever
            int attempt = lease.attempts() + 1;
            log.error("QMS sync of {} failed (attempt {})", lease.employeeId(), attempt, e);
            if (attempt >= settings.maxInternalErrors()) {
                giveUp(lease, "internal error in " + attempt + " attempts: " + e);
            } else {
                queue.retry(lease, clock.instant().plus(backoff(lease.attempts())), String.valueOf(e));
            }
        }
    }

    private void giveUp(TrainingQueue.Lease lease, @Nullable String message) {
        String reason = message == null ? "failed" : message;
        tx.executeWithoutResult(status -> {
            queue.giveUp(lease);
            reviews.add(
                    TrainingReviews.Kind.FAILED,
                    lease.employeeId(),
                    "person:" + lease.employeeId().value(),
                    null,
                    null,
                    CanonicalJson.sha256Hex(reason + "@" + clock.instant()),
                    null,
                    reason,
                    List.of(),
                    null);
            audit.append(new AuditRecord(
                    ACTOR,
                    "training-record.failed",
                    "person",
                    lease.employeeId().value(),
                    lease.employeeId().value(),
                    null,
                    Map.of("attempts", lease.attempts() + 1),
                    reason,
                    null));
        });
        log.warn("QMS sync of {} given up: {}", lease.employeeId(), reason);
    }

    /** Syncs the person now; returns the next instant their certification status may change (an expiry). */
    @Nullable
    Instant sync(EmployeeId employeeId) {
        Optional<Person> person = persons.find(employeeId);
        if (person.isEmpty()) {
            return null;
        }
        String site = person.get().site();
        ZoneId zone = plant.current().site(site).map(Site::zone).orElse(ZoneId.of("UTC"));
        boolean observe = modes.of(site) == TrainingModes.Mode.OBSERVE;
        Map<QualificationCode, String> courses = courses();
        List<TrainingRecord> inQms = new ArrayList<>(qms.recordsOf(employeeId));
        Map<String, TrainingWriteIntents.Intent> unaudited = intents.of(employeeId);
        // observations are the latest computation: an enforced sync leaves none, an observed one a fresh set
        tx.executeWithoutResult(s -> observations.clear(employeeId));
        Instant now = clock.instant();
        for (Qualification q : qualifications.of(employeeId)) {
            if (q.authority() != Qualification.Authority.HRIS) {
                continue;
            }
            String course = courses.get(q.code());
            if (course == null) {
                continue; // not a QMS course: nothing to write
            }
            TrainingRecord desired = desired(
                    employeeId,
                    externalId(q),
                    course,
                    q.completedAt(),
                    qms.holdsExpiry() ? q.expiresAt() : null,
                    q.status() == Qualification.Status.REVOKED,
                    zone,
                    ownDataSource);
            writeOne(q, desired, inQms, site, observe, unaudited);
        }
        CertificationStatus status = certificationStatus(inQms, now.atZone(zone).toLocalDate());
        if (!qms.holdsCertificationStatus()) {
            return observe ? null : nextExpiry(inQms, zone, now);
        }
        if (observe) {
            Optional<CertificationStatus> shown = qms.certificationStatusOf(employeeId);
            if (shown.isEmpty() || shown.get() != status) {
                tx.executeWithoutResult(s -> observations.record(
                        site,
                        employeeId,
                        "user:" + employeeId.value(),
                        TrainingObservations.Action.CERTIFICATION_STATUS,
                        shown.map(v -> Map.<String, Object>of("certificationStatus", v.name()))
                                .orElse(null),
                        Map.of("certificationStatus", status.name())));
            }
            return null;
        }
        TrainingTarget.StatusUpdate update = qms.updateCertificationStatus(employeeId, status);
        if (update == TrainingTarget.StatusUpdate.UPDATED) {
            tx.executeWithoutResult(s -> audit.append(new AuditRecord(
                    ACTOR,
                    "training-record.certification-status",
                    "person",
                    employeeId.value(),
                    employeeId.value(),
                    null,
                    Map.of("target", qms.name(), "certificationStatus", status.name()),
                    "certification status on the QMS user profile",
                    null)));
        } else if (update == TrainingTarget.StatusUpdate.NO_USER) {
            tx.executeWithoutResult(s -> {
                if (reviews.add(
                        TrainingReviews.Kind.REJECTED,
                        employeeId,
                        "user:" + employeeId.value(),
                        null,
                        null,
                        CanonicalJson.sha256Hex(status.name()),
                        "NO_USER",
                        "the QMS has no user profile for employee " + employeeId,
                        List.of(),
                        null)) {
                    audit.append(rejected(
                            employeeId,
                            "user:" + employeeId.value(),
                            "NO_USER",
                            "the QMS has no user profile for employee " + employeeId));
                }
            });
        }
        return nextExpiry(inQms, zone, now);
    }

    private static @Nullable Instant nextExpiry(List<TrainingRecord> inQms, ZoneId zone, Instant now) {
        return inQms.stream()
                .filter(r -> !r.revoked() && r.expiresOn() != null)
                .map(r -> r.expiresOn().plusDays(1).atStartOfDay(zone).toInstant())
                .filter(at -> at.isAfter(now))
                .min(Instant::compareTo)
                .orElse(null);
    }

    private void writeOne(
            Qualification q,
            TrainingRecord desired,
            List<TrainingRecord> inQms,
            String site,
            boolean observe,
            Map<String, TrainingWriteIntents.Intent> unaudited) {
        EmployeeId employeeId = desired.employeeId();
        String externalId = desired.externalId();
        String content = CanonicalJson.sha256Hex(desired.toString().replace(desired.externalId(), ""));
        Optional<TrainingRecord> existing =
                inQms.stream().filter(r -> externalId.equals(r.externalId())).findFirst();
        Optional<TrainingRecord> owned = existing.filter(r -> owners.contains(r.dataSource()))
                .or(() -> inQms.stream()
                        .filter(r -> owners.contains(r.dataSource())
                                && r.courseCode().equals(desired.courseCode())
                                && !externalId.equals(r.externalId()))
                        .findFirst());
        boolean sameExternalId =
                existing.filter(r -> owners.contains(r.dataSource())).isPresent();
        if (owned.isPresent()
                && !sameExternalId
                && !TrainingConflicts.differences(desired, owned.get()).isEmpty()
                && conflicts.keptHris(employeeId, desired.courseCode(), content, contentOf(owned.get()))) {
            // a reviewer chose the HRIS version of this pair: it is written as Qualigate's own record, the QMS's
            // record stays as it is
            owned = Optional.empty();
        }
        if (owned.isPresent()) {
            TrainingRecord o = owned.get();
            List<String> differences = TrainingConflicts.differences(desired, o);
            if (!differences.isEmpty()) {
                tx.executeWithoutResult(s -> conflicts.open(
                        site,
                        q.code().value(),
                        desired,
                        "HRIS record " + q.evidence().evidenceId() + " (event "
                                + q.evidence().eventId() + ")",
                        content,
                        o,
                        contentOf(o),
                        q.evidence().eventId().toString()));
            }
            String message = "the QMS owns " + (existing.isPresent() ? "the record " : "a record of course ")
                    + desired.courseCode() + " for " + employeeId + " (" + o.id() + ", data source "
                    + o.dataSource() + ", completed " + o.completedOn() + "); HRIS record "
                    + q.evidence().evidenceId() + " completed " + desired.completedOn() + " is not written";
            tx.executeWithoutResult(s -> {
                if (reviews.add(
                        TrainingReviews.Kind.AUTHORITY,
                        employeeId,
                        externalId,
                        desired.courseCode(),
                        q.code().value(),
                        content,
                        null,
                        message,
                        List.of(),
                        o.id())) {
                    audit.append(new AuditRecord(
                            ACTOR,
                            "training-record.skipped-authority",
                            "training-record",
                            externalId,
                            employeeId.value(),
                            view(o),
                            view(desired),
                            message,
                            q.evidence().eventId().toString()));
                }
            });
            return;
        }
        if (existing.isPresent() && existing.get().sameContentAs(desired)) {
            TrainingWriteIntents.Intent intent = unaudited.get(externalId);
            if (intent != null && intent.contentSha256().equals(content)) {
                foundWritten(employeeId, intent, existing.get());
            }
            return;
        }
        if (reviews.rejectedBefore(externalId, content)) {
            return; // the QMS refused exactly this before; it is on the review list until the record changes
        }
        if (observe) {
            tx.executeWithoutResult(s -> observations.record(
                    site,
                    employeeId,
                    externalId,
                    existing.isPresent() ? TrainingObservations.Action.UPDATE : TrainingObservations.Action.CREATE,
                    existing.map(TrainingSync::view).orElse(null),
                    view(desired, null)));
            existing.ifPresent(inQms::remove);
            inQms.add(desired);
            return;
        }
        // The intent is committed before the call, so a crash between the QMS's answer and the audit entry is
        // repaired by the next sync, which finds the record written (foundWritten).
        intents.record(
                employeeId,
                new TrainingWriteIntents.Intent(
                        externalId,
                        content,
                        existing.map(TrainingSync::view).orElse(null),
                        view(desired, null),
                        syncReason(q, desired),
                        q.evidence().eventId().toString()));
        UpsertOutcome outcome = qms.upsert(desired);
        if (!(outcome instanceof UpsertOutcome.Rejected)) {
            crash.reached(CrashPoints.Point.AFTER_QMS_WRITE);
        }
        switch (outcome) {
            case UpsertOutcome.Rejected r ->
                tx.executeWithoutResult(s -> {
                    intents.done(externalId);
                    if (reviews.add(
                            TrainingReviews.Kind.REJECTED,
                            employeeId,
                            externalId,
                            desired.courseCode(),
                            q.code().value(),
                            content,
                            r.errorCode(),
                            r.message(),
                            r.fields(),
                            existing.map(TrainingRecord::id).orElse(null))) {
                        audit.append(rejected(employeeId, externalId, r.errorCode(), r.message()));
                    }
                });
            case UpsertOutcome.Created c -> synced(q, desired, existing, c.id(), inQms);
            case UpsertOutcome.Updated u -> synced(q, desired, existing, u.id(), inQms);
        }
    }

    private void synced(
            Qualification q,
            TrainingRecord desired,
            Optional<TrainingRecord> existing,
            @Nullable String id,
            List<TrainingRecord> inQms) {
        existing.ifPresent(inQms::remove);
        inQms.add(desired);
        auditWrite(
                desired.employeeId(),
                desired.externalId(),
                existing.map(TrainingSync::view).orElse(null),
                view(desired, id),
                syncReason(q, desired),
                q.evidence().eventId().toString());
    }

    /** The write's audit entry, and its intent gone, in one transaction. */
    private void auditWrite(
            EmployeeId employeeId,
            String externalId,
            @Nullable Map<String, Object> before,
            Map<String, Object> after,
            String reason,
            @Nullable String cause) {
        tx.executeWithoutResult(s -> {
            intents.done(externalId);
            audit.append(new AuditRecord(
                    ACTOR,
                    "training-record.synced",
                    "training-record",
                    externalId,
                    employeeId.value(),
                    before,
                    after,
                    reason,
                    cause));
        });
    }

    /**
     * The QMS holds what an unaudited intent was about to write: the process stopped after the write and
     * before its audit entry. The write is audited now as it was decided (old value, cause), noting the repair.
     */
    private void foundWritten(EmployeeId employeeId, TrainingWriteIntents.Intent intent, TrainingRecord inQms) {
        Map<String, Object> written = new LinkedHashMap<>(intent.newValue());
        written.put("id", inQms.id());
        auditWrite(
                employeeId,
                intent.externalId(),
                intent.oldValue(),
                written,
                intent.reason() + " (found written in the QMS after an interrupted sync; audited on the retry)",
                intent.cause());
        log.info(
                "QMS record {} of {} found written without its audit entry: audited now",
                intent.externalId(),
                employeeId);
    }

    private static String syncReason(Qualification q, TrainingRecord desired) {
        return "HRIS record " + q.evidence().evidenceId() + " (" + q.code() + ") written to the QMS as "
                + desired.courseCode();
    }

    private static AuditRecord rejected(EmployeeId employeeId, String externalId, String code, String message) {
        return new AuditRecord(
                ACTOR,
                "training-record.rejected",
                "training-record",
                externalId,
                employeeId.value(),
                null,
                Map.of("errorCode", code),
                "the QMS refused the record: " + message,
                null);
    }

    /** The checksum of a record's content as the QMS holds it (ids and modification time aside). */
    static String contentOf(TrainingRecord r) {
        return CanonicalJson.sha256Hex(r.employeeId().value() + "|" + r.courseCode() + "|" + r.completedOn() + "|"
                + r.expiresOn() + "|" + (r.revoked() ? "REVOKED" : "COMPLETE") + "|" + r.dataSource());
    }

    /** Per course the latest completion counts: certified when every such record is valid today. */
    static CertificationStatus certificationStatus(List<TrainingRecord> records, LocalDate today) {
        Map<String, TrainingRecord> latest = new HashMap<>();
        for (TrainingRecord r : records) {
            latest.merge(r.courseCode(), r, (a, b) -> a.completedOn().isAfter(b.completedOn()) ? a : b);
        }
        if (latest.isEmpty()) {
            return CertificationStatus.NOT_CERTIFIED;
        }
        boolean lapsed = latest.values().stream()
                .anyMatch(r ->
                        r.revoked() || (r.expiresOn() != null && r.expiresOn().isBefore(today)));
        return lapsed ? CertificationStatus.LAPSED : CertificationStatus.CERTIFIED;
    }

    /** Canonical code → QMS course code, from the dictionary's {@code qms} column. */
    private Map<QualificationCode, String> courses() {
        return courses(plant);
    }

    static Map<QualificationCode, String> courses(PlantDefinition plant) {
        Map<QualificationCode, String> courses = new HashMap<>();
        plant.current()
                .dictionary()
                .bySystem()
                .getOrDefault("qms", Map.of())
                .forEach((course, code) -> courses.put(code, course));
        return courses;
    }

    /** The QMS record an HRIS qualification becomes: dates are days in the site's zone, an expiry its last valid day. */
    static TrainingRecord desired(
            EmployeeId employeeId,
            String externalId,
            String course,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean revoked,
            ZoneId zone,
            String ownDataSource) {
        return new TrainingRecord(
                null,
                externalId,
                employeeId,
                course,
                completedAt.atZone(zone).toLocalDate(),
                expiresAt == null ? null : expiresAt.minusNanos(1).atZone(zone).toLocalDate(),
                revoked,
                ownDataSource,
                null);
    }

    /** Derived from the source record, so the same HRIS record always lands on the same QMS record. */
    static String externalId(Qualification q) {
        return externalId(q.evidence().source(), q.evidence().sourceRecordId());
    }

    static String externalId(String source, String sourceRecordId) {
        return "QG-" + source + "-" + sourceRecordId;
    }

    private static Map<String, Object> view(TrainingRecord r) {
        return view(r, r.id());
    }

    private static Map<String, Object> view(TrainingRecord r, @Nullable String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("externalId", r.externalId());
        m.put("courseCode", r.courseCode());
        m.put("completedOn", r.completedOn().toString());
        m.put("expiresOn", r.expiresOn() == null ? null : r.expiresOn().toString());
        m.put("status", r.revoked() ? "REVOKED" : "COMPLETE");
        m.put("dataSource", r.dataSource());
        return m;
    }

    private Duration backoff(int attempts) {
        return new Backoff(settings.backoffInitial(), settings.backoffMax()).after(attempts);
    }
}
