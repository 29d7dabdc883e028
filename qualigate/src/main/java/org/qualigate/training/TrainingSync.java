package org.qualigate.training;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Site;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.CertificationStatus;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.faults.CrashPoints;
import org.qualigate.jobs.Backoff;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.QualificationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one person's training records in the QMS up to date, level-triggered: reads the person's
 * HRIS-owned qualifications and the QMS's records at execution time and writes only the difference, so
 * retries and duplicates are harmless. A record the QMS owns (data source {@code MANUAL}, {@code TRACKWISE}
 * or another configured owner) is never written: an HRIS record that would overwrite it, or that names a
 * course the QMS already holds under its own authority, is listed for review instead. A record the QMS
 * refuses is listed with the QMS's own message and not sent again until its content changes. Then the
 * certification status on the user profile is set, and the item is kept for the next expiry.
 */
class TrainingSync {

    private static final Logger log = LoggerFactory.getLogger(TrainingSync.class);
    static final String ACTOR = "system:training-sync";

    private final TrainingTarget qms;
    private final TrainingSyncParts p;
    private final TrainingRecordWrites writes;

    TrainingSync(TrainingTarget qms, TrainingSyncParts parts, CrashPoints crash) {
        this.qms = qms;
        this.p = parts;
        this.writes = new TrainingRecordWrites(qms, parts, crash);
    }

    /**
     * This sync against another QMS or with other crash points, everything else the same (its owners, data
     * source, queue and collaborators): how a fault test puts a failing or crashing QMS in the path.
     */
    public TrainingSync with(TrainingTarget target, CrashPoints crashPoints) {
        return new TrainingSync(target, p, crashPoints);
    }

    /** Works the due items; returns how many were worked. */
    public int workDue() {
        List<TrainingQueue.Lease> leases =
                p.queue().lease(p.settings().batchSize(), p.settings().lease());
        for (TrainingQueue.Lease lease : leases) {
            work(lease);
        }
        return leases.size();
    }

    private void work(TrainingQueue.Lease lease) {
        TrainingQueue queue = p.queue();
        try {
            Instant next = sync(lease.employeeId());
            queue.complete(lease, next);
        } catch (TargetException e) {
            if (e.isHeldBack()) {
                // not called at all (the org's API limit pauses everyone): not an attempt of this person's
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
                queue.postpone(lease, p.clock().instant().plus(wait), e.getMessage());
                return;
            }
            if (e.isTransient() && lease.attempts() + 1 < p.settings().maxAttempts()) {
                Duration wait = e.retryAfter().orElseGet(() -> backoff(lease.attempts()));
                queue.retry(lease, p.clock().instant().plus(wait), e.getMessage());
                log.info("QMS sync of {} will be tried again in {}: {}", lease.employeeId(), wait, e.getMessage());
            } else {
                giveUp(lease, e.getMessage());
            }
        } catch (RuntimeException e) {
            // a bug or a state the code does not expect: retried a bounded number of times, then given up with
            // its reason on the review list (FAILED, replayable), never retried forever
            int attempt = lease.attempts() + 1;
            log.error("QMS sync of {} failed (attempt {})", lease.employeeId(), attempt, e);
            if (attempt >= p.settings().maxInternalErrors()) {
                giveUp(lease, "internal error in " + attempt + " attempts: " + e);
            } else {
                queue.retry(lease, p.clock().instant().plus(backoff(lease.attempts())), String.valueOf(e));
            }
        }
    }

    private void giveUp(TrainingQueue.Lease lease, @Nullable String message) {
        String reason = message == null ? "failed" : message;
        p.tx().executeWithoutResult(status -> {
            p.queue().giveUp(lease);
            p.reviews()
                    .add(
                            TrainingReviews.Kind.FAILED,
                            lease.employeeId(),
                            "person:" + lease.employeeId().value(),
                            null,
                            null,
                            CanonicalJson.sha256Hex(reason + "@" + p.clock().instant()),
                            null,
                            reason,
                            List.of(),
                            null);
            p.audit()
                    .append(new AuditRecord(
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
        Optional<Person> person = p.persons().find(employeeId);
        if (person.isEmpty()) {
            return null;
        }
        String site = person.get().site();
        ZoneId zone = p.plant().current().site(site).map(Site::zone).orElse(ZoneId.of("UTC"));
        boolean observe = p.modes().of(site) == TrainingModes.Mode.OBSERVE;
        Map<QualificationCode, String> courses = TrainingRecords.courses(p.plant());
        List<TrainingRecord> inQms = new ArrayList<>(qms.recordsOf(employeeId));
        TrainingRecordWrites.Scope scope =
                new TrainingRecordWrites.Scope(inQms, site, observe, p.intents().of(employeeId));
        // observations are the latest computation: an enforced sync leaves none, an observed one a fresh set
        p.tx().executeWithoutResult(s -> p.observations().clear(employeeId));
        Instant now = p.clock().instant();
        for (Qualification q : p.qualifications().of(employeeId)) {
            if (q.authority() != Qualification.Authority.HRIS) {
                continue;
            }
            String course = courses.get(q.code());
            if (course == null) {
                continue; // not a QMS course: nothing to write
            }
            TrainingRecord desired = TrainingRecords.desired(
                    employeeId,
                    TrainingRecords.externalId(q),
                    course,
                    q.completedAt(),
                    qms.holdsExpiry() ? q.expiresAt() : null,
                    q.status() == Qualification.Status.REVOKED,
                    zone,
                    p.ownDataSource());
            writes.writeOne(q, desired, scope);
        }
        CertificationStatus status =
                TrainingRecords.certificationStatus(inQms, now.atZone(zone).toLocalDate());
        if (!qms.holdsCertificationStatus()) {
            return observe ? null : TrainingRecords.nextExpiry(inQms, zone, now);
        }
        if (observe) {
            observeStatus(employeeId, site, status);
            return null;
        }
        updateStatus(employeeId, status);
        return TrainingRecords.nextExpiry(inQms, zone, now);
    }

    /** Observe mode: notes the certification status the QMS would be given, when it shows another. */
    private void observeStatus(EmployeeId employeeId, String site, CertificationStatus status) {
        Optional<CertificationStatus> shown = qms.certificationStatusOf(employeeId);
        if (shown.isEmpty() || shown.get() != status) {
            p.tx().executeWithoutResult(s -> p.observations()
                    .record(
                            site,
                            employeeId,
                            "user:" + employeeId.value(),
                            TrainingObservations.Action.CERTIFICATION_STATUS,
                            shown.map(v -> Map.<String, Object>of("certificationStatus", v.name()))
                                    .orElse(null),
                            Map.of("certificationStatus", status.name())));
        }
    }

    /** Sets the certification status on the QMS user profile; a person without a profile goes on the review list. */
    private void updateStatus(EmployeeId employeeId, CertificationStatus status) {
        TrainingTarget.StatusUpdate update = qms.updateCertificationStatus(employeeId, status);
        if (update == TrainingTarget.StatusUpdate.UPDATED) {
            p.tx().executeWithoutResult(s -> p.audit()
                    .append(new AuditRecord(
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
            String why = "the QMS has no user profile for employee " + employeeId;
            p.tx().executeWithoutResult(s -> {
                if (p.reviews()
                        .add(
                                TrainingReviews.Kind.REJECTED,
                                employeeId,
                                "user:" + employeeId.value(),
                                null,
                                null,
                                CanonicalJson.sha256Hex(status.name()),
                                "NO_USER",
                                why,
                                List.of(),
                                null)) {
                    p.audit()
                            .append(TrainingRecordWrites.rejected(
                                    employeeId, "user:" + employeeId.value(), "NO_USER", why));
                }
            });
        }
    }

    private Duration backoff(int attempts) {
        return new Backoff(p.settings().backoffInitial(), p.settings().backoffMax()).after(attempts);
    }
}
