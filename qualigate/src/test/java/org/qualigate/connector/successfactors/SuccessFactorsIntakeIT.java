package org.qualigate.connector.successfactors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qualigate.connector.successfactors.SuccessFactorsLearningSourceIT.pullAll;
import static org.qualigate.connector.successfactors.SuccessFactorsLearningSourceIT.recordsOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisSource.PullWindow;
import org.qualigate.connector.SourceRecord;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole path from SuccessFactors Learning to the MES: pulled learning history goes through the intake, the
 * ledger maps the SuccessFactors item ids with the {@code successfactors} dictionary, and the role appears in the
 * SCIM simulator; pulling the same window again changes nothing; a record without credit takes the role away.
 */
class SuccessFactorsIntakeIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    IntakeService intake;

    @Verifies({"URS-INT-004", "URS-SEQ-001", "URS-SEQ-004"})
    @Test
    void pulledLearningHistoryGrantsTheRoleARepullIsHarmlessAndARecordWithoutCreditRevokesIt() {
        clock.set(START);
        String operator = newPerson("BSL");
        Instant approved = Instant.parse("2026-11-19T15:00:00Z");
        for (String course : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            sandbox()
                    .hris()
                    .putCertification(SuccessFactorsSandbox.completion(
                            "TR-" + operator + "-" + course, operator, course, approved));
        }
        SuccessFactorsLearningSource source = new SuccessFactorsLearningSource(
                SuccessFactorsSandbox.settings(sandbox()), clock, Traces.CallRecorder.NONE);
        PullWindow window = new PullWindow(Instant.parse("2026-11-19T00:00:00Z"), START);

        // The first pull brings GMP fundamentals, documentation practice and batch record review: the role follows.
        List<SourceRecord> first = recordsOf(pullAll(source, window), List.of(operator));
        assertThat(first).hasSize(3);
        assertThat(receiveAll(first)).containsOnly(IntakeResult.Outcome.APPLIED);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(operator).contains(REVIEWER));
        assertThat(json(get("/api/v1/people/" + operator)).toString())
                .contains("SF-ITM-BRR600", operator + "/COURSE/SF-ITM-BRR600/");

        // The same window again (the scheduler's overlap, or a retried page) is recognised record by record.
        assertThat(receiveAll(recordsOf(pullAll(source, window), List.of(operator))))
                .containsOnly(IntakeResult.Outcome.DUPLICATE_DELIVERY);

        // The training administrator withdraws batch record review: the record is revised with a no-credit status.
        CertificationRecord review = sandbox()
                .hris()
                .certification("TR-" + operator + "-WD-CERT-6001")
                .orElseThrow();
        clock.set(START.plusSeconds(60));
        sandbox().hris().putCertification(review.next(review.completedOn(), null, START.plusSeconds(30), true));
        List<SourceRecord> revised =
                recordsOf(pullAll(source, new PullWindow(START, START.plusSeconds(60))), List.of(operator));
        assertThat(revised).singleElement().satisfies(r -> {
            assertThat(r.fields().eventType()).isEqualTo("certification.revoked");
            assertThat(r.fields().sourceRecordId()).startsWith(operator + "/COURSE/SF-ITM-BRR600/");
        });
        assertThat(receiveAll(revised)).containsOnly(IntakeResult.Outcome.APPLIED);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !mesGroupsOf(operator).contains(REVIEWER));
    }

    private List<IntakeResult.Outcome> receiveAll(List<SourceRecord> records) {
        return records.stream()
                .map(r -> intake.receiveRecord("successfactors", r).outcome())
                .toList();
    }
}
