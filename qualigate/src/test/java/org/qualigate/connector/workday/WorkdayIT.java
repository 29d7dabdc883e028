package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.workday.OutboundResult;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.qualigate.support.QualigateIT;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Workday over real HTTP against the sandbox tenant: a paged Get_Workers pull of a window, its faults, the RaaS
 * report, and outbound messages, through intake to the ledger and on to the MES.
 */
class WorkdayIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    private WorkdayWorkersSource workers;

    @Autowired
    private WorkdayReportSource report;

    @Autowired
    private WorkdaySettings settings;

    @Autowired
    private IntakeService intake;

    @Verifies({"URS-INT-003", "URS-INT-006", "URS-DI-003"})
    @Test
    void aPagedPullOfAWindowBringsEachPersonsCertificationsWithTheirDaysInTheSiteZone() {
        clock.set(Instant.now());
        Instant from = Instant.now().minusMillis(5);
        String basel = newPerson("BSL");
        String indianapolis = newPerson("IND");
        String singapore = newPerson("SGP");
        put(basel, "WD-CERT-1001", "2026-11-02", "2026-12-10");
        put(basel, "WD-CERT-1002", "2026-11-03", null);
        put(basel, "WD-CERT-6001", "2026-11-04", "2028-11-04");
        put(indianapolis, "WD-CERT-4001", "2026-10-01", "2028-10-01");
        put(singapore, "WD-CERT-5002", "2026-09-15", "2027-09-15");
        Instant through = Instant.now();

        // One worker per page, so the pull has to follow the pages.
        WorkdayWorkersSource paged =
                new WorkdayWorkersSource("workday", withPageSize(1), Clock.systemUTC(), Traces.CallRecorder.NONE);
        List<SourceRecord> pulled = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HrisSource.PullPage page = paged.pull(new HrisSource.PullWindow(from, through), token);
            pulled.addAll(page.records());
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        List<SourceRecord> mine = pulled.stream()
                .filter(r -> List.of(basel, indianapolis, singapore)
                        .contains(r.fields().employeeId()))
                .toList();
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(mine).hasSize(5);
        SourceRecord.CertificationFields gmp = mine.stream()
                .filter(r -> r.fields().certificationId().equals("WD-CERT-1001"))
                .findFirst()
                .orElseThrow()
                .fields();
        assertThat(gmp.completedOn()).isEqualTo("2026-11-02");
        assertThat(gmp.expiresOn()).isEqualTo("2026-12-10");

        // Through intake: the ledger holds them with the expiry at the end of the day, site time.
        for (SourceRecord r : mine) {
            assertThat(intake.receiveRecord("workday", r).outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
        }
        assertThat(expiryOf(basel, "GMP-BASIC")).isEqualTo("2026-12-10T23:00:00Z");
        assertThat(expiryOf(indianapolis, "GRAN-OP")).isEqualTo("2028-10-02T04:00:00Z");
        assertThat(expiryOf(singapore, "SOLVENT-HAZ")).isEqualTo("2027-09-15T16:00:00Z");

        // The Basel operator now meets the QA batch reviewer's set: the MES has the role.
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(basel).contains(REVIEWER));

        // Pulled again (an overlapping window), every record is a harmless duplicate.
        for (SourceRecord r : mine) {
            assertThat(intake.receiveRecord("workday", r).outcome()).isEqualTo(IntakeResult.Outcome.DUPLICATE_DELIVERY);
        }
    }

    @Verifies({"URS-INT-003", "URS-INT-006", "URS-TIM-003"})
    @Test
    void anUpdatedThroughLaterThanWorkdaysClockIsATransientFaultNotALostWindow() {
        Instant now = Instant.now();
        assertThatThrownBy(() ->
                        workers.pull(new HrisSource.PullWindow(now.minusSeconds(60), now.plusSeconds(3600)), null))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("validationError")
                .hasMessageContaining("Updated Through");
    }

    @Verifies({"URS-INT-003", "URS-SEC-003"})
    @Test
    void wrongCredentialsArePermanentAndNameTheIntegrationUserNotThePassword() {
        WorkdaySettings wrong = new WorkdaySettings(
                settings.baseUrl(),
                settings.tenant(),
                settings.username(),
                "not-the-password",
                settings.version(),
                10,
                Duration.ofSeconds(5),
                null,
                null,
                null,
                settings.outbound());
        Instant now = Instant.now();
        assertThatThrownBy(() -> new WorkdayWorkersSource("workday", wrong, Clock.systemUTC(), Traces.CallRecorder.NONE)
                        .pull(new HrisSource.PullWindow(now.minusSeconds(60), now), null))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("integration user")
                .hasMessageNotContaining("not-the-password");
    }

    @Verifies("URS-INT-003")
    @Test
    void theTrainingCompletionsReportIsPulledForTheWindow() {
        clock.set(Instant.now());
        Instant from = Instant.now().minusMillis(5);
        String operator = newPerson("IND");
        CertificationRecord record = put(operator, "WD-CERT-4002", "2026-11-05", "2028-11-05");
        HrisSource.PullPage page = report.pull(new HrisSource.PullWindow(from, Instant.now()), null);

        assertThat(page.nextPageToken()).isNull();
        SourceRecord mine = page.records().stream()
                .filter(r -> r.fields() != null && r.fields().employeeId().equals(operator))
                .findFirst()
                .orElseThrow();
        assertThat(mine.fields().sourceRecordId()).isEqualTo(record.sourceRecordId());
        assertThat(mine.fields().completedOn()).isEqualTo("2026-11-05");
        assertThat(intake.receiveRecord("workday-raas", mine).outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
        assertThat(expiryOf(operator, "PRESS-OP")).isEqualTo("2028-11-06T05:00:00Z");
    }

    @Verifies({"URS-INT-003", "URS-DEV-002", "URS-SEQ-004"})
    @Test
    void anOutboundMessageIsAcceptedWithTheIntegrationUsersCredentialsOnlyAndOnceOnly() {
        clock.set(Instant.now());
        String operator = newPerson("BSL");
        WorkdayTenant tenant = sandbox().workday();
        tenant.outboundTo(uri("/api/v1/hooks/workday"), WorkdayTenant.OUTBOUND_USER, WorkdayTenant.OUTBOUND_PASSWORD);
        CertificationRecord record = put(operator, "WD-CERT-1002", "2026-11-06", "2028-11-06");

        // Wrong password: 401 problem, nothing stored.
        OutboundResult refused = tenant.post(tenant.outboundMessage(record), WorkdayTenant.OUTBOUND_USER, "guess");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(401);
        assertThat(json(get("/api/v1/people/" + operator)).get("qualifications"))
                .isEmpty();

        OutboundResult accepted = tenant.sendOutbound(record);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode event = JSON.readTree(accepted.body()).get("events").get(0);
        assertThat(event.get("outcome").asString()).isEqualTo("applied");
        assertThat(event.get("sourceRecordId").asString()).isEqualTo(record.sourceRecordId());
        assertThat(expiryOf(operator, "GDP-DOC")).isEqualTo("2028-11-06T23:00:00Z");

        // Workday sending the same message again changes nothing.
        OutboundResult again = tenant.sendOutbound(record);
        assertThat(again.status()).isEqualTo(200);
        assertThat(JSON.readTree(again.body())
                        .get("events")
                        .get(0)
                        .get("eventId")
                        .asString())
                .isEqualTo(event.get("eventId").asString());
        assertThat(json(get("/api/v1/people/" + operator)).get("qualifications"))
                .hasSize(1);

        // The same change pulled later is the same record version: a duplicate as well.
        Instant stamped = tenant.lastUpdated(record.sourceRecordId()).orElseThrow();
        List<SourceRecord> pulled = workers.pull(new HrisSource.PullWindow(stamped.minusMillis(1), Instant.now()), null)
                .records();
        SourceRecord same = pulled.stream()
                .filter(r -> r.fields().sourceRecordId().equals(record.sourceRecordId()))
                .findFirst()
                .orElseThrow();
        assertThat(intake.receiveRecord("workday", same).outcome()).isEqualTo(IntakeResult.Outcome.DUPLICATE_DELIVERY);
    }

    @Verifies({"URS-INT-003", "URS-INT-002"})
    @Test
    void aMalformedOutboundMessageIsKeptAsRejectedWithAProblemNamingTheElement() {
        WorkdayTenant tenant = sandbox().workday();
        tenant.outboundTo(uri("/api/v1/hooks/workday"), WorkdayTenant.OUTBOUND_USER, WorkdayTenant.OUTBOUND_PASSWORD);
        OutboundResult answer = tenant.post(
                ("<env:Envelope xmlns:env='http://schemas.xmlsoap.org/soap/envelope/'><env:Body>" + UUID.randomUUID())
                        .getBytes(StandardCharsets.UTF_8),
                WorkdayTenant.OUTBOUND_USER,
                WorkdayTenant.OUTBOUND_PASSWORD);
        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.toString()).contains("body").contains("not well-formed XML");
        assertThat(problem.get("keptForReview").asBoolean()).isTrue();
        JsonNode stored =
                json(get("/api/v1/inbound-events/" + problem.get("eventId").asString()));
        assertThat(stored.get("outcome").asString()).isEqualTo("rejected");
        assertThat(stored.get("field").asString()).isEqualTo("body");
    }

    // ---------------------------------------------------------------------------------------------------------

    private CertificationRecord put(String employeeId, String certificationId, String completed, String expires) {
        CertificationRecord r = new CertificationRecord(
                "TR-" + UUID.randomUUID().toString().substring(0, 8),
                employeeId,
                certificationId,
                "Certification " + certificationId,
                1,
                LocalDate.parse(completed),
                expires,
                "TC-0042",
                Instant.parse(completed + "T15:00:00Z"),
                1,
                false);
        sandbox().hris().putCertification(r);
        return r;
    }

    private WorkdaySettings withPageSize(int pageSize) {
        return new WorkdaySettings(
                settings.baseUrl(),
                settings.tenant(),
                settings.username(),
                settings.password(),
                settings.version(),
                pageSize,
                Duration.ofSeconds(10),
                settings.reportPath(),
                settings.report(),
                settings.lineOrganizationType(),
                settings.outbound());
    }

    private String expiryOf(String employeeId, String code) {
        for (JsonNode q : json(get("/api/v1/people/" + employeeId)).get("qualifications")) {
            if (q.get("code").asString().equals(code)) {
                return q.get("expiresAt").asString();
            }
        }
        throw new AssertionError("no " + code + " for " + employeeId);
    }
}
