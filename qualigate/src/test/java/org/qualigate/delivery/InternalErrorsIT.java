package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * An error in the service's own code while delivering (a bug, not the target) is retried a bounded number of
 * times, then the item is a dead letter with the error as its reason; once the cause is fixed an operator
 * replays it and the role arrives.
 */
class InternalErrorsIT extends OwnWorkerIT {

    @Verifies({"URS-BCP-038", "URS-BCP-003"})
    @Test
    void anInternalErrorEndsInTheDeadLettersAfterTheLimitAndAReplayDeliversOnceFixed() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());

        DeliveryWorker broken = workerOn(
                mesReading(person, id -> {
                    throw new IllegalStateException("the adapter broke on " + person);
                }),
                settings);
        for (int attempt = 1; attempt <= settings.maxInternalErrors(); attempt++) {
            assertThat(broken.drain()).as("attempt " + attempt).isEqualTo(1);
            clock.advance(settings.backoffMax().plusSeconds(1));
        }
        assertThat(broken.drain()).as("nothing left to retry").isZero();
        assertThat(backlogFor(List.of(person))).isZero();

        JsonNode letter = openLetterFor(person);
        assertThat(letter).isNotNull();
        assertThat(letter.get("reason").asString())
                .contains("internal error in " + settings.maxInternalErrors() + " attempts")
                .contains("the adapter broke");
        assertThat(letter.get("attempts").asInt()).isEqualTo(settings.maxInternalErrors());
        assertThat(mesGroupsOf(person)).doesNotContain("BSL.QA.BATCH_REVIEWER");

        var replay = postAs("admin", "/api/v1/dead-letters/" + letter.get("id").asString() + "/replay", "");
        assertThat(replay.statusCode()).isEqualTo(200);
        worker.drain();
        assertThat(mesGroupsOf(person)).contains("BSL.QA.BATCH_REVIEWER");
        assertThat(backlogFor(List.of(person))).isZero();
    }

    private JsonNode openLetterFor(String person) {
        for (JsonNode l : json(get("/api/v1/dead-letters")).get("deadLetters")) {
            if (l.get("employeeId").asString().equals(person)) {
                return l;
            }
        }
        return null;
    }
}
