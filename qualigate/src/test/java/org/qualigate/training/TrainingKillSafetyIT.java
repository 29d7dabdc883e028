package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.qms.SalesforceQms;
import org.qualigate.faults.CrashPoints;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.support.SimulatedCrash;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The QMS sync when the process dies or the code fails: a crash after the QMS took a record and before its
 * audit entry is repaired by the next sync, which finds the record written and audits it with its original
 * cause; an internal error is retried a bounded number of times, then the person waits on the review list
 * (FAILED) until an administrator sends them through again.
 */
class TrainingKillSafetyIT extends DrivenWorkersIT {

    @Autowired
    TrainingSync sync;

    @Autowired
    SalesforceQms qms;

    @Autowired
    TrainingQueue queue;

    @Autowired
    TrainingReviews reviews;

    @Autowired
    AuditTrail audit;

    @Autowired
    TrainingSyncSettings settings;

    @Autowired
    TrainingWriteIntents intents;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void nothingElseIsDue() {
        clock.set(START);
        // what earlier tests left in the queue is worked now, so the test's own item is the only one due
        while (sync.workDue() > 0) {
            // keep going
        }
    }

    @Verifies({"URS-DI-036", "URS-AUD-001"})
    @Test
    void aCrashBetweenTheQmsWriteAndItsAuditEntryIsAuditedWithTheOriginalCauseOnTheRetry() {
        String person = newPerson("BSL");
        Event gmp = certification(person, "WD-CERT-1001");
        var accepted = hook(gmp.json());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String eventId = json(accepted).get("eventId").asString();
        String externalId = "QG-hris-" + gmp.sourceRecordId();

        TrainingSync crashing = sync.with(qms, CrashPoints.armed(CrashPoints.Point.AFTER_QMS_WRITE, 1, () -> {
            throw new SimulatedCrash("after-qms-write");
        }));
        assertThatThrownBy(crashing::workDue).isInstanceOf(SimulatedCrash.class);

        // the QMS holds the record; the trail says nothing of it yet, but the intent is on record
        assertThat(sandbox().qms().byExternalId(externalId)).isPresent();
        assertThat(synced(person)).isEmpty();
        assertThat(intents.of(EmployeeId.of(person))).containsKey(externalId);

        // the crashed worker's lease runs out; the next sync finds the record written and audits it
        clock.advance(settings.lease().plus(Duration.ofSeconds(1)));
        assertThat(sync.workDue()).isEqualTo(1);

        JsonNode entries = synced(person);
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.get("entityId").asString()).isEqualTo(externalId);
        assertThat(entry.get("correlationId").asString()).isEqualTo(eventId);
        assertThat(entry.get("reason").asString())
                .contains(gmp.sourceRecordId())
                .contains("found written");
        assertThat(sandbox().qms().upsertAttempts(externalId))
                .as("written once, not again")
                .isEqualTo(1);
        assertThat(intents.of(EmployeeId.of(person))).isEmpty();
        assertThat(queue.pending(EmployeeId.of(person))).isEmpty();
    }

    @Verifies("URS-BCP-038")
    @Test
    void anInternalErrorIsRetriedABoundedNumberOfTimesThenKeptForReviewAndCanBeReplayed() {
        String person = newPerson("BSL");
        Event gmp = certification(person, "WD-CERT-1001");
        assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);
        String externalId = "QG-hris-" + gmp.sourceRecordId();

        TrainingSync failing = sync.with(brokenFor(person), CrashPoints.none());
        for (int attempt = 1; attempt <= settings.maxInternalErrors(); attempt++) {
            assertThat(failing.workDue()).as("attempt " + attempt).isEqualTo(1);
            clock.advance(settings.backoffMax().plusSeconds(1));
        }
        assertThat(failing.workDue()).as("nothing left to retry").isZero();
        assertThat(queue.pending(EmployeeId.of(person))).isEmpty();

        List<TrainingReviews.Entry> failed = reviews.list(person).stream()
                .filter(r -> r.kind().equals("FAILED"))
                .toList();
        assertThat(failed).hasSize(1);
        assertThat((String) failed.getFirst().message())
                .contains("internal error in " + settings.maxInternalErrors() + " attempts")
                .contains("the QMS adapter broke");
        assertThat(json(get("/api/v1/audit?employeeId=" + person + "&action=training-record.failed"))
                        .get("entries"))
                .hasSize(1);

        // an administrator sends the person through again once the cause is fixed; twice changes nothing more
        UUID id = failed.getFirst().id();
        assertThat(postAs(USER, "/api/v1/review/training-records/" + id + "/replay", "")
                        .statusCode())
                .isEqualTo(403);
        var replayed = postAs("admin", "/api/v1/review/training-records/" + id + "/replay", "");
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(json(replayed).get("replayed").asBoolean()).isTrue();
        assertThat(json(postAs("admin", "/api/v1/review/training-records/" + id + "/replay", ""))
                        .get("replayed")
                        .asBoolean())
                .isFalse();

        assertThat(sync.workDue()).isEqualTo(1);
        assertThat(sandbox().qms().byExternalId(externalId)).isPresent();
        assertThat(synced(person)).hasSize(1);
        assertThat(json(get("/api/v1/audit?employeeId=" + person + "&action=training-record.replayed"))
                        .get("entries"))
                .hasSize(1);
    }

    private JsonNode synced(String person) {
        return json(get("/api/v1/audit?employeeId=" + person + "&action=training-record.synced"))
                .get("entries");
    }

    /** The QMS, except that reading this person's records fails with an error no adapter should raise. */
    private TrainingTarget brokenFor(String person) {
        return new TrainingTarget() {
            @Override
            public String name() {
                return qms.name();
            }

            @Override
            public List<TrainingRecord> recordsOf(EmployeeId employeeId) {
                if (employeeId.value().equals(person)) {
                    throw new IllegalStateException("the QMS adapter broke on " + person);
                }
                return qms.recordsOf(employeeId);
            }

            @Override
            public UpsertOutcome upsert(TrainingRecord record) {
                return qms.upsert(record);
            }

            @Override
            public StatusUpdate updateCertificationStatus(EmployeeId employeeId, CertificationStatus status) {
                return qms.updateCertificationStatus(employeeId, status);
            }
        };
    }
}
