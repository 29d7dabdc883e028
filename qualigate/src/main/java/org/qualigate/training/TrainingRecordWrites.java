package org.qualigate.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.connector.TrainingTarget.UpsertOutcome;
import org.qualigate.faults.CrashPoints;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Qualification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one HRIS qualification's QMS record, if it must be written: a record the QMS owns is listed for review
 * (and a disagreement opened as a conflict) instead, a record already as desired is left alone, one the QMS
 * refused before is not sent again, observe mode only notes the write. A write is preceded by its intent and
 * followed by its audit entry.
 */
final class TrainingRecordWrites {

    private static final Logger log = LoggerFactory.getLogger(TrainingRecordWrites.class);

    private final TrainingTarget qms;
    private final TrainingSyncParts p;
    private final CrashPoints crash;

    TrainingRecordWrites(TrainingTarget qms, TrainingSyncParts parts, CrashPoints crash) {
        this.qms = qms;
        this.p = parts;
        this.crash = crash;
    }

    /** One person's write in context: the QMS's records (updated as written), the site and its mode. */
    record Scope(
            List<TrainingRecord> inQms,
            String site,
            boolean observe,
            Map<String, TrainingWriteIntents.Intent> unaudited) {}

    void writeOne(Qualification q, TrainingRecord desired, Scope scope) {
        String externalId = desired.externalId();
        String content = CanonicalJson.sha256Hex(desired.toString().replace(desired.externalId(), ""));
        Optional<TrainingRecord> existing = scope.inQms().stream()
                .filter(r -> externalId.equals(r.externalId()))
                .findFirst();
        Optional<TrainingRecord> owned = ownedBy(desired, existing, scope.inQms(), content);
        if (owned.isPresent()) {
            heldForAuthority(q, desired, existing.isPresent(), owned.get(), content, scope.site());
            return;
        }
        if (existing.isPresent() && existing.get().sameContentAs(desired)) {
            TrainingWriteIntents.Intent intent = scope.unaudited().get(externalId);
            if (intent != null && intent.contentSha256().equals(content)) {
                foundWritten(desired.employeeId(), intent, existing.get());
            }
            return;
        }
        if (p.reviews().rejectedBefore(externalId, content)) {
            return; // the QMS refused exactly this before; it is on the review list until the record changes
        }
        if (scope.observe()) {
            observed(desired, existing, scope);
            return;
        }
        write(q, desired, existing, content, scope.inQms());
    }

    /** The QMS's own record this one would overwrite or duplicate, unless a reviewer chose the HRIS's version. */
    private Optional<TrainingRecord> ownedBy(
            TrainingRecord desired, Optional<TrainingRecord> existing, List<TrainingRecord> inQms, String content) {
        String externalId = desired.externalId();
        Optional<TrainingRecord> owned = existing.filter(r -> p.owners().contains(r.dataSource()))
                .or(() -> inQms.stream()
                        .filter(r -> p.owners().contains(r.dataSource())
                                && r.courseCode().equals(desired.courseCode())
                                && !externalId.equals(r.externalId()))
                        .findFirst());
        boolean sameExternalId =
                existing.filter(r -> p.owners().contains(r.dataSource())).isPresent();
        if (owned.isPresent()
                && !sameExternalId
                && !TrainingConflicts.differences(desired, owned.get()).isEmpty()
                && p.conflicts()
                        .keptHris(
                                desired.employeeId(),
                                desired.courseCode(),
                                content,
                                TrainingRecords.contentOf(owned.get()))) {
            // a reviewer chose the HRIS version of this pair: it is written as Qualigate's own record, the QMS's
            // record stays as it is
            return Optional.empty();
        }
        return owned;
    }

    private void heldForAuthority(
            Qualification q, TrainingRecord desired, boolean sameId, TrainingRecord o, String content, String site) {
        EmployeeId employeeId = desired.employeeId();
        String externalId = desired.externalId();
        List<String> differences = TrainingConflicts.differences(desired, o);
        if (!differences.isEmpty()) {
            p.tx().executeWithoutResult(s -> p.conflicts()
                    .open(
                            site,
                            q.code().value(),
                            desired,
                            "HRIS record " + q.evidence().evidenceId() + " (event "
                                    + q.evidence().eventId() + ")",
                            content,
                            o,
                            TrainingRecords.contentOf(o),
                            q.evidence().eventId().toString()));
        }
        String message = "the QMS owns " + (sameId ? "the record " : "a record of course ")
                + desired.courseCode() + " for " + employeeId + " (" + o.id() + ", data source "
                + o.dataSource() + ", completed " + o.completedOn() + "); HRIS record "
                + q.evidence().evidenceId() + " completed " + desired.completedOn() + " is not written";
        p.tx().executeWithoutResult(s -> {
            if (p.reviews()
                    .add(
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
                p.audit()
                        .append(new AuditRecord(
                                TrainingSync.ACTOR,
                                "training-record.skipped-authority",
                                "training-record",
                                externalId,
                                employeeId.value(),
                                TrainingRecords.view(o),
                                TrainingRecords.view(desired),
                                message,
                                q.evidence().eventId().toString()));
            }
        });
    }

    private void observed(TrainingRecord desired, Optional<TrainingRecord> existing, Scope scope) {
        p.tx().executeWithoutResult(s -> p.observations()
                .record(
                        scope.site(),
                        desired.employeeId(),
                        desired.externalId(),
                        existing.isPresent() ? TrainingObservations.Action.UPDATE : TrainingObservations.Action.CREATE,
                        existing.map(TrainingRecords::view).orElse(null),
                        TrainingRecords.view(desired, null)));
        existing.ifPresent(scope.inQms()::remove);
        scope.inQms().add(desired);
    }

    private void write(
            Qualification q,
            TrainingRecord desired,
            Optional<TrainingRecord> existing,
            String content,
            List<TrainingRecord> inQms) {
        EmployeeId employeeId = desired.employeeId();
        String externalId = desired.externalId();
        // The intent is committed before the call, so a crash between the QMS's answer and the audit entry is
        // repaired by the next sync, which finds the record written (foundWritten).
        p.intents()
                .record(
                        employeeId,
                        new TrainingWriteIntents.Intent(
                                externalId,
                                content,
                                existing.map(TrainingRecords::view).orElse(null),
                                TrainingRecords.view(desired, null),
                                syncReason(q, desired),
                                q.evidence().eventId().toString()));
        UpsertOutcome outcome = qms.upsert(desired);
        if (!(outcome instanceof UpsertOutcome.Rejected)) {
            crash.reached(CrashPoints.Point.AFTER_QMS_WRITE);
        }
        switch (outcome) {
            case UpsertOutcome.Rejected r -> refused(q, desired, existing, content, r);
            case UpsertOutcome.Created c -> synced(q, desired, existing, c.id(), inQms);
            case UpsertOutcome.Updated u -> synced(q, desired, existing, u.id(), inQms);
        }
    }

    private void refused(
            Qualification q,
            TrainingRecord desired,
            Optional<TrainingRecord> existing,
            String content,
            UpsertOutcome.Rejected r) {
        EmployeeId employeeId = desired.employeeId();
        String externalId = desired.externalId();
        p.tx().executeWithoutResult(s -> {
            p.intents().done(externalId);
            if (p.reviews()
                    .add(
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
                p.audit().append(rejected(employeeId, externalId, r.errorCode(), r.message()));
            }
        });
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
                existing.map(TrainingRecords::view).orElse(null),
                TrainingRecords.view(desired, id),
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
        p.tx().executeWithoutResult(s -> {
            p.intents().done(externalId);
            p.audit()
                    .append(new AuditRecord(
                            TrainingSync.ACTOR,
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

    static AuditRecord rejected(EmployeeId employeeId, String externalId, String code, String message) {
        return new AuditRecord(
                TrainingSync.ACTOR,
                "training-record.rejected",
                "training-record",
                externalId,
                employeeId.value(),
                null,
                Map.of("errorCode", code),
                "the QMS refused the record: " + message,
                null);
    }
}
