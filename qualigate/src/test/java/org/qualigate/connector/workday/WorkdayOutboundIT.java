package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.workday.OutboundResult;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Workday's outbound messages as Workday sends them, posted by the sandbox's tenant to the running service: removals
 * written 1/0, messages without a transaction log ordered by their event's moment, retries, a late older message,
 * and thin event notifications answered by reading the worker back with {@code Get_Workers}.
 */
class WorkdayOutboundIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    private Qualifications qualifications;

    private WorkdayTenant tenant;

    @BeforeEach
    void sendToThisService() {
        clock.set(Instant.now());
        tenant = sandbox().workday();
        tenant.outboundTo(uri("/api/v1/hooks/workday"), WorkdayTenant.OUTBOUND_USER, WorkdayTenant.OUTBOUND_PASSWORD);
    }

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Verifies({"URS-INT-053", "URS-INT-009"})
    @Test
    void aRemovalWritten1RevokesTheCertificationAndTheRoleItJustified() {
        String person = newPerson("BSL");
        CertificationRecord gmp = inHris(person, "WD-CERT-1001");
        inHris(person, "WD-CERT-1002");
        CertificationRecord sop = inHris(person, "WD-CERT-6001");
        for (CertificationRecord r : sandbox().hris().certifications(person)) {
            assertThat(tenant.sendOutbound(r).status()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(REVIEWER));

        CertificationRecord removed = sop.next(sop.completedOn(), sop.expiresOn(), Instant.now(), true);
        sandbox().hris().putCertification(removed);
        OutboundResult answer = tenant.sendOutbound(removed, WorkdayTenant.OutboundShape.WITHOUT_LOG);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(new String(tenant.outboundMessage(removed, WorkdayTenant.OutboundShape.WITHOUT_LOG)))
                .contains("<wd:Remove_Certification>1</wd:Remove_Certification>");
        assertThat(qualifications
                        .bySourceRecord("workday", sop.sourceRecordId())
                        .orElseThrow()
                        .status())
                .isEqualTo(Qualification.Status.REVOKED);
        assertThat(qualifications
                        .bySourceRecord("workday", gmp.sourceRecordId())
                        .orElseThrow()
                        .status())
                .isEqualTo(Qualification.Status.VALID);
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));
    }

    @Verifies({"URS-INT-053", "URS-SEQ-004"})
    @Test
    void aSendersRetriesOfAMessageWithoutTransactionLogAreOneVersion() {
        String person = newPerson("BSL");
        CertificationRecord r = inHris(person, "WD-CERT-1002");

        OutboundResult first = tenant.sendOutbound(r, WorkdayTenant.OutboundShape.WITHOUT_LOG);
        OutboundResult second = tenant.sendOutbound(r, WorkdayTenant.OutboundShape.WITHOUT_LOG);
        OutboundResult third = tenant.sendOutbound(r, WorkdayTenant.OutboundShape.WITHOUT_LOG);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(200);
        Qualification q =
                qualifications.bySourceRecord("workday", r.sourceRecordId()).orElseThrow();
        assertThat(qualifications.history(q.id())).hasSize(1);
        // the version is the event's own moment, as the tenant logged the change, not when it was received
        assertThat(q.sourceVersion())
                .isEqualTo(tenant.lastUpdated(r.sourceRecordId()).orElseThrow().toEpochMilli());
    }

    @Verifies({"URS-INT-053", "URS-SEQ-004"})
    @Test
    void anOlderMessageDeliveredLateNeverOverwritesTheNewerState() {
        String person = newPerson("BSL");
        CertificationRecord first = inHris(person, "WD-CERT-1002");
        byte[] older = tenant.outboundMessage(first, WorkdayTenant.OutboundShape.WITHOUT_LOG);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Instant.now()
                        .isAfter(tenant.lastUpdated(first.sourceRecordId())
                                .orElseThrow()
                                .plusMillis(5)));
        CertificationRecord renewed = first.next(LocalDate.parse("2026-11-15"), "2029-11-15", Instant.now(), false);
        sandbox().hris().putCertification(renewed);
        assertThat(tenant.sendOutbound(renewed, WorkdayTenant.OutboundShape.WITHOUT_LOG)
                        .status())
                .isEqualTo(202);

        OutboundResult late = tenant.post(older, WorkdayTenant.OUTBOUND_USER, WorkdayTenant.OUTBOUND_PASSWORD);

        assertThat(late.status()).isEqualTo(202);
        assertThat(JSON.readTree(late.body())
                        .get("events")
                        .get(0)
                        .get("outcome")
                        .asString())
                .isEqualTo("stale");
        Qualification q =
                qualifications.bySourceRecord("workday", first.sourceRecordId()).orElseThrow();
        assertThat(q.completedOriginal()).isEqualTo("2026-11-15");
        assertThat(q.expiresOriginal()).isEqualTo("2029-11-15");
    }

    @Verifies({"URS-INT-053", "URS-INT-001"})
    @Test
    void aThinNotificationIsAnsweredByReadingTheWorkerBack() {
        String person = newPerson("BSL");
        CertificationRecord r = inHris(person, "WD-CERT-1001");

        OutboundResult answer = tenant.sendOutbound(r, WorkdayTenant.OutboundShape.THIN);

        assertThat(answer.status()).isEqualTo(202);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("readBack").get(0).get("worker").asString()).isEqualTo("Employee_ID " + person);
        assertThat(body.get("events").get(0).get("outcome").asString()).isEqualTo("applied");
        assertThat(qualifications.bySourceRecord("workday", r.sourceRecordId())).isPresent();
        // the same notification again reads the same state: nothing new
        assertThat(tenant.sendOutbound(r, WorkdayTenant.OutboundShape.THIN).status())
                .isEqualTo(200);
    }

    @Verifies({"URS-INT-053", "URS-INT-001"})
    @Test
    void aThinNotificationThatCannotBeReadBackIsNotAcknowledgedAndStoresNothing() {
        String person = newPerson("BSL");
        CertificationRecord r = inHris(person, "WD-CERT-1001");
        sandbox().faults().inject(Fault.error("workday", "POST /Human_Resources", 500, 1));

        OutboundResult answer = tenant.sendOutbound(r, WorkdayTenant.OutboundShape.THIN);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).contains(person);
        assertThat(qualifications.bySourceRecord("workday", r.sourceRecordId())).isEmpty();
        // Workday sends it again: now it is read back
        assertThat(tenant.sendOutbound(r, WorkdayTenant.OutboundShape.THIN).status())
                .isEqualTo(202);
        assertThat(qualifications.bySourceRecord("workday", r.sourceRecordId())).isPresent();
    }
}
