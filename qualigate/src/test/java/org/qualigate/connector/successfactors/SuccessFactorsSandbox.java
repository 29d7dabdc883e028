package org.qualigate.connector.successfactors;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.Worker;
import org.qualigate.sandbox.successfactors.SuccessFactorsSimulator;

/** Fixtures for tests against the sandbox's SuccessFactors simulator. */
final class SuccessFactorsSandbox {

    private SuccessFactorsSandbox() {}

    static SuccessFactorsSettings settings(Sandbox sandbox) {
        return settings(sandbox, SuccessFactorsSimulator.PASSWORD, false, 3);
    }

    static SuccessFactorsSettings settings(Sandbox sandbox, String password, boolean changedUsersOnly, int retries) {
        return new SuccessFactorsSettings(
                "successfactors",
                sandbox.successFactorsBaseUri(),
                sandbox.successFactorsBaseUri(),
                SuccessFactorsSimulator.COMPANY_ID,
                SuccessFactorsSimulator.USERNAME,
                password,
                null,
                100,
                changedUsersOnly,
                CompletionStatuses.DEFAULT,
                Duration.ofSeconds(5),
                retries,
                Duration.ofSeconds(5),
                learningAuth());
    }

    /** The Learning API's own OAuth client in the sandbox tenant. */
    static SuccessFactorsSettings.LearningAuth learningAuth() {
        return new SuccessFactorsSettings.LearningAuth(
                SuccessFactorsSimulator.COMPANY_ID,
                SuccessFactorsSimulator.LEARNING_CLIENT_SECRET,
                SuccessFactorsSimulator.LEARNING_ADMIN,
                "admin",
                null);
    }

    static Worker worker(String id, String site, String status, String supervisor) {
        return new Worker(
                id,
                "Test",
                "Learner " + id,
                id.toLowerCase() + "@plant.example",
                site,
                supervisor,
                status,
                LocalDate.parse("2024-01-15"),
                "Operator");
    }

    /** A completed certification of the Workday catalogue id, approved (and so revised in the LMS) at {@code at}. */
    static CertificationRecord completion(String recordId, String employeeId, String workdayId, Instant at) {
        return new CertificationRecord(
                recordId,
                employeeId,
                workdayId,
                "Test certification " + workdayId,
                1,
                LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).minusDays(1),
                null,
                "TC-0042",
                at,
                1,
                false);
    }
}
